/** What a run prints: a short per-school table and totals, coloured only on a terminal. */
import { Chalk, type ChalkInstance } from 'chalk';
import { formatCount, formatDateVi, formatPercent } from '../render/format-vi.js';
import type { Counts, Summary } from '../render/model.js';

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stdout is a terminal (colour and progress allowed). */
  isTerminal: boolean;
  env: NodeJS.ProcessEnv;
}

export function processOutput(): Output {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    isTerminal: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}

/** Colour on a terminal unless NO_COLOR is set; FORCE_COLOR forces it (0 forbids it). */
export function colours(output: Output): ChalkInstance {
  const force = output.env.FORCE_COLOR;
  let enabled = output.isTerminal && output.env.NO_COLOR === undefined;
  if (force !== undefined) enabled = force !== '0' && force !== 'false';
  return new Chalk({ level: enabled ? 1 : 0 });
}

function pad(text: string, width: number, right = false): string {
  const length = [...text].length;
  if (length >= width) return text;
  return right ? ' '.repeat(width - length) + text : text + ' '.repeat(width - length);
}

const NUMBER_COLUMNS = [
  ['Sĩ số', 'students'],
  ['Có thẻ', 'insured'],
  ['Chưa có', 'uninsured'],
  ['Cần KT', 'review'],
] as const;

/** The per-school table, lowest rate first, and the district total. */
export function coverageTable(summary: Summary, c: ChalkInstance): string[] {
  const schools = [...summary.schools].sort((a, b) => a.coverage - b.coverage || a.school.localeCompare(b.school, 'vi'));
  const nameWidth = Math.min(48, Math.max(12, ...schools.map((s) => [...s.school].length)));
  const row = (name: string, counts: Counts) => {
    const numbers = NUMBER_COLUMNS.map(([label, key]) => pad(formatCount(counts[key]), label.length + 2, true)).join('');
    const rate = pad(formatPercent(counts.coverage), 9, true);
    return `${pad(name.length > nameWidth ? `${name.slice(0, nameWidth - 1)}…` : name, nameWidth)}${numbers}${counts.coverage === 100 ? c.green(rate) : rate}`;
  };
  const header = `${pad('Trường', nameWidth)}${NUMBER_COLUMNS.map(([label]) => pad(label, label.length + 2, true)).join('')}${pad('Tỷ lệ', 9, true)}`;
  return [
    c.bold(`Kết quả đối chiếu thẻ BHYT học sinh tính đến ngày ${formatDateVi(summary.asOf)}`),
    c.bold(header),
    ...schools.map((school) => row(school.school, school)),
    c.bold(row(`Toàn địa bàn (${formatCount(summary.totals.schools)} trường)`, summary.totals)),
  ];
}

/** Problems in the inputs: errors one by one, warnings as a count. */
export function problemLines(summary: Summary, c: ChalkInstance, options: { workbookWritten: boolean } = { workbookWritten: true }, limit = 20): string[] {
  const errors = summary.problems.filter((p) => p.level === 'error');
  const warnings = summary.problems.length - errors.length;
  const lines: string[] = [];
  if (errors.length) {
    lines.push(c.red.bold(`Không đọc được ${formatCount(errors.length)} tệp hoặc trang tính:`));
    for (const p of errors.slice(0, limit)) {
      lines.push(c.red(`  - ${p.file}${p.sheet ? ` [${p.sheet}]` : ''}${p.row ? `, dòng ${p.row}` : ''}: ${p.message}`));
    }
    if (errors.length > limit) lines.push(c.red(`  ... và ${formatCount(errors.length - limit)} lỗi khác`));
  }
  if (warnings) {
    const where = options.workbookWritten ? ' (xem trang "Lỗi dữ liệu" trong tong-hop.xlsx)' : '';
    lines.push(c.yellow(`${formatCount(warnings)} cảnh báo về dữ liệu${where}.`));
  }
  return lines;
}
