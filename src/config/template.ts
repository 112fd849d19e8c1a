/**
 * The commented config file `bhyt init` writes: every key with its default and one line
 * saying what it does, in Vietnamese with an English gloss, so that an office user can
 * set up a scheduled run by editing it in Notepad.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_DEFAULTS, ConfigError, type ConfigKey } from './schema.js';

/** Values to write instead of the examples (answers given to `bhyt init`). */
export interface TemplateOptions {
  rosters?: string;
  cards?: string | string[];
  outDir?: string;
  office?: string;
  place?: string;
  lang?: 'vi' | 'en';
}

interface TemplateEntry {
  key: ConfigKey;
  comment: string[];
  value: unknown;
  /** Written as a comment, for the user to switch on, when the key has no default. */
  switchedOff?: boolean;
}

const HEADER = [
  '// Cấu hình bhyt (bhyt configuration).',
  '// Dòng bắt đầu bằng // là ghi chú, bhyt bỏ qua. Xóa // ở đầu một dòng "khóa": giá trị để dùng dòng đó.',
  '// (Lines starting with // are notes. Remove the // before a "key": value line to use it.)',
  '//',
  '// Đường dẫn: dùng dấu / như "D:/BHYT/danh-sach", hoặc viết \\ hai lần như "D:\\\\BHYT\\\\danh-sach".',
  '// Thư mục mạng: "//may-chu/chung/BHYT". Đường dẫn tương đối tính từ thư mục chứa tệp này.',
  '// (Paths: use / or write each \\ twice. Relative paths start from the folder of this file.)',
  '// Tùy chọn trên dòng lệnh (--out, --as-of, ...) được ưu tiên hơn tệp này.',
  '// (Command-line options override this file.)',
];

function templateEntries(options: TemplateOptions): TemplateEntry[] {
  return [
    {
      key: 'rosters',
      comment: [
        'Thư mục (đọc cả thư mục con) hoặc tệp danh sách học sinh. Ví dụ: "D:/BHYT/danh-sach"',
        '(Roster folder, read with its subfolders, or a roster file.)',
      ],
      value: options.rosters ?? 'danh-sach',
    },
    {
      key: 'cards',
      comment: [
        'Tệp thẻ BHYT xuất từ BHXH: một tệp hoặc danh sách ["a.xlsx", "b.xlsx"]; dùng được * và ? trong tên tệp.',
        'Ví dụ: "D:/BHXH/the-*.xlsx" (Card exports: one file or a list; * and ? allowed in the file name.)',
      ],
      value: options.cards ?? ['the-bhyt/*.xlsx'],
    },
    {
      key: 'outDir',
      comment: [
        'Thư mục kết quả; mỗi lần chạy tạo trong đó một thư mục theo ngày. Ví dụ: "D:/BHYT/ket-qua"',
        '(Output folder; each run makes a dated folder in it.)',
      ],
      value: options.outDir ?? 'ket-qua',
    },
    {
      key: 'dataDir',
      comment: [
        'Thư mục lưu lịch sử các lần chạy, nhật ký và khóa; mặc định là <outDir>/bhyt-data.',
        '(Run history, logs and the lock; default <outDir>/bhyt-data.)',
      ],
      value: `${options.outDir ?? 'ket-qua'}/bhyt-data`,
      switchedOff: true,
    },
    {
      key: 'asOf',
      comment: [
        'Ngày tính thẻ còn hạn: "today" (hôm nay), "end-of-month" (cuối tháng), "end-of-year" (cuối năm)',
        'hoặc một ngày cố định như "15/11/2026". (Day cards must be valid on: today, end of month, end of year, or a date.)',
      ],
      value: CONFIG_DEFAULTS.asOf,
    },
    {
      key: 'target',
      comment: ['Chỉ tiêu tỷ lệ học sinh có thẻ, phần trăm từ 0 đến 100. (Coverage target, percent.)'],
      value: CONFIG_DEFAULTS.target,
    },
    {
      key: 'groupBy',
      comment: [
        'Báo cáo theo: "school" (trường), "commune" (xã, phường), "grade" (khối), "class" (lớp).',
        '(Group the report by school, commune, grade or class.)',
      ],
      value: CONFIG_DEFAULTS.groupBy,
    },
    {
      key: 'office',
      comment: ['Tên đơn vị in ở đầu báo cáo. (Office name for report headers.)'],
      value: options.office ?? 'Phòng Giáo dục và Đào tạo huyện Bình Chánh',
      switchedOff: options.office === undefined,
    },
    {
      key: 'place',
      comment: ['Địa danh ghi trước ngày báo cáo: "Bình Chánh, ngày ...". (Place written before the report date.)'],
      value: options.place ?? 'Bình Chánh',
      switchedOff: options.place === undefined,
    },
    {
      key: 'keepRuns',
      comment: ['Số lần chạy gần nhất (và nhật ký của chúng) được giữ lại; cũ hơn bị xóa. (Runs and logs kept.)'],
      value: CONFIG_DEFAULTS.keepRuns,
    },
    {
      key: 'renewalDays',
      comment: ['Liệt kê các thẻ hết hạn trong số ngày tới này. (List cards expiring within this many days.)'],
      value: CONFIG_DEFAULTS.renewalDays,
    },
    {
      key: 'failUnder',
      comment: [
        'Kết thúc với mã lỗi khi tỷ lệ chung dưới mức này (cho lịch chạy tự động), phần trăm.',
        '(Exit with an error code when overall coverage is below this percentage.)',
      ],
      value: 95,
      switchedOff: true,
    },
    {
      key: 'lang',
      comment: ['Ngôn ngữ thông báo: "vi" hoặc "en". (Message language.)'],
      value: options.lang ?? CONFIG_DEFAULTS.lang,
    },
  ];
}

/** The text of a new `bhyt.config.jsonc`, with the platform's line ends so Notepad shows it right. */
export function configTemplate(options: TemplateOptions = {}): string {
  const entries = templateEntries(options);
  const body = entries.flatMap((entry, i) => {
    const line = `"${entry.key}": ${JSON.stringify(entry.value)}${i < entries.length - 1 ? ',' : ''}`;
    return [...entry.comment.map((text) => `  // ${text}`), `  ${entry.switchedOff ? '// ' : ''}${line}`, ''];
  });
  return [...HEADER, '{', ...body.slice(0, -1), '}', ''].join(os.EOL);
}

/** Writes the template; an existing file is kept unless `force`, since it holds the user's settings. */
export async function writeConfigTemplate(file: string, options: TemplateOptions & { force?: boolean } = {}): Promise<void> {
  const { force = false, ...templateOptions } = options;
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  try {
    await fs.promises.writeFile(file, configTemplate(templateOptions), { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigError(`${file}: tệp cấu hình đã có; thêm --force để ghi đè (the config file already exists; add --force to overwrite it)`);
    }
    throw error;
  }
}
