/**
 * The report as a print-ready workbook: sheet "Báo cáo" laid out like the letter an
 * office sends up (agency, place and date, title, the sentence, the table, notes),
 * A4 landscape, one page wide, the table header on every page; then the cards running
 * out soon and, from the second run on, the trend.
 */
import type ExcelJS from 'exceljs';
import { formatDateVi, formatPercent } from '../render/format-vi.js';
import {
  A4_PAPER,
  addTableSheet,
  GRID,
  HEADER_STYLE,
  ORDINAL_COLUMN,
  writeWorkbookFile,
  type Column,
  type TableSheet,
} from '../render/workbook-style.js';
import type { RenewalCard, Report, TrendPoint } from './model.js';
import {
  asOfLine,
  displayCell,
  GROUP_WORD,
  headerSpans,
  placeAndDate,
  REPORT_TITLE,
  reportColumns,
  reportRows,
  totalsRow,
  type HeaderSpan,
  type ReportColumn,
  type ReportRow,
  type ReportValueKind,
} from './render-text.js';

type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;

export async function writeReportWorkbook(file: string, report: Report): Promise<void> {
  const headerFooter = pageHeaderFooter(report);
  await writeWorkbookFile(file, (workbook) => {
    // The report's first page carries the agency in its letterhead already.
    addReportSheet(workbook, report, { ...headerFooter, differentFirst: true, firstHeader: '', firstFooter: headerFooter.oddFooter });
    addTableSheet(workbook, renewalsTable(report, headerFooter));
    if (report.trend.length >= 2) addTableSheet(workbook, trendTable(report, headerFooter));
  });
}

/** Administrative documents are set in Times New Roman (Decree 30/2020/NĐ-CP). */
const FONT_NAME = 'Times New Roman';
const BODY_FONT: Partial<ExcelJS.Font> = { name: FONT_NAME, size: 12 };
const BOLD_FONT: Partial<ExcelJS.Font> = { ...BODY_FONT, bold: true };
const ITALIC_FONT: Partial<ExcelJS.Font> = { ...BODY_FONT, italic: true };
const TITLE_FONT: Partial<ExcelJS.Font> = { ...BODY_FONT, size: 14, bold: true };

const BELOW_TARGET_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
const TOTALS_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

/** Excel's "Narrow" margins, in inches. */
const NARROW_MARGINS = { left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };

const NUMBER_FORMATS: Record<ReportValueKind, string | undefined> = {
  ordinal: '0',
  text: undefined,
  count: '#,##0',
  rate: '0.00%',
  countChange: '+#,##0;-#,##0;0',
  pointsChange: '+0.00;-0.00;0.00',
};

/**
 * Column widths are counted in digits of Excel's default font (11pt Calibri); an
 * average letter of 12pt Times New Roman is about as wide (measured with its metric
 * twin Liberation Serif in LibreOffice), capitals and bold are wider.
 */
const CAPITAL_WIDTH_FACTOR = 1.4;
const BOLD_WIDTH_FACTOR = 1.08;
const CELL_PADDING = 2;
/** Points per line of 12pt text. */
const LINE_HEIGHT = 16;
const GROUP_NAME_WIDTH = { min: 16, max: 42 };
const NUMBER_MIN_WIDTH = 8;

/** Rows of the title block; the table header starts under them. */
const TITLE_ROWS = { letterhead: 1, title: 3, asOf: 4, sentence: 5 } as const;
const HEADER_TOP = 7;

function addReportSheet(workbook: WorkbookWriter, report: Report, headerFooter: Partial<ExcelJS.HeaderFooter>): void {
  const columns = reportColumns(report);
  const rows = reportRows(report);
  const totals = totalsRow(report);
  const widths = columnWidths(columns, [...rows, totals]);
  const twoHeaderRows = headerSpans(columns).some((span) => span.banded);
  const headerBottom = twoHeaderRows ? HEADER_TOP + 1 : HEADER_TOP;
  const firstData = `A${headerBottom + 1}`;
  const worksheet = workbook.addWorksheet('Báo cáo', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerBottom, topLeftCell: firstData, activeCell: firstData }],
    pageSetup: {
      paperSize: A4_PAPER,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      // 0: as many pages down as the groups need.
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${HEADER_TOP}:${headerBottom}`,
      margins: NARROW_MARGINS,
    },
    headerFooter,
  });
  worksheet.columns = columns.map((column, index) => ({
    width: widths[index],
    style: { font: BODY_FONT, numFmt: NUMBER_FORMATS[column.kind] },
  }));
  addTitleBlock(worksheet, report, widths);
  addHeaderRows(worksheet, columns, widths, twoHeaderRows);
  for (const row of rows) addFiguresRow(worksheet, columns, widths, row);
  addFiguresRow(worksheet, columns, widths, totals);
  addNotes(worksheet, report, widths, headerBottom + rows.length + 1);
  worksheet.commit();
}

function columnWidths(columns: readonly ReportColumn[], rows: readonly ReportRow[]): number[] {
  return columns.map((column) => {
    const widestValue = rows.reduce((widest, row) => Math.max(widest, textWidth(displayCell(column, row), BODY_FONT)), 0);
    if (column.kind === 'text') {
      const longest = Math.max(textWidth(column.header, BOLD_FONT), widestValue);
      return Math.ceil(clamp(longest, GROUP_NAME_WIDTH.min, GROUP_NAME_WIDTH.max) + CELL_PADDING);
    }
    if (column.kind === 'ordinal') return Math.ceil(Math.max(textWidth(column.header, BOLD_FONT), widestValue) + CELL_PADDING);
    // Headers wrap between words, so the longest word and the widest number decide.
    const longestWord = Math.max(...headerText(column).split(' ').map((word) => textWidth(word, BOLD_FONT)));
    return Math.ceil(Math.max(NUMBER_MIN_WIDTH, longestWord, widestValue) + CELL_PADDING);
  });
}

function headerText(column: ReportColumn): string {
  return column.band?.header ?? column.header;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** About how wide `text` is in `font`, in Excel's column width units. */
function textWidth(text: string, font: Partial<ExcelJS.Font>): number {
  let units = 0;
  for (const character of text) units += character !== character.toLowerCase() ? CAPITAL_WIDTH_FACTOR : 1;
  return units * ((font.size ?? 12) / 12) * (font.bold ? BOLD_WIDTH_FACTOR : 1);
}

/** Lines `text` wraps to in cells `width` units wide, breaking between words as Excel does. */
function wrappedLineCount(text: string, width: number, font: Partial<ExcelJS.Font>): number {
  const room = Math.max(1, width - CELL_PADDING);
  const space = textWidth(' ', font);
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/)) {
    const wordWidth = textWidth(word, font);
    if (used > 0 && used + space + wordWidth <= room) used += space + wordWidth;
    else {
      if (used > 0) lines++;
      // A word longer than the cell is broken across lines.
      const brokenLines = Math.max(0, Math.ceil(wordWidth / room) - 1);
      lines += brokenLines;
      used = wordWidth - brokenLines * room;
    }
  }
  return lines;
}

function rowHeight(lines: number, font: Partial<ExcelJS.Font>): number {
  return lines * LINE_HEIGHT * ((font.size ?? 12) / 12) + 4;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * One line of text merged across columns `from`..`to` (1-based). Merged cells never
 * grow to fit their text, so the row height is computed from the wrapped line count.
 */
function addMergedLine(
  worksheet: ExcelJS.Worksheet,
  rowNumber: number,
  span: { from: number; to: number },
  content: string,
  style: { font: Partial<ExcelJS.Font>; horizontal: ExcelJS.Alignment['horizontal'] },
  widths: readonly number[],
): void {
  const row = worksheet.getRow(rowNumber);
  const cell = row.getCell(span.from);
  cell.value = content;
  cell.font = style.font;
  cell.alignment = { horizontal: style.horizontal, vertical: 'top', wrapText: true };
  if (span.to > span.from) worksheet.mergeCells(rowNumber, span.from, rowNumber, span.to);
  const lines = wrappedLineCount(content, sum(widths.slice(span.from - 1, span.to)), style.font);
  row.height = Math.max(row.height ?? 0, rowHeight(lines, style.font));
}

/**
 * Agency top left and place and date top right, as on an administrative letter; then
 * the title, the as-of date with the target, and the sentence the office writes.
 */
function addTitleBlock(worksheet: ExcelJS.Worksheet, report: Report, widths: readonly number[]): void {
  const all = { from: 1, to: widths.length };
  const middle = Math.ceil(widths.length / 2);
  if (report.office) {
    addMergedLine(worksheet, TITLE_ROWS.letterhead, { from: 1, to: middle }, report.office.toUpperCase(), { font: BOLD_FONT, horizontal: 'left' }, widths);
  }
  addMergedLine(worksheet, TITLE_ROWS.letterhead, { from: middle + 1, to: widths.length }, placeAndDate(report), { font: ITALIC_FONT, horizontal: 'right' }, widths);
  addMergedLine(worksheet, TITLE_ROWS.title, all, REPORT_TITLE, { font: TITLE_FONT, horizontal: 'center' }, widths);
  addMergedLine(worksheet, TITLE_ROWS.asOf, all, asOfLine(report), { font: ITALIC_FONT, horizontal: 'center' }, widths);
  addMergedLine(worksheet, TITLE_ROWS.sentence, all, report.sentence, { font: BODY_FONT, horizontal: 'left' }, widths);
  for (let rowNumber = 1; rowNumber < HEADER_TOP; rowNumber++) worksheet.getRow(rowNumber).commit();
}

const TABLE_HEADER_STYLE: Partial<ExcelJS.Style> = {
  ...HEADER_STYLE,
  font: BOLD_FONT,
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
};

/**
 * A band ("Có thẻ BHYT") over its columns on the top row, their own labels below, and
 * every other header merged down both rows; the two rows repeat on every printed page.
 */
function addHeaderRows(worksheet: ExcelJS.Worksheet, columns: readonly ReportColumn[], widths: readonly number[], twoRows: boolean): void {
  const spans = headerSpans(columns);
  const top = worksheet.getRow(HEADER_TOP);
  const bottom = twoRows ? worksheet.getRow(HEADER_TOP + 1) : top;
  columns.forEach((column, index) => {
    top.getCell(index + 1).style = TABLE_HEADER_STYLE;
    bottom.getCell(index + 1).style = TABLE_HEADER_STYLE;
    if (column.band) bottom.getCell(index + 1).value = column.band.header;
  });
  for (const span of spans) {
    top.getCell(span.first + 1).value = span.label;
    if (span.banded) worksheet.mergeCells(HEADER_TOP, span.first + 1, HEADER_TOP, span.first + span.span);
    else if (twoRows) worksheet.mergeCells(HEADER_TOP, span.first + 1, HEADER_TOP + 1, span.first + 1);
  }
  const spanLines = (span: HeaderSpan) => wrappedLineCount(span.label, sum(widths.slice(span.first, span.first + span.span)), BOLD_FONT);
  const standing = Math.max(1, ...spans.filter((span) => !span.banded).map(spanLines));
  if (twoRows) {
    const bands = Math.max(1, ...spans.filter((span) => span.banded).map(spanLines));
    const under = Math.max(1, ...columns.map((column, index) => (column.band ? wrappedLineCount(column.band.header, widths[index], BOLD_FONT) : 1)));
    top.height = rowHeight(bands, BOLD_FONT);
    // A header standing over both rows needs their heights together.
    bottom.height = rowHeight(Math.max(under, standing - bands), BOLD_FONT);
  } else {
    top.height = rowHeight(standing, BOLD_FONT);
  }
  top.commit();
  bottom.commit();
}

/** A group's line, filled when it is below target; the totals line in bold. */
function addFiguresRow(worksheet: ExcelJS.Worksheet, columns: readonly ReportColumn[], widths: readonly number[], row: ReportRow): void {
  const isTotals = row.ordinal === null;
  const excelRow = worksheet.addRow(columns.map((column) => cellValue(column, row)));
  let lines = 1;
  columns.forEach((column, index) => {
    const cell = excelRow.getCell(index + 1);
    cell.border = GRID;
    cell.alignment = { vertical: 'middle', wrapText: column.kind === 'text', horizontal: column.kind === 'ordinal' ? 'center' : undefined };
    if (isTotals) cell.font = BOLD_FONT;
    if (isTotals) cell.fill = TOTALS_FILL;
    else if (row.belowTarget) cell.fill = BELOW_TARGET_FILL;
    if (column.kind === 'text') lines = wrappedLineCount(displayCell(column, row), widths[index], isTotals ? BOLD_FONT : BODY_FONT);
  });
  if (lines > 1) excelRow.height = rowHeight(lines, BODY_FONT);
  excelRow.commit();
}

/** Rates are stored as fractions so Excel can compute with them; `0.00%` shows 99,43%. */
function cellValue(column: ReportColumn, row: ReportRow): ExcelJS.CellValue {
  const value = column.value(row.figures, row.ordinal);
  return column.kind === 'rate' && typeof value === 'number' ? value / 100 : value;
}

/** What the colours and the less obvious columns mean, and the report's warnings. */
function addNotes(worksheet: ExcelJS.Worksheet, report: Report, widths: readonly number[], lastTableRow: number): void {
  const notes = [
    `Ghi chú: dòng tô màu là ${GROUP_WORD[report.groupBy]} chưa đạt chỉ tiêu ${formatPercent(report.target)}; "Cần thêm để đạt chỉ tiêu" là số học sinh phải có thêm thẻ BHYT.`,
    ...(report.totals.insuredBy.unknown > 0
      ? ['"Chưa rõ nhóm": thẻ chỉ ghi mã số BHXH 10 số (mẫu thẻ từ 4/2021), không cho biết nhóm đối tượng.']
      : []),
    ...report.warnings,
  ];
  const first = lastTableRow + 2;
  notes.forEach((note, index) => {
    addMergedLine(worksheet, first + index, { from: 1, to: widths.length }, note, { font: ITALIC_FONT, horizontal: 'left' }, widths);
    worksheet.getRow(first + index).commit();
  });
}

/** Excel reads `&` as the start of a code in headers and footers. */
function headerFooterText(text: string): string {
  return text.replace(/&/g, '&&');
}

/** The agency on every page's header, the page number in every footer. */
function pageHeaderFooter(report: Report): Partial<ExcelJS.HeaderFooter> {
  const office = report.office ? `&L${headerFooterText(report.office.toUpperCase())}` : '';
  return {
    oddHeader: `${office}&R${headerFooterText(`Tỷ lệ học sinh tham gia BHYT, tính đến ngày ${formatDateVi(report.asOf)}`)}`,
    oddFooter: '&CTrang &P / &N',
  };
}

const RENEWAL_COLUMNS: Column<RenewalCard>[] = [
  ORDINAL_COLUMN,
  { header: 'Trường', kind: 'text', value: (r) => r.school },
  { header: 'Lớp', kind: 'text', value: (r) => r.class },
  { header: 'Họ và tên', kind: 'text', value: (r) => r.name },
  { header: 'Ngày sinh', kind: 'date', value: (r) => r.dob },
  { header: 'Mã số BHXH', kind: 'id', value: (r) => r.bhxh },
  { header: 'Số thẻ', kind: 'id', value: (r) => r.cardNumber },
  { header: 'Hạn đến', kind: 'date', value: (r) => r.validTo },
  { header: 'Còn (ngày)', kind: 'number', value: (r) => r.daysLeft },
];

function renewalsTable(report: Report, headerFooter: Partial<ExcelJS.HeaderFooter>): TableSheet<RenewalCard> {
  const window = `trong ${report.renewalDays} ngày kể từ ngày ${formatDateVi(report.asOf)}`;
  return {
    name: 'Thẻ sắp hết hạn',
    titles: [`Thẻ BHYT của học sinh hết hạn ${window}`],
    columns: RENEWAL_COLUMNS,
    rows: report.renewals,
    emptyNote: `Không có thẻ nào hết hạn ${window}.`,
    headerFooter,
    orientation: 'landscape',
  };
}

const TREND_COLUMNS: Column<TrendPoint>[] = [
  { header: 'Ngày tính', kind: 'date', value: (p) => p.asOf },
  { header: 'Sĩ số', kind: 'count', value: (p) => p.students },
  { header: 'Có thẻ', kind: 'count', value: (p) => p.insured },
  { header: 'Tỷ lệ', kind: 'rate', value: (p) => p.coverage / 100 },
];

function trendTable(report: Report, headerFooter: Partial<ExcelJS.HeaderFooter>): TableSheet<TrendPoint> {
  return {
    name: 'Xu hướng',
    titles: ['Tỷ lệ học sinh có thẻ BHYT qua các lần tính'],
    columns: TREND_COLUMNS,
    rows: report.trend,
    headerFooter,
  };
}
