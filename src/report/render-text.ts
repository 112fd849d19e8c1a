/**
 * The report as text: the group table every renderer draws (its columns are defined
 * once, here, and shared with the workbook and the web page), the CSV and Markdown
 * files, and the lines `bhyt report` prints on the terminal.
 */
import type { ChalkInstance } from 'chalk';
import { stringify } from 'csv-stringify/sync';
import { formatCount, formatDateVi, formatPercent } from '../render/format-vi.js';
import type { GroupBy, GroupFigures, Report } from './model.js';

export const REPORT_TITLE = 'BÁO CÁO TỶ LỆ HỌC SINH THAM GIA BẢO HIỂM Y TẾ';
export const TOTALS_LABEL = 'Toàn địa bàn';

/** The header of the group column. */
export const GROUP_HEADER: Record<GroupBy, string> = {
  school: 'Trường',
  commune: 'Xã/Phường',
  grade: 'Khối',
  class: 'Lớp',
};

/** How a sentence counts groups: "22/30 trường đạt chỉ tiêu". */
export const GROUP_WORD: Record<GroupBy, string> = {
  school: 'trường',
  commune: 'xã/phường',
  grade: 'khối',
  class: 'lớp',
};

/**
 * What a column holds, which decides how each renderer writes it:
 * `rate` is a percentage (99.43), `pointsChange` a change in percentage points.
 */
export type ReportValueKind = 'ordinal' | 'text' | 'count' | 'rate' | 'countChange' | 'pointsChange';

export interface ReportColumn {
  /** The header where the table has one header row (CSV, Markdown). */
  header: string;
  /** In two-row headers (workbook, web page): a label spanning neighbouring columns, and this column's own label under it. */
  band?: { label: string; header: string };
  kind: ReportValueKind;
  value: (row: GroupFigures, ordinal: number | null) => string | number | null;
}

/** A line of the group table; `ordinal` is null on the totals line. */
export interface ReportRow {
  figures: GroupFigures;
  ordinal: number | null;
  belowTarget: boolean;
}

/**
 * The group table's columns. "Chưa rõ nhóm" appears only when some card is a bare
 * 10-digit code (cards since 4/2021), and the change columns only when there is a
 * previous run to compare with.
 */
export function reportColumns(report: Report): ReportColumn[] {
  const insuredBand = 'Có thẻ BHYT';
  const columns: ReportColumn[] = [
    { header: 'STT', kind: 'ordinal', value: (_, ordinal) => ordinal },
    { header: GROUP_HEADER[report.groupBy], kind: 'text', value: (g) => g.group },
    { header: 'Sĩ số', kind: 'count', value: (g) => g.students },
    { header: 'Có thẻ', band: { label: insuredBand, header: 'Tổng số' }, kind: 'count', value: (g) => g.insured },
    { header: 'Trong đó thẻ HS', band: { label: insuredBand, header: 'Trong đó thẻ HS' }, kind: 'count', value: (g) => g.insuredBy.hs },
    { header: 'Thẻ nhóm khác', band: { label: insuredBand, header: 'Thẻ nhóm khác' }, kind: 'count', value: (g) => g.insuredBy.other },
  ];
  if (report.totals.insuredBy.unknown > 0) {
    columns.push({ header: 'Thẻ chưa rõ nhóm', band: { label: insuredBand, header: 'Chưa rõ nhóm' }, kind: 'count', value: (g) => g.insuredBy.unknown });
  }
  columns.push(
    { header: 'Chưa có thẻ', kind: 'count', value: (g) => g.uninsured },
    { header: 'Cần kiểm tra', kind: 'count', value: (g) => g.review },
    { header: 'Tỷ lệ (%)', kind: 'rate', value: (g) => g.coverage },
    { header: 'Cần thêm để đạt chỉ tiêu', kind: 'count', value: (g) => g.needed },
  );
  if (report.previous) {
    const changeBand = `Thay đổi so với ngày ${formatDateVi(report.previous.asOf)}`;
    columns.push(
      { header: 'Thay đổi số HS có thẻ', band: { label: changeBand, header: 'HS có thẻ' }, kind: 'countChange', value: (g) => g.change?.insured ?? null },
      { header: 'Thay đổi tỷ lệ (điểm %)', band: { label: changeBand, header: 'Tỷ lệ (điểm %)' }, kind: 'pointsChange', value: (g) => g.change?.coveragePoints ?? null },
    );
  }
  return columns;
}

/** A cell of a two-row header's top row: a band over its columns, or a column alone standing over both rows. */
export interface HeaderSpan {
  label: string;
  /** Index of the first column under it. */
  first: number;
  span: number;
  banded: boolean;
}

/** Neighbouring columns with the same band share one top cell. */
export function headerSpans(columns: readonly ReportColumn[]): HeaderSpan[] {
  const spans: HeaderSpan[] = [];
  columns.forEach((column, index) => {
    const last = spans[spans.length - 1];
    if (column.band && last?.banded && last.label === column.band.label) last.span++;
    else spans.push({ label: column.band?.label ?? column.header, first: index, span: 1, banded: column.band !== undefined });
  });
  return spans;
}

/** The groups in the report's order (furthest from target first), numbered from 1. */
export function reportRows(report: Report): ReportRow[] {
  return report.groups.map((figures, index) => ({ figures, ordinal: index + 1, belowTarget: figures.needed > 0 }));
}

export function totalsRow(report: Report): ReportRow {
  return { figures: { ...report.totals, group: TOTALS_LABEL }, ordinal: null, belowTarget: report.totals.needed > 0 };
}

/** A signed whole number: `+12`, `-3`, `0`. */
function signedCount(value: number): string {
  return value > 0 ? `+${formatCount(value)}` : formatCount(value);
}

/** A change in percentage points with a decimal comma: `+0,45`, `-1,20`. */
export function formatPoints(value: number): string {
  const digits = Math.abs(value).toFixed(2).replace('.', ',');
  return value > 0 ? `+${digits}` : value < 0 ? `-${digits}` : digits;
}

/** A cell as a reader sees it: `20.533`, `99,43%`, `+0,45`; a missing change is a dash. */
export function displayCell(column: ReportColumn, row: ReportRow): string {
  const value = column.value(row.figures, row.ordinal);
  if (value === null) return column.kind === 'ordinal' ? '' : '—';
  if (typeof value === 'string') return value;
  switch (column.kind) {
    case 'count':
      return formatCount(value);
    case 'rate':
      return formatPercent(value);
    case 'countChange':
      return signedCount(value);
    case 'pointsChange':
      return formatPoints(value);
    default:
      return String(value);
  }
}

/**
 * A cell as Vietnamese Excel reads a number from CSV: no thousands separator (`.` would
 * be read as a decimal point elsewhere), a decimal comma (`99,43`), no `%` sign.
 */
function csvCell(column: ReportColumn, row: ReportRow): string {
  const value = column.value(row.figures, row.ordinal);
  if (value === null) return '';
  if (typeof value === 'string') return FORMULA_START.test(value) ? `'${value}` : value;
  return column.kind === 'rate' || column.kind === 'pointsChange' ? value.toFixed(2).replace('.', ',') : String(value);
}

/** Excel runs a CSV cell starting with one of these as a formula: names are user data. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The group table with its totals line, for Excel: UTF-8 with a BOM, `;` between cells, CRLF. */
export function renderReportCsv(report: Report): string {
  const columns = reportColumns(report);
  const rows = [...reportRows(report), totalsRow(report)];
  return stringify([columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => csvCell(c, row)))], {
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
  });
}

/** `ngày 05 tháng 01 năm 2026`: days below 10 and months below 3 take a zero, as in administrative documents. */
export function dateInWords(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  const twoDigits = (value: number) => String(value).padStart(2, '0');
  return `ngày ${day < 10 ? twoDigits(day) : day} tháng ${month < 3 ? twoDigits(month) : month} năm ${year}`;
}

/** "Bình Chánh, ngày 23 tháng 11 năm 2026", or "Ngày 23 tháng 11 năm 2026" without a place. */
export function placeAndDate(report: Report): string {
  const date = dateInWords(report.reportDate);
  return report.place ? `${report.place}, ${date}` : date.charAt(0).toUpperCase() + date.slice(1);
}

/** "(Tính đến ngày 15/11/2026 — chỉ tiêu 100%)". */
export function asOfLine(report: Report): string {
  return `(Tính đến ngày ${formatDateVi(report.asOf)} — chỉ tiêu ${formatPercent(report.target)})`;
}

/** Backslash before every character Markdown could read as markup, `|` included for tables. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>&|#]/g, '\\$&');
}

function markdownTableLine(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** A heading, the sentence and the group table with its totals in bold. */
export function renderReportMarkdown(report: Report): string {
  const columns = reportColumns(report);
  const alignments = columns.map((c) => (c.kind === 'text' ? ':---' : '---:'));
  const cells = (row: ReportRow) => columns.map((c) => escapeMarkdown(displayCell(c, row)));
  const totals = cells(totalsRow(report)).map((cell) => (cell === '' ? '' : `**${cell}**`));
  const heading = report.office ? [`**${escapeMarkdown(report.office.toUpperCase())}**`, ''] : [];
  return [
    ...heading,
    `# ${REPORT_TITLE}`,
    '',
    `*${escapeMarkdown(placeAndDate(report))}*`,
    '',
    escapeMarkdown(asOfLine(report)),
    '',
    escapeMarkdown(report.sentence),
    '',
    ...report.warnings.map((warning) => `> ${escapeMarkdown(warning)}`),
    ...(report.warnings.length ? [''] : []),
    markdownTableLine(columns.map((c) => escapeMarkdown(c.header))),
    markdownTableLine(alignments),
    ...reportRows(report).map((row) => markdownTableLine(cells(row))),
    markdownTableLine(totals),
    '',
  ].join('\n');
}

function pad(text: string, width: number, right = false): string {
  const length = [...text].length;
  if (length >= width) return text;
  return right ? ' '.repeat(width - length) + text : text + ' '.repeat(width - length);
}

function truncate(text: string, width: number): string {
  return [...text].length > width ? `${[...text].slice(0, width - 1).join('')}…` : text;
}

/** The terminal table's columns, right-aligned after the group name. */
interface TerminalColumn {
  header: string;
  cell: (g: GroupFigures) => string;
}

function terminalColumns(report: Report): TerminalColumn[] {
  const columns: TerminalColumn[] = [
    { header: 'Sĩ số', cell: (g) => formatCount(g.students) },
    { header: 'Có thẻ', cell: (g) => formatCount(g.insured) },
    { header: 'Tỷ lệ', cell: (g) => formatPercent(g.coverage) },
    { header: 'Cần thêm', cell: (g) => formatCount(g.needed) },
  ];
  if (report.previous) {
    columns.push({ header: 'Thay đổi', cell: (g) => (g.change ? `${formatPoints(g.change.coveragePoints)} điểm` : '—') });
  }
  return columns;
}

const TERMINAL_NAME_WIDTH = { min: 12, max: 44 };

/**
 * What `bhyt report` prints: the sentence, the groups below target (the first `limit`
 * of them: the files hold the rest), how many groups reached it and how many cards
 * run out soon. The command prints the warnings itself, on stderr. Colour only
 * through `c`, so a pipe or NO_COLOR gets plain text.
 */
export function renderReportLines(report: Report, c: ChalkInstance, limit = 30): string[] {
  const below = report.groups.filter((g) => g.needed > 0);
  const word = GROUP_WORD[report.groupBy];
  const lines = [c.bold(report.sentence)];
  if (below.length > 0) {
    const columns = terminalColumns(report);
    const shown = below.slice(0, limit);
    const nameWidth = Math.min(TERMINAL_NAME_WIDTH.max, Math.max(TERMINAL_NAME_WIDTH.min, ...shown.map((g) => [...g.group].length)));
    const widths = columns.map((column) => Math.max([...column.header].length, ...shown.map((g) => [...column.cell(g)].length)) + 2);
    const line = (name: string, cells: string[]) => pad(truncate(name, nameWidth), nameWidth) + cells.map((cell, i) => pad(cell, widths[i], true)).join('');
    lines.push(
      '',
      c.bold(`Các ${word} chưa đạt chỉ tiêu ${formatPercent(report.target)}:`),
      c.bold(line(GROUP_HEADER[report.groupBy], columns.map((column) => column.header))),
      ...shown.map((g) => line(g.group, columns.map((column) => column.cell(g)))),
    );
    if (below.length > shown.length) lines.push(`... và ${formatCount(below.length - shown.length)} ${word} khác (xem tệp báo cáo).`);
  }
  lines.push('', c.green(`${formatCount(report.totals.groupsAtTarget)}/${formatCount(report.totals.groups)} ${word} đạt chỉ tiêu.`), renewalsLine(report, c));
  return lines;
}

function renewalsLine(report: Report, c: ChalkInstance): string {
  const window = `trong ${report.renewalDays} ngày kể từ ngày ${formatDateVi(report.asOf)}`;
  const count = report.renewals.length;
  if (count === 0) return `Không có thẻ nào hết hạn ${window}.`;
  return c.yellow(`${formatCount(count)} thẻ hết hạn ${window} (danh sách trong tệp báo cáo).`);
}
