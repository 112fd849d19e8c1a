/**
 * How every table in our workbooks looks and prints: title lines, a bold header that
 * stays on screen and on every printed page, a filter, fitted columns, real dates,
 * IDs as text. Sheets are written with exceljs' streaming writer because a province's
 * lists run to hundreds of thousands of rows.
 */
import { rename, rm } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { formatCount, formatPercent } from './format-vi.js';

type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;

/**
 * What a column holds decides how it is written:
 * - `text`: a string as is;
 * - `id`: a code or number that must stay text so Excel keeps leading zeros (`0123456789`);
 * - `date`: an ISO date, written as a real date cell; a year-only `2015` stays text;
 * - `count`: a whole number with thousands grouping;
 * - `rate`: a fraction (0.9943) shown as a percentage, so Excel can compute with it;
 * - `number`: a plain whole number (row numbers: no grouping).
 */
export type ColumnKind = 'text' | 'id' | 'date' | 'count' | 'rate' | 'number';

export interface ValueColumn<Row> {
  header: string;
  kind: ColumnKind;
  value: (row: Row) => string | number | null;
  /** A fixed width in characters, for columns the reader fills in by hand. */
  width?: number;
}

/** STT: numbered by the writer, 1 on the first data row. */
export interface OrdinalColumn {
  header: string;
  kind: 'ordinal';
}

export type Column<Row> = ValueColumn<Row> | OrdinalColumn;

export const ORDINAL_COLUMN: OrdinalColumn = { header: 'STT', kind: 'ordinal' };

export interface TableSheet<Row> {
  /** Sheet name: at most 31 characters, none of `[]:*?/\`. */
  name: string;
  /** Lines above the table; the first is the heading. */
  titles: string[];
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  /** A bold line under the table, outside the filter range so sorting leaves it last. */
  totals?: Row;
  /** Said under the header when there are no rows, so an empty list reads as good news. */
  emptyNote?: string;
  /** Printed on every page; Excel's codes: `&P` page number, `&N` page count, `&&` an ampersand. */
  headerFooter?: Partial<ExcelJS.HeaderFooter>;
  /** Paper orientation; without it, chosen from the table's width. */
  orientation?: ExcelJS.PageSetup['orientation'];
}

const NUMBER_FORMATS: Partial<Record<Column<unknown>['kind'], string>> = {
  id: '@',
  date: 'dd/mm/yyyy',
  count: '#,##0',
  rate: '0.00%',
  number: '0',
};

const MIN_WIDTH = 6;
const MAX_WIDTH = 50;
/** Room for the filter button beside a header. */
const HEADER_PADDING = 3;
const CELL_PADDING = 2;
/**
 * About as many character widths as fit across portrait A4; a wider table is printed
 * landscape so fitting it to the page width does not shrink the text too far.
 */
const PORTRAIT_WIDTH_LIMIT = 95;
/** Excel's row limit. */
const MAX_SHEET_ROWS = 1_048_576;
export const A4_PAPER = 9;

const HEADING_FONT: Partial<ExcelJS.Font> = { bold: true, size: 13 };
const BOLD_FONT: Partial<ExcelJS.Font> = { bold: true };
const NOTE_FONT: Partial<ExcelJS.Font> = { italic: true };
const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
/** Lines round every table cell: printed lists are read and filled in on paper. */
export const GRID: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: BOLD_FONT,
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
  border: GRID,
  alignment: { vertical: 'middle', wrapText: true },
};

/** A streaming workbook written to `path + '.tmp'` and renamed when complete, so a
 * half-written file never carries the final name. */
export async function writeWorkbookFile(
  path: string,
  addSheets: (workbook: WorkbookWriter) => void,
): Promise<void> {
  const temporary = `${path}.tmp`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: temporary,
    useStyles: true,
    useSharedStrings: true,
  });
  try {
    addSheets(workbook);
    await workbook.commit();
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await replaceFile(temporary, path);
}

/** Raised when the final file cannot be replaced, most often because Excel has it open. */
export class OutputFileBusyError extends Error {
  constructor(
    readonly path: string,
    options: { cause: unknown },
  ) {
    super(
      `Không ghi được tệp ${path}: tệp đang được mở trong chương trình khác (Excel?). ` +
        'Hãy đóng tệp rồi chạy lại.',
      options,
    );
    this.name = 'OutputFileBusyError';
  }
}

/** Renames a complete temporary file to its final name, or says the final file is held open. */
export async function replaceFile(temporary: string, path: string): Promise<void> {
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    if (isFileLockedError(error)) throw new OutputFileBusyError(path, { cause: error });
    throw error;
  }
}

/** Windows refuses to replace a file another program holds open with one of these. */
function isFileLockedError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EPERM' || code === 'EBUSY' || code === 'EACCES';
}

/** Adds one table as a sheet and commits it. */
export function addTableSheet<Row>(workbook: WorkbookWriter, table: TableSheet<Row>): void {
  const headerRow = table.titles.length === 0 ? 1 : table.titles.length + 2;
  const widths = fitColumnWidths(table);
  const worksheet = workbook.addWorksheet(table.name, {
    // The streaming writer writes views and page properties when the sheet is opened.
    views: [frozenBelow(headerRow)],
    pageSetup: pageSetupFor(widths, headerRow, table.orientation),
    headerFooter: table.headerFooter,
  });
  worksheet.columns = table.columns.map((column, index) => ({
    width: widths[index],
    style: { numFmt: NUMBER_FORMATS[column.kind] },
  }));

  addTitleRows(worksheet, table.titles);
  addHeaderRow(worksheet, headerRow, table.columns);
  const shownRows = table.rows.slice(0, MAX_SHEET_ROWS - headerRow - 2);
  shownRows.forEach((row, index) => {
    addTableRow(worksheet, cellValues(table.columns, row, index + 1));
  });
  worksheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: headerRow + shownRows.length, column: table.columns.length },
  };
  addClosingRow(worksheet, table, shownRows.length);
  worksheet.commit();
}

function frozenBelow(headerRow: number): Partial<ExcelJS.WorksheetView> {
  const firstDataCell = `A${headerRow + 1}`;
  return { state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: firstDataCell, activeCell: firstDataCell };
}

function pageSetupFor(
  widths: number[],
  headerRow: number,
  orientation?: ExcelJS.PageSetup['orientation'],
): Partial<ExcelJS.PageSetup> {
  const totalWidth = widths.reduce((sum, width) => sum + width, 0);
  return {
    paperSize: A4_PAPER,
    orientation: orientation ?? (totalWidth > PORTRAIT_WIDTH_LIMIT ? 'landscape' : 'portrait'),
    fitToPage: true,
    fitToWidth: 1,
    // 0: as many pages down as the list needs.
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
}

function addTitleRows(worksheet: ExcelJS.Worksheet, titles: string[]): void {
  titles.forEach((title, index) => {
    const row = worksheet.addRow([title]);
    row.getCell(1).font = index === 0 ? HEADING_FONT : BOLD_FONT;
    row.commit();
  });
}

function addHeaderRow<Row>(worksheet: ExcelJS.Worksheet, rowNumber: number, columns: readonly Column<Row>[]): void {
  const row = worksheet.getRow(rowNumber);
  columns.forEach((column, index) => {
    const cell = row.getCell(index + 1);
    cell.value = column.header;
    cell.style = HEADER_STYLE;
  });
  row.commit();
}

function addClosingRow<Row>(worksheet: ExcelJS.Worksheet, table: TableSheet<Row>, shownCount: number): void {
  if (table.totals !== undefined) {
    addTableRow(worksheet, cellValues(table.columns, table.totals, null), BOLD_FONT);
  }
  const hiddenCount = table.rows.length - shownCount;
  const note =
    hiddenCount > 0
      ? `Còn ${formatCount(hiddenCount)} dòng không hiển thị vì vượt giới hạn số dòng của Excel.`
      : table.rows.length === 0
        ? table.emptyNote
        : undefined;
  if (note !== undefined) {
    const row = worksheet.addRow([note]);
    row.getCell(1).font = NOTE_FONT;
    row.commit();
  }
}

function addTableRow(worksheet: ExcelJS.Worksheet, values: ExcelJS.CellValue[], font?: Partial<ExcelJS.Font>): void {
  const row = worksheet.addRow(values);
  values.forEach((_, index) => {
    const cell = row.getCell(index + 1);
    cell.border = GRID;
    if (font) cell.font = font;
  });
  row.commit();
}

function cellValues<Row>(columns: readonly Column<Row>[], row: Row, ordinal: number | null): ExcelJS.CellValue[] {
  return columns.map((column) =>
    column.kind === 'ordinal' ? ordinal : toCellValue(column.kind, column.value(row)),
  );
}

function toCellValue(kind: ColumnKind, value: string | number | null): ExcelJS.CellValue {
  if (value === null) return null;
  if (kind === 'date' && typeof value === 'string') return isoToUtcDate(value) ?? value;
  if (kind === 'id' || kind === 'text') return String(value);
  return value;
}

/**
 * `2026-11-15` → the Date at UTC midnight of that day: exceljs converts dates to Excel
 * serials in UTC, so this writes the same day whatever the machine's time zone.
 * Anything else (a year-only `2015`) is not a day and gets null.
 */
export function isoToUtcDate(iso: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return day ? new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : null;
}

/** Widths from the longest text each column will show, header included. */
function fitColumnWidths<Row>(table: TableSheet<Row>): number[] {
  const rows = table.totals === undefined ? table.rows : [...table.rows, table.totals];
  return table.columns.map((column) => {
    if (column.kind !== 'ordinal' && column.width !== undefined) return column.width;
    let longest = column.header.length + HEADER_PADDING - CELL_PADDING;
    if (column.kind === 'ordinal') longest = Math.max(longest, String(rows.length).length);
    else for (const row of rows) longest = Math.max(longest, shownLength(column.kind, column.value(row)));
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + CELL_PADDING));
  });
}

function shownLength(kind: ColumnKind, value: string | number | null): number {
  if (value === null) return 0;
  if (typeof value === 'string') return kind === 'date' && isoToUtcDate(value) ? 'dd/mm/yyyy'.length : value.length;
  if (kind === 'count') return formatCount(value).length;
  if (kind === 'rate') return formatPercent(value * 100).length;
  return String(value).length;
}
