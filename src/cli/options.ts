/** Every command-line option, defined once: help text in both languages and its parser. */
import type { Text } from './lang.js';
import { parseGroupBy } from './report-command.js';
import { parseDays, parseFormats, parsePercent } from './settings.js';

export interface OptionSpec {
  flags: string;
  help: Text;
  parse?: (value: string) => unknown;
}

export const OPTIONS = {
  config: { flags: '--config <file>', help: { vi: 'tệp cấu hình (mặc định bhyt.config.jsonc trong thư mục hiện tại)', en: 'config file (default bhyt.config.jsonc in the current folder)' } },
  asOf: { flags: '--as-of <date>', help: { vi: 'ngày tính thẻ còn hạn: 2026-11-15, 15/11/2026, today, end-of-month, end-of-year; mặc định hôm nay', en: 'date cards must be valid on: 2026-11-15, 15/11/2026, today, end-of-month, end-of-year; default today' } },
  out: { flags: '--out <folder>', help: { vi: 'thư mục kết quả; mặc định bhyt-<ngày> (trong outDir của cấu hình)', en: 'output folder; default bhyt-<date> (under the config\'s outDir)' } },
  reportOut: { flags: '--out <folder>', help: { vi: 'thư mục ghi báo cáo; mặc định thư mục kết quả của lần chạy', en: 'folder for the report files; default the run\'s output folder' } },
  data: { flags: '--data <folder>', help: { vi: 'thư mục lịch sử chạy, nhật ký, khóa; mặc định bhyt-data cạnh thư mục kết quả', en: 'run history, logs and lock folder; default bhyt-data beside the output folder' } },
  json: { flags: '--json', help: { vi: 'in kết quả dạng JSON ra stdout, mọi thứ khác ra stderr', en: 'print the result as JSON on stdout, everything else on stderr' } },
  quiet: { flags: '--quiet', help: { vi: 'chỉ in lỗi', en: 'print errors only' } },
  lang: { flags: '--lang <lang>', help: { vi: 'ngôn ngữ thông báo: vi hoặc en', en: 'message language: vi or en' } },
  failUnder: { flags: '--fail-under <pct>', help: { vi: 'thoát với mã 4 nếu tỷ lệ dưới mức này (cho lịch chạy tự động)', en: 'exit 4 when coverage is below this (for schedulers)' }, parse: parsePercent('--fail-under') },
  target: { flags: '--target <pct>', help: { vi: 'chỉ tiêu (%), mặc định 100', en: 'target (%), default 100' }, parse: parsePercent('--target') },
  run: { flags: '--run <folder>', help: { vi: 'thư mục kết quả của một lần chạy; mặc định lần chạy mới nhất', en: 'output folder of a run; default the latest run' } },
  groupBy: { flags: '--group-by <by>', help: { vi: 'nhóm theo: school, commune, grade, class', en: 'group by: school, commune, grade, class' }, parse: parseGroupBy },
  format: { flags: '--format <list>', help: { vi: 'định dạng báo cáo: xlsx, html, csv, md (cách nhau bởi dấu phẩy); mặc định xlsx,html', en: 'report formats: xlsx, html, csv, md (comma-separated); default xlsx,html' }, parse: parseFormats },
  days: { flags: '--days <n>', help: { vi: 'liệt kê thẻ hết hạn trong N ngày tới (mặc định 30)', en: 'list cards expiring within N days (default 30)' }, parse: parseDays },
  office: { flags: '--office <name>', help: { vi: 'tên cơ quan ở đầu báo cáo', en: 'office name for the title block' } },
  place: { flags: '--place <name>', help: { vi: 'địa danh cho dòng ngày tháng ("Bình Chánh, ngày ...")', en: 'place for the date line' } },
  force: { flags: '--force', help: { vi: 'ghi đè tệp cấu hình đã có', en: 'overwrite an existing config file' } },
} satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

const REPORT_OPTIONS: OptionName[] = ['target', 'groupBy', 'format', 'days', 'office', 'place'];

/** Which options each command takes, in the order help shows them. */
export const COMMAND_OPTIONS: Record<'reconcile' | 'run' | 'report' | 'history' | 'init', OptionName[]> = {
  reconcile: ['config', 'asOf', 'out', 'data', 'failUnder', 'json', 'quiet', 'lang'],
  run: ['config', 'asOf', 'out', 'data', ...REPORT_OPTIONS, 'failUnder', 'json', 'quiet', 'lang'],
  report: ['config', 'run', ...REPORT_OPTIONS, 'reportOut', 'data', 'json', 'quiet', 'lang'],
  history: ['config', 'data', 'json', 'lang'],
  init: ['config', 'force', 'lang'],
};
