/**
 * The config file `bhyt.config.jsonc`: its keys, their defaults, what each allows, and
 * the error a user sees when a value is wrong. Every message names the file, the key,
 * the value found and what is allowed, in Vietnamese with the English in parentheses,
 * because the people editing this file are office staff, not programmers.
 */
import nodePath from 'node:path';
import { z } from 'zod';
import { parseUserDate } from '../dates/dates.js';
import type { GroupBy } from '../report/model.js';

export const CONFIG_FILE_NAME = 'bhyt.config.jsonc';

export const AS_OF_KEYWORDS = ['today', 'end-of-month', 'end-of-year'] as const;
export const GROUP_BY_VALUES = ['school', 'commune', 'grade', 'class'] as const satisfies readonly GroupBy[];
export const LANG_VALUES = ['vi', 'en'] as const;

export const CONFIG_DEFAULTS = {
  asOf: 'today',
  target: 100,
  groupBy: 'school',
  keepRuns: 30,
  renewalDays: 30,
  lang: 'vi',
} as const;

/** The data folder's name under `outDir` when `dataDir` is not set (where runs were always recorded). */
export const DEFAULT_DATA_FOLDER_NAME = 'bhyt-data';

/** `today`, `end-of-month`, `end-of-year`, or a fixed day written `2026-11-15` or `15/11/2026`. */
export type AsOfPolicy = (typeof AS_OF_KEYWORDS)[number] | (string & {});

export function isAsOfPolicy(value: string): value is AsOfPolicy {
  return (AS_OF_KEYWORDS as readonly string[]).includes(value) || parseUserDate(value) !== null;
}

const filePath = z.string().trim().min(1);
const percent = z.number().min(0).max(100);
const count = z.number().int().min(1);

export const configFileSchema = z.strictObject({
  rosters: filePath.optional(),
  // One path is read as a list of one, so that a wrong element is named by its index.
  cards: z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(filePath).min(1)).optional(),
  outDir: filePath.optional(),
  dataDir: filePath.optional(),
  asOf: z.string().trim().refine(isAsOfPolicy).default(CONFIG_DEFAULTS.asOf),
  target: percent.default(CONFIG_DEFAULTS.target),
  groupBy: z.enum(GROUP_BY_VALUES).default(CONFIG_DEFAULTS.groupBy),
  office: z.string().trim().optional(),
  place: z.string().trim().optional(),
  keepRuns: count.default(CONFIG_DEFAULTS.keepRuns),
  renewalDays: count.default(CONFIG_DEFAULTS.renewalDays),
  failUnder: percent.optional(),
  lang: z.enum(LANG_VALUES).default(CONFIG_DEFAULTS.lang),
});

export type ConfigKey = keyof typeof configFileSchema.shape;
export const CONFIG_KEYS = Object.keys(configFileSchema.shape) as ConfigKey[];

/** The config as a run uses it: defaults filled in, paths absolute, `cards` always a list. */
export interface Config {
  rosters: string | null;
  /** Absolute card files or patterns (`*` and `?` in the file name); expand with `expandCardPatterns`. */
  cards: string[];
  outDir: string;
  dataDir: string;
  asOf: AsOfPolicy;
  target: number;
  groupBy: GroupBy;
  office: string | null;
  place: string | null;
  keepRuns: number;
  renewalDays: number;
  failUnder: number | null;
  lang: (typeof LANG_VALUES)[number];
}

/** What each key allows, said the way the error message and the template say it. */
export const ALLOWED: Record<ConfigKey, { vi: string; en: string }> = {
  rosters: { vi: 'đường dẫn thư mục hoặc tệp danh sách học sinh', en: 'a roster folder or file path' },
  cards: {
    vi: 'một đường dẫn tệp thẻ hoặc danh sách đường dẫn, có thể dùng * và ? trong tên tệp',
    en: 'a card file path or a list of paths, * and ? allowed in the file name',
  },
  outDir: { vi: 'đường dẫn thư mục kết quả', en: 'an output folder path' },
  dataDir: { vi: 'đường dẫn thư mục dữ liệu', en: 'a data folder path' },
  asOf: {
    vi: '"today", "end-of-month", "end-of-year" hoặc một ngày như "2026-11-15" hay "15/11/2026"',
    en: '"today", "end-of-month", "end-of-year" or a date such as "2026-11-15" or "15/11/2026"',
  },
  target: { vi: 'một số từ 0 đến 100', en: 'a number from 0 to 100' },
  groupBy: { vi: '"school", "commune", "grade" hoặc "class"', en: '"school", "commune", "grade" or "class"' },
  office: { vi: 'tên đơn vị, trong dấu nháy kép', en: 'the office name, in double quotes' },
  place: { vi: 'địa danh, trong dấu nháy kép', en: 'a place name, in double quotes' },
  keepRuns: { vi: 'một số nguyên từ 1 trở lên', en: 'a whole number of at least 1' },
  renewalDays: { vi: 'một số nguyên từ 1 trở lên', en: 'a whole number of at least 1' },
  failUnder: { vi: 'một số từ 0 đến 100', en: 'a number from 0 to 100' },
  lang: { vi: '"vi" hoặc "en"', en: '"vi" or "en"' },
};

/** A config file that cannot be used, or an `init` that would overwrite one. Exit code 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The file name shown in messages: the name alone when the file is in the current folder. */
export function configFileLabel(file: string, cwd: string): string {
  const relative = nodePath.relative(cwd, file);
  return relative && !relative.startsWith('..') && !nodePath.isAbsolute(relative) ? relative : file;
}

/** One message line per problem zod found in the parsed file. */
export function describeConfigIssues(label: string, issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKeyMessage(label, key));
    if (issue.path.length === 0) return [notAnObjectMessage(label, input)];
    const key = issue.path[0] as ConfigKey;
    const allowed = ALLOWED[key];
    const value = valueAt(input, issue.path);
    return [`${label}: "${keyPath(issue.path)}" = ${showValue(value)} không hợp lệ: cần ${allowed.vi} (expected ${allowed.en})`];
  });
}

function unknownKeyMessage(label: string, key: string): string {
  const suggestion = closestKey(key);
  const hint = suggestion ? `; có phải "${suggestion}"? (did you mean "${suggestion}"?)` : `; các khóa có: ${CONFIG_KEYS.join(', ')} (known keys)`;
  return `${label}: khóa không có: ${key} (unknown key)${hint}`;
}

function notAnObjectMessage(label: string, input: unknown): string {
  return `${label}: nội dung là ${showValue(input)}, cần một đối tượng { "khóa": giá trị, ... } (expected an object of keys and values)`;
}

function keyPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  return value;
}

const SHOWN_VALUE_MAX_LENGTH = 60;

/** The value as the user wrote it in JSON, shortened so one message stays one line. */
function showValue(value: unknown): string {
  const text = value === undefined ? '(trống / empty)' : JSON.stringify(value);
  return text.length > SHOWN_VALUE_MAX_LENGTH ? `${text.slice(0, SHOWN_VALUE_MAX_LENGTH - 1)}…` : text;
}

/** The known key a typo most likely meant, or null when none is close. */
function closestKey(typed: string): ConfigKey | null {
  let best: { key: ConfigKey; distance: number } | null = null;
  for (const key of CONFIG_KEYS) {
    const distance = editDistance(typed.toLowerCase(), key.toLowerCase());
    if (!best || distance < best.distance) best = { key, distance };
  }
  const tolerated = Math.max(1, Math.floor(typed.length / 3));
  return best && best.distance <= tolerated ? best.key : null;
}

/** Edit distance counting a swap of two neighbouring letters as one edit (`traget` → `target` is 1). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
