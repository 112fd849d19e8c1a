/** .xlsx workbooks, streamed sheet by sheet with exceljs so large exports fit in memory. */
import ExcelJS from 'exceljs';
import type { CellValue, TableRow } from './table.js';

export interface XlsxSheet {
  name: string;
  rows: AsyncIterable<TableRow>;
}

/**
 * Sheets in workbook order; read each sheet's rows before asking for the next sheet.
 * Streams when the zip lists the workbook before its sheets; other writers put it last,
 * which the streaming reader cannot follow, so such files are read whole.
 */
export async function* readXlsxSheets(filePath: string): AsyncGenerator<XlsxSheet> {
  let yielded = false;
  try {
    for await (const sheet of streamSheets(filePath)) {
      yielded = true;
      yield sheet;
    }
  } catch (error) {
    if (yielded) throw error;
    yield* wholeWorkbookSheets(filePath);
  }
}

async function* wholeWorkbookSheets(filePath: string): AsyncGenerator<XlsxSheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(filePath);
  for (const worksheet of workbook.worksheets) {
    yield { name: worksheet.name, rows: sheetRows(rowsOf(worksheet)) };
  }
}

async function* rowsOf(worksheet: ExcelJS.Worksheet): AsyncGenerator<ExcelJS.Row> {
  const rows: ExcelJS.Row[] = [];
  worksheet.eachRow((row) => rows.push(row));
  yield* rows;
}

async function* streamSheets(filePath: string): AsyncGenerator<XlsxSheet> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const worksheet of workbook as AsyncIterable<ExcelJS.stream.xlsx.WorksheetReader & { name?: string }>) {
    yield { name: worksheet.name ?? `Sheet${(worksheet as { id?: number }).id ?? ''}`, rows: sheetRows(worksheet) };
  }
}

async function* sheetRows(worksheet: AsyncIterable<ExcelJS.Row>): AsyncGenerator<TableRow> {
  for await (const row of worksheet) {
    const cells: CellValue[] = [];
    const fonts: (string | undefined)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      // Merged cells repeat the master's value in the whole workbook model; only the master holds it.
      if (cell.isMerged && cell.master !== cell) return;
      cells[column - 1] = cellValue(cell.value);
      fonts[column - 1] = cell.font?.name ?? richTextFont(cell.value);
    });
    if (cells.length === 0) continue;
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    yield { row: row.number, cells, fonts };
  }
}

function richTextFont(value: ExcelJS.CellValue): string | undefined {
  return value && typeof value === 'object' && 'richText' in value ? value.richText[0]?.font?.name : undefined;
}

/** Plain value of an exceljs cell: rich text joined, formulas by their cached result, errors as empty. */
export function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((run) => run.text).join('');
    if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return null;
  }
  return null;
}
