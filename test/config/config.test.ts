/**
 * The config file as an office user edits it: comments, Windows paths, trailing commas;
 * defaults; paths taken from the file's folder; every mistake named with its key, the
 * value found and what is allowed; card patterns; the template `bhyt init` writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandCardPatterns, JsoncSyntaxError, loadConfig, parseJsonc, resolveAsOf } from '../../src/config/load.js';
import { CONFIG_KEYS, ConfigError, type Config } from '../../src/config/schema.js';
import { configTemplate, writeConfigTemplate } from '../../src/config/template.js';

let folder: string;

beforeEach(async () => {
  folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'bhyt-config-'));
});

afterEach(async () => {
  await fs.promises.rm(folder, { recursive: true, force: true });
});

function writeConfig(text: string, name = 'bhyt.config.jsonc'): string {
  const file = path.join(folder, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The ConfigError message that loading `text` as bhyt.config.jsonc in the current folder gives. */
async function configErrorFor(text: string): Promise<string> {
  writeConfig(text);
  const error = await loadConfig(undefined, folder).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

function syntaxErrorOf(text: string): JsoncSyntaxError {
  try {
    parseJsonc(text);
  } catch (error) {
    if (error instanceof JsoncSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('parseJsonc', () => {
  it('reads comments, and keeps // and /* inside strings (network paths, URLs)', () => {
    const text = `// đầu tệp
{
  /* khối
     chú thích */
  "unc": "\\\\\\\\server\\\\share\\\\BHYT", // sau giá trị
  "slashes": "//may-chu/chung/the-*.xlsx",
  "url": "https://bhxh.gov.vn/*not-a-comment*/",
  "quote": "nói \\"có\\" // vẫn là chuỗi",
}`;
    expect(parseJsonc(text)).toEqual({
      unc: '\\\\server\\share\\BHYT',
      slashes: '//may-chu/chung/the-*.xlsx',
      url: 'https://bhxh.gov.vn/*not-a-comment*/',
      quote: 'nói "có" // vẫn là chuỗi',
    });
  });

  it('accepts trailing commas in objects and arrays, CRLF line ends and a byte-order mark', () => {
    expect(parseJsonc('\uFEFF{\r\n  "cards": ["a.xlsx", "b.xlsx",],\r\n  "target": 95.5,\r\n}\r\n')).toEqual({ cards: ['a.xlsx', 'b.xlsx'], target: 95.5 });
  });

  it('reads every JSON value', () => {
    expect(parseJsonc('{"a": [true, false, null, -1.5e2, "\\u0110\\t"], "b": {}}')).toEqual({ a: [true, false, null, -150, 'Đ\t'], b: {} });
  });

  it('keeps a "__proto__" key as a plain key', () => {
    const value = parseJsonc('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['a missing comma', '{\n  "target": 90\n  "lang": "vi"\n}', 3, 3, 'thiếu dấu phẩy'],
    ['a single backslash in a Windows path', '{\n  "rosters": "D:\\BHYT"\n}', 2, 17, 'dấu \\ trong chuỗi phải viết hai lần'],
    ['an unclosed comment', '{\n  /* ghi chú\n}', 2, 3, 'chú thích /* chưa được đóng'],
    ['single quotes', "{\n  'target': 90\n}", 2, 3, 'tên khóa phải đặt trong dấu nháy kép'],
    ['single-quoted value', "{\n  \"lang\": 'vi'\n}", 2, 11, 'dấu nháy kép'],
    ['an unquoted key', '{\n  target: 90\n}', 2, 3, 'tên khóa phải đặt trong dấu nháy kép'],
    ['an unquoted path', '{\n  "outDir": D:/BHYT\n}', 2, 13, 'giá trị không hợp lệ: D'],
    ['a decimal comma', '{\n  "target": 99,5\n}', 2, 16, 'dấu chấm (99.5)'],
    ['a key given twice', '{\n  "target": 90,\n  "target": 95\n}', 3, 3, 'khóa "target" xuất hiện hai lần'],
    ['an unclosed string', '{\n  "office": "Phòng GD\n}', 2, 13, 'chuỗi chưa đóng'],
    ['a missing closing brace', '{\n  "target": 90,\n', 3, 1, 'thiếu dấu } đóng'],
    ['text after the end', '{}\n}', 2, 1, 'thừa nội dung'],
    ['an empty file', '  // chỉ có ghi chú\n', 2, 1, 'thiếu giá trị'],
  ])('names the line and column of %s', (_, text, line, column, words) => {
    const error = syntaxErrorOf(text);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.message).toContain(`dòng ${line}, cột ${column}: `);
    expect(error.message).toContain(`(line ${line}, column ${column}: `);
    expect(error.message).toContain(words);
  });
});

describe('loadConfig', () => {
  it('uses the defaults when no file is named and the current folder has none', async () => {
    const { config, file } = await loadConfig(undefined, folder);
    expect(file).toBeNull();
    expect(config).toEqual<Config>({
      rosters: null,
      cards: [],
      outDir: folder,
      dataDir: path.join(folder, 'bhyt-data'),
      asOf: 'today',
      target: 100,
      groupBy: 'school',
      office: null,
      place: null,
      keepRuns: 30,
      renewalDays: 30,
      failUnder: null,
      lang: 'vi',
    });
  });

  it('reads bhyt.config.jsonc from the current folder', async () => {
    const written = writeConfig('{ "target": 95, "groupBy": "commune", "office": "Phòng GD&ĐT Bình Chánh", "failUnder": 90.5, "lang": "en" }');
    const { config, file } = await loadConfig(undefined, folder);
    expect(file).toBe(written);
    expect(config).toMatchObject({ target: 95, groupBy: 'commune', office: 'Phòng GD&ĐT Bình Chánh', failUnder: 90.5, lang: 'en' });
  });

  it('takes relative paths from the config file’s folder, not the current folder', async () => {
    const file = writeConfig(
      '{ "rosters": "danh-sach", "cards": "../the/the-*.xlsx", "outDir": "ket-qua", "dataDir": "du-lieu" }',
      path.join('BHYT', 'bhyt.config.jsonc'),
    );
    const elsewhere = path.join(folder, 'C', 'Windows', 'System32');
    fs.mkdirSync(elsewhere, { recursive: true });
    const { config } = await loadConfig(file, elsewhere);
    const base = path.join(folder, 'BHYT');
    expect(config).toMatchObject({
      rosters: path.join(base, 'danh-sach'),
      cards: [path.join(folder, 'the', 'the-*.xlsx')],
      outDir: path.join(base, 'ket-qua'),
      dataDir: path.join(base, 'du-lieu'),
    });
  });

  it('puts the data folder under outDir when dataDir is not set, and keeps absolute paths', async () => {
    const out = path.join(folder, 'tuyet-doi');
    writeConfig(JSON.stringify({ outDir: out, cards: [path.join(folder, 'a.xlsx'), 'b.xlsx'] }));
    const { config } = await loadConfig(undefined, folder);
    expect(config.outDir).toBe(out);
    expect(config.dataDir).toBe(path.join(out, 'bhyt-data'));
    expect(config.cards).toEqual([path.join(folder, 'a.xlsx'), path.join(folder, 'b.xlsx')]);
  });

  it('reads a file saved by Notepad as UTF-16 ("Unicode")', async () => {
    const file = path.join(folder, 'bhyt.config.jsonc');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{ "place": "Bình Chánh" }', 'utf16le')]));
    expect((await loadConfig(undefined, folder)).config.place).toBe('Bình Chánh');
  });

  it('refuses a named file that does not exist, or a folder', async () => {
    await expect(loadConfig('khong-co.jsonc', folder)).rejects.toThrow(/^khong-co\.jsonc: không tìm thấy tệp cấu hình \(config file not found\)$/);
    fs.mkdirSync(path.join(folder, 'thu-muc'));
    await expect(loadConfig('thu-muc', folder)).rejects.toThrow(/thu-muc: đây là một thư mục/);
  });

  it('names the file, line and column of a syntax error', async () => {
    const message = await configErrorFor('{\n  "rosters": "D:\\BHYT\\danh-sach"\n}');
    expect(message).toMatch(/^bhyt\.config\.jsonc, dòng 2, cột 17: dấu \\ trong chuỗi phải viết hai lần/);
  });

  it('names the file by its full path when it is outside the current folder', async () => {
    const file = writeConfig('{ "target": 120 }', path.join('khac', 'bhyt.config.jsonc'));
    const error = await loadConfig(file, path.join(folder, 'noi-khac')).catch((e: unknown) => e);
    expect((error as Error).message.startsWith(`${file}: "target" = 120`)).toBe(true);
  });
});

describe('validation errors name the key, the value found and what is allowed', () => {
  it('says it in Vietnamese with the English in parentheses', async () => {
    expect(await configErrorFor('{ "target": 120 }')).toBe(
      'bhyt.config.jsonc: "target" = 120 không hợp lệ: cần một số từ 0 đến 100 (expected a number from 0 to 100)',
    );
  });

  it.each([
    ['target', '-5', 'một số từ 0 đến 100'],
    ['target', '"95"', 'một số từ 0 đến 100'],
    ['failUnder', '101', 'một số từ 0 đến 100'],
    ['keepRuns', '0', 'một số nguyên từ 1 trở lên'],
    ['keepRuns', '2.5', 'một số nguyên từ 1 trở lên'],
    ['renewalDays', '"30"', 'một số nguyên từ 1 trở lên'],
    ['groupBy', '"truong"', '"school", "commune", "grade" hoặc "class"'],
    ['lang', '"fr"', '"vi" hoặc "en"'],
    ['asOf', '"tomorrow"', '"today", "end-of-month", "end-of-year" hoặc một ngày'],
    ['asOf', '"31/02/2026"', '"today", "end-of-month", "end-of-year" hoặc một ngày'],
    ['asOf', '"11/15/2026"', '"today", "end-of-month", "end-of-year" hoặc một ngày'],
    ['rosters', '5', 'đường dẫn thư mục hoặc tệp danh sách học sinh'],
    ['outDir', '""', 'đường dẫn thư mục kết quả'],
    ['dataDir', 'null', 'đường dẫn thư mục dữ liệu'],
    ['cards', '[]', 'một đường dẫn tệp thẻ hoặc danh sách đường dẫn'],
    ['cards', '5', 'một đường dẫn tệp thẻ hoặc danh sách đường dẫn'],
    ['office', '3', 'tên đơn vị'],
    ['place', 'true', 'địa danh'],
  ])('%s = %s', async (key, value, allowed) => {
    const message = await configErrorFor(`{ "${key}": ${value} }`);
    expect(message).toContain(`bhyt.config.jsonc: "${key}" = ${value} không hợp lệ: cần ${allowed}`);
    expect(message).toMatch(/\(expected .+\)$/);
  });

  it('names the element of a list that is wrong', async () => {
    expect(await configErrorFor('{ "cards": ["a.xlsx", 7] }')).toContain('"cards[1]" = 7 không hợp lệ');
  });

  it('lists every problem at once, one per line', async () => {
    const message = await configErrorFor('{ "target": 120, "lang": "fr", "traget": 1 }');
    expect(message.split('\n')).toHaveLength(3);
  });

  it('refuses a file that is not an object of keys', async () => {
    expect(await configErrorFor('["target", 95]')).toContain('cần một đối tượng');
  });

  it('names an unknown key and suggests the key that was meant', async () => {
    expect(await configErrorFor('{ "traget": 95 }')).toBe(
      'bhyt.config.jsonc: khóa không có: traget (unknown key); có phải "target"? (did you mean "target"?)',
    );
    expect(await configErrorFor('{ "outdir": "x" }')).toContain('có phải "outDir"?');
    expect(await configErrorFor('{ "keepRun": 3 }')).toContain('có phải "keepRuns"?');
  });

  it('lists the known keys when an unknown key is like none of them', async () => {
    const message = await configErrorFor('{ "email": "a@b.vn" }');
    expect(message).toContain('khóa không có: email (unknown key); các khóa có: rosters, cards, outDir');
  });
});

describe('resolveAsOf', () => {
  const evening = new Date(2026, 10, 15, 23, 30);

  it.each([
    ['today', evening, '2026-11-15'],
    ['end-of-month', evening, '2026-11-30'],
    ['end-of-month', new Date(2028, 1, 3), '2028-02-29'],
    ['end-of-month', new Date(2026, 11, 31, 23, 59), '2026-12-31'],
    ['end-of-year', evening, '2026-12-31'],
    ['2026-09-05', evening, '2026-09-05'],
    ['5/9/2026', evening, '2026-09-05'],
  ])('%s on %s is %s', (policy, now, iso) => {
    expect(resolveAsOf(policy, now)).toBe(iso);
  });

  it('refuses a date that does not exist', () => {
    expect(() => resolveAsOf('30/02/2026', evening)).toThrow(ConfigError);
  });
});

describe('expandCardPatterns', () => {
  let cards: string;

  beforeEach(() => {
    cards = path.join(folder, 'BHXH');
    fs.mkdirSync(path.join(cards, 'the-thu-muc.xlsx'), { recursive: true });
    for (const name of ['the-2.xlsx', 'THE-1.XLSX', 'the-10.xlsx', '~$the-2.xlsx', '.the-an.xlsx', 'the-1.csv', 'the (3)+[x].xlsx', 'ds.xlsx']) {
      fs.writeFileSync(path.join(cards, name), '');
    }
  });

  it('lists the files a * pattern matches, ignoring case, sorted, without Excel lock files, dot files or folders', async () => {
    expect(await expandCardPatterns('BHXH/the-*.xlsx', folder)).toEqual(
      ['THE-1.XLSX', 'the-10.xlsx', 'the-2.xlsx'].map((name) => path.join(cards, name)),
    );
  });

  it('matches ? as one character and treats other characters literally', async () => {
    expect(await expandCardPatterns(path.join(cards, 'the-?.xlsx'), '/elsewhere')).toEqual([path.join(cards, 'THE-1.XLSX'), path.join(cards, 'the-2.xlsx')]);
    expect(await expandCardPatterns('BHXH/the (?)+[x].*', folder)).toEqual([path.join(cards, 'the (3)+[x].xlsx')]);
  });

  it('expands each pattern of a list in order, each file once', async () => {
    expect(await expandCardPatterns(['BHXH/ds.xlsx', 'BHXH/the-1.*', 'BHXH/*.XLSX'], folder)).toEqual(
      ['ds.xlsx', 'the-1.csv', 'THE-1.XLSX', 'the (3)+[x].xlsx', 'the-10.xlsx', 'the-2.xlsx'].map((name) => path.join(cards, name)),
    );
  });

  it('passes on plain paths and patterns that match nothing, for the reader to report as missing', async () => {
    expect(await expandCardPatterns(['BHXH/khong-co.xlsx', 'BHXH/*.xls', 'KHONG-CO/*.xlsx'], folder)).toEqual([
      path.join(cards, 'khong-co.xlsx'),
      path.join(cards, '*.xls'),
      path.join(folder, 'KHONG-CO', '*.xlsx'),
    ]);
  });

  it('refuses wildcards in folder names', async () => {
    await expect(expandCardPatterns('BH*/the-1.xlsx', folder)).rejects.toThrow(/"cards" = "BH\*\/the-1\.xlsx" không hợp lệ: chỉ dùng được \* và \? trong tên tệp/);
  });
});

describe('the config template', () => {
  it('loads as the defaults with the example folders beside it', async () => {
    writeConfig(configTemplate());
    const { config } = await loadConfig(undefined, folder);
    expect(config).toEqual<Config>({
      rosters: path.join(folder, 'danh-sach'),
      cards: [path.join(folder, 'the-bhyt', '*.xlsx')],
      outDir: path.join(folder, 'ket-qua'),
      dataDir: path.join(folder, 'ket-qua', 'bhyt-data'),
      asOf: 'today',
      target: 100,
      groupBy: 'school',
      office: null,
      place: null,
      keepRuns: 30,
      renewalDays: 30,
      failUnder: null,
      lang: 'vi',
    });
  });

  it('explains every key, in Vietnamese with English, with Windows path examples', () => {
    const text = configTemplate();
    for (const key of CONFIG_KEYS) expect(text).toMatch(new RegExp(`^ {2}(// )?"${key}": `, 'm'));
    const lines = text.split(/\r?\n/);
    for (const key of CONFIG_KEYS) {
      const at = lines.findIndex((line) => new RegExp(`^ {2}(// )?"${key}": `).test(line));
      expect(lines[at - 1], key).toMatch(/^ {2}\/\/ .*\(.+\)/);
    }
    expect(text).toContain('"D:/BHYT/danh-sach"');
    expect(text).toContain('"D:/BHXH/the-*.xlsx"');
    expect(text).toContain('"//may-chu/chung/BHYT"');
    expect(text).toContain(os.EOL);
  });

  it('still loads when every example line is switched on', async () => {
    writeConfig(configTemplate().replace(/^ {2}\/\/ ("\w+": )/gm, '  $1'));
    const { config } = await loadConfig(undefined, folder);
    expect(config).toMatchObject({ failUnder: 95, office: 'Phòng Giáo dục và Đào tạo huyện Bình Chánh', place: 'Bình Chánh' });
  });

  it('writes the answers given to init, escaped for JSON', async () => {
    const answers = {
      rosters: 'D:\\BHYT\\Danh sách "2026"',
      cards: ['\\\\may-chu\\chung\\the-*.xlsx', 'E:/the.xlsx'],
      outDir: 'ket qua',
      office: 'Phòng GD&ĐT "Bình Chánh"',
      place: 'Bình Chánh',
      lang: 'en' as const,
    };
    writeConfig(configTemplate(answers));
    const { config } = await loadConfig(undefined, folder);
    expect(config).toMatchObject({ office: answers.office, place: 'Bình Chánh', lang: 'en', outDir: path.join(folder, 'ket qua') });
    expect(config.rosters).toBe(path.resolve(folder, answers.rosters));
    expect(config.cards).toEqual(answers.cards.map((pattern) => path.resolve(folder, pattern)));
  });

  it('is written by writeConfigTemplate, which refuses to overwrite an existing file unless forced', async () => {
    const file = path.join(folder, 'moi', 'bhyt.config.jsonc');
    await writeConfigTemplate(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(configTemplate());

    fs.writeFileSync(file, '{ "target": 90 } // cấu hình của người dùng');
    const error = await writeConfigTemplate(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`${file}: tệp cấu hình đã có; thêm --force để ghi đè (the config file already exists; add --force to overwrite it)`);
    expect(fs.readFileSync(file, 'utf8')).toContain('cấu hình của người dùng');

    await writeConfigTemplate(file, { force: true, office: 'Phòng GD' });
    expect((await loadConfig(file, folder)).config.office).toBe('Phòng GD');
  });
});
