/**
 * Reads `bhyt.config.jsonc`: JSON that allows `//` and `/* *\/` comments and trailing
 * commas, so the template can explain every key and users can switch lines off. The
 * reader is our own rather than JSON.parse after stripping comments, because
 * JSON.parse's error positions differ between Node versions and are sometimes missing,
 * and a user fixing a file by hand needs the line and column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isoFromParts, parseUserDate, todayIso } from '../dates/dates.js';
import {
  ALLOWED,
  CONFIG_FILE_NAME,
  ConfigError,
  configFileLabel,
  configFileSchema,
  DEFAULT_DATA_FOLDER_NAME,
  describeConfigIssues,
  type AsOfPolicy,
  type Config,
} from './schema.js';

export interface LoadedConfig {
  config: Config;
  /** The file read, absolute; null when none was named and the current folder has none. */
  file: string | null;
}

/**
 * The config from `configPath` (relative to `cwd`), or from `bhyt.config.jsonc` in `cwd`
 * when no path is given and that file exists, else the defaults. Relative paths in the
 * file are taken from the file's folder, so a scheduled job works whatever folder it
 * starts in; without a file, `outDir` is `cwd`.
 */
export async function loadConfig(configPath: string | undefined, cwd: string): Promise<LoadedConfig> {
  const file = configPath === undefined ? path.join(cwd, CONFIG_FILE_NAME) : path.resolve(cwd, configPath);
  const label = configFileLabel(file, cwd);
  const text = await readConfigText(file, label, configPath !== undefined);
  if (text === null) return { config: resolveConfig({}, cwd, label), file: null };
  let data: unknown;
  try {
    data = parseJsonc(text);
  } catch (error) {
    if (error instanceof JsoncSyntaxError) throw new ConfigError(`${label}, ${error.message}`);
    throw error;
  }
  return { config: resolveConfig(data, path.dirname(file), label), file };
}

/** The file's text, or null when the default file is simply not there. */
async function readConfigText(file: string, label: string, named: boolean): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !named) return null;
    if (code === 'ENOENT') throw new ConfigError(`${label}: không tìm thấy tệp cấu hình (config file not found)`);
    if (code === 'EISDIR') throw new ConfigError(`${label}: đây là một thư mục, cần một tệp cấu hình (is a folder, expected a config file)`);
    throw new ConfigError(`${label}: không đọc được tệp cấu hình (cannot read the config file: ${code ?? String(error)})`);
  }
  return decodeConfigBytes(bytes);
}

/** Notepad saves UTF-8 with a BOM, or UTF-16 when the user picks "Unicode". */
function decodeConfigBytes(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function resolveConfig(data: unknown, baseDir: string, label: string): Config {
  const parsed = configFileSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(describeConfigIssues(label, parsed.error.issues, data).join('\n'));
  const file = parsed.data;
  const outDir = path.resolve(baseDir, file.outDir ?? '.');
  return {
    rosters: file.rosters === undefined ? null : path.resolve(baseDir, file.rosters),
    cards: (file.cards ?? []).map((pattern) => path.resolve(baseDir, pattern)),
    outDir,
    dataDir: file.dataDir === undefined ? path.join(outDir, DEFAULT_DATA_FOLDER_NAME) : path.resolve(baseDir, file.dataDir),
    asOf: file.asOf,
    target: file.target,
    groupBy: file.groupBy,
    office: file.office || null,
    place: file.place || null,
    keepRuns: file.keepRuns,
    renewalDays: file.renewalDays,
    failUnder: file.failUnder ?? null,
    lang: file.lang,
  };
}

// ---------------------------------------------------------------------------
// As-of policy

/** The ISO day a policy means on `now`'s local calendar day (the office's day, not UTC's). */
export function resolveAsOf(policy: AsOfPolicy, now: Date): string {
  const year = now.getFullYear();
  const month = now.getMonth() + 1;
  switch (policy) {
    case 'today':
      return todayIso(now);
    case 'end-of-month':
      return isoFromParts(year, month, new Date(year, month, 0).getDate())!;
    case 'end-of-year':
      return isoFromParts(year, 12, 31)!;
  }
  const fixed = parseUserDate(policy);
  if (fixed === null) {
    throw new ConfigError(`"asOf" = ${JSON.stringify(policy)} không hợp lệ: cần ${ALLOWED.asOf.vi} (expected ${ALLOWED.asOf.en})`);
  }
  return fixed;
}

// ---------------------------------------------------------------------------
// Card file patterns

const WILDCARD = /[*?]/;

/**
 * The card files that `patterns` name, each resolved against `baseDir`. A pattern may
 * use `*` and `?` in its file name only (`D:/BHXH/the-*.xlsx`); matching ignores case,
 * as Windows does, skips Excel's `~$` lock files and dot files, and is sorted by name.
 * A pattern without wildcards, or one that matches nothing, is passed on as written so
 * that the reader reports it as a file not found, like any other missing input.
 */
export async function expandCardPatterns(patterns: string | readonly string[], baseDir: string): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of typeof patterns === 'string' ? [patterns] : patterns) {
    for (const file of await expandCardPattern(pattern, baseDir)) files.add(file);
  }
  return [...files];
}

async function expandCardPattern(pattern: string, baseDir: string): Promise<string[]> {
  const absolute = path.resolve(baseDir, pattern);
  const folder = path.dirname(absolute);
  const name = path.basename(absolute);
  if (WILDCARD.test(folder)) {
    throw new ConfigError(
      `"cards" = ${JSON.stringify(pattern)} không hợp lệ: chỉ dùng được * và ? trong tên tệp, không dùng trong tên thư mục (wildcards are allowed in the file name only)`,
    );
  }
  if (!WILDCARD.test(name)) return [absolute];
  const matcher = globMatcher(name);
  const entries = await fs.promises.readdir(folder, { withFileTypes: true }).catch(() => []);
  const matches = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && !isSystemFileName(entry.name) && matcher.test(entry.name.normalize('NFC')))
    .map((entry) => entry.name)
    .sort(compareFileNames);
  return matches.length ? matches.map((match) => path.join(folder, match)) : [absolute];
}

/** `~$name.xlsx` is Excel's lock file for an open workbook; dot files are system files. */
function isSystemFileName(name: string): boolean {
  return name.startsWith('~$') || name.startsWith('.');
}

function globMatcher(pattern: string): RegExp {
  const source = [...pattern.normalize('NFC')]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'iu');
}

function compareFileNames(a: string, b: string): number {
  const lowerA = a.toLowerCase();
  const lowerB = b.toLowerCase();
  if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// JSONC

/** A syntax error, with its message already naming the line and column. */
export class JsoncSyntaxError extends Error {
  override name = 'JsoncSyntaxError';
  constructor(
    readonly line: number,
    readonly column: number,
    vi: string,
    en: string,
  ) {
    super(`dòng ${line}, cột ${column}: ${vi} (line ${line}, column ${column}: ${en})`);
  }
}

/** JSON with comments and trailing commas; a key given twice is an error, not a silent overwrite. */
export function parseJsonc(text: string): unknown {
  const reader = new JsoncReader(text);
  reader.skipBlank();
  const value = reader.value();
  reader.skipBlank();
  if (!reader.atEnd()) reader.fail('thừa nội dung sau khi đã hết giá trị', 'unexpected text after the end of the value');
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[^\s,:{}[\]"'/]+/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsoncReader {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  fail(vi: string, en: string, at = this.position): never {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    throw new JsoncSyntaxError(line, column, vi, en);
  }

  /** Skips white space (with the no-break spaces that pasting from Word brings) and comments. */
  skipBlank(): void {
    for (;;) {
      const char = this.text[this.position];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\u00A0' || char === '\uFEFF') this.position++;
      else if (this.text.startsWith('//', this.position)) {
        const end = this.text.indexOf('\n', this.position);
        this.position = end < 0 ? this.text.length : end + 1;
      } else if (this.text.startsWith('/*', this.position)) {
        const end = this.text.indexOf('*/', this.position + 2);
        if (end < 0) this.fail('chú thích /* chưa được đóng bằng */', 'comment /* is not closed with */');
        this.position = end + 2;
      } else return;
    }
  }

  value(): unknown {
    const char = this.text[this.position];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === "'") this.fail('chuỗi phải đặt trong dấu nháy kép "..."', 'strings need double quotes "..."');
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    if (char === undefined) this.fail('thiếu giá trị: tệp kết thúc quá sớm', 'missing value: the file ends too early');
    return this.literal();
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.position++;
    for (;;) {
      this.skipBlank();
      if (this.text[this.position] === '}') {
        this.position++;
        return result;
      }
      const keyAt = this.position;
      const key = this.key();
      if (Object.hasOwn(result, key)) this.fail(`khóa "${key}" xuất hiện hai lần`, `key "${key}" appears twice`, keyAt);
      this.skipBlank();
      if (this.text[this.position] !== ':') this.fail(`thiếu dấu hai chấm : sau "${key}"`, `expected : after "${key}"`);
      this.position++;
      this.skipBlank();
      // defineProperty, so that a key named "__proto__" is a plain (unknown) key.
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      if (this.endOfList('}')) return result;
    }
  }

  private key(): string {
    const char = this.text[this.position];
    if (char === '"') return this.string();
    if (char >= '0' && char <= '9') {
      this.fail('số thập phân phải viết bằng dấu chấm (99.5), không dùng dấu phẩy', 'decimals take a point (99.5), not a comma');
    }
    if (char === undefined) this.fail('thiếu dấu } đóng', 'missing closing }');
    this.fail('tên khóa phải đặt trong dấu nháy kép, ví dụ "target"', 'keys need double quotes, e.g. "target"');
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.position++;
    for (;;) {
      this.skipBlank();
      if (this.text[this.position] === ']') {
        this.position++;
        return result;
      }
      result.push(this.value());
      if (this.endOfList(']')) return result;
    }
  }

  /** After a member: true at the closing bracket; past a comma (trailing or not) otherwise. */
  private endOfList(close: '}' | ']'): boolean {
    this.skipBlank();
    const char = this.text[this.position];
    if (char === close) {
      this.position++;
      return true;
    }
    if (char === ',') {
      this.position++;
      return false;
    }
    if (char === undefined) this.fail(`thiếu dấu ${close} đóng`, `missing closing ${close}`);
    this.fail(`thiếu dấu phẩy , hoặc ${close} trước đây`, `expected , or ${close} before this`);
  }

  private string(): string {
    const start = this.position;
    let result = '';
    this.position++;
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined || char === '\n' || char === '\r') {
        this.fail('chuỗi chưa đóng: thiếu dấu " ở cuối', 'string not closed: missing "', start);
      }
      if (char === '"') {
        this.position++;
        return result;
      }
      if (char === '\\') result += this.escape();
      else {
        result += char;
        this.position++;
      }
    }
  }

  private escape(): string {
    const next = this.text[this.position + 1];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.position + 2, this.position + 6))) {
      this.position += 6;
      return String.fromCharCode(parseInt(this.text.slice(this.position - 4, this.position), 16));
    }
    if (next !== undefined && next in ESCAPES) {
      this.position += 2;
      return ESCAPES[next];
    }
    return this.fail(
      'dấu \\ trong chuỗi phải viết hai lần (\\\\), hoặc dùng / trong đường dẫn: "D:/BHYT/the.xlsx"',
      'a \\ in a string must be doubled (\\\\), or use / in paths',
    );
  }

  private number(): number {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('số không hợp lệ', 'invalid number');
    this.position += match[0].length;
    return Number(match[0]);
  }

  private literal(): boolean | null {
    WORD.lastIndex = this.position;
    const word = WORD.exec(this.text)?.[0] ?? this.text[this.position];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.position += word.length;
      return word === 'true' ? true : word === 'false' ? false : null;
    }
    return this.fail(
      `giá trị không hợp lệ: ${word}; chữ và đường dẫn phải đặt trong dấu nháy kép "..."`,
      `invalid value: ${word}; text and paths need double quotes "..."`,
    );
  }
}
