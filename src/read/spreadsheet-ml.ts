/**
 * Reader for "XML Spreadsheet 2003" (SpreadsheetML) files, which Excel 2003 and many web
 * systems write under an .xls name: `<Workbook>` of `<Worksheet ss:Name>`, each with a `<Table>`
 * of `<Row ss:Index>` of `<Cell ss:Index ss:MergeAcross>` holding `<Data ss:Type>`.
 *
 * A small tokenizer of its own, one pass with indexOf, so linear in the file's size; it does not
 * check that the XML is well formed, and reads what a truncated file holds.
 */
import { decodeMarkup } from './encoding.js';
import { XmlScanner, type XmlAttributes, type XmlHandler } from './xml-scanner.js';
import { XlsxFormatError } from './xlsx-format-error.js';
import type { CellValue, TableRow } from './table.js';

export interface SpreadsheetMlSheet {
  name: string;
  /** Rows with a value, numbered as Excel shows them. */
  rows: TableRow[];
}

/** Excel's limits; cells beyond them are dropped. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16384;

/** The file's text: a byte-order mark or UTF-16, else the XML declaration's encoding, else the usual guess. */
export function decodeSpreadsheetMlBytes(data: Buffer): string {
  return decodeMarkup(data, (head) => /^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']/.exec(head)?.[1] ?? null);
}

interface Row {
  number: number;
  cells: CellValue[];
  width: number;
  /** 1-based column of the next cell without ss:Index. */
  next: number;
}

interface Cell {
  column: number;
  value: CellValue;
}

/** The value of a `<Data>` element by its ss:Type. */
function dataValue(type: string | undefined, text: string): CellValue {
  switch (type) {
    case 'Number': {
      const trimmed = text.trim();
      if (trimmed === '') return null;
      const n = Number(trimmed);
      return Number.isFinite(n) ? n : text;
    }
    case 'DateTime': {
      const match = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(text);
      if (!match) return text.trim() === '' ? null : text;
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      date.setUTCFullYear(year);
      return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : text;
    }
    case 'Boolean': {
      const trimmed = text.trim().toLowerCase();
      if (trimmed === '1' || trimmed === 'true') return true;
      if (trimmed === '0' || trimmed === 'false') return false;
      return trimmed === '' ? null : text;
    }
    case 'Error':
      return null;
    default:
      return text === '' ? null : text;
  }
}

/** A positive integer attribute, or undefined when missing or not a number. */
function indexOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

class WorkbookBuilder implements XmlHandler {
  readonly sheets: SpreadsheetMlSheet[] = [];
  private sheet: SpreadsheetMlSheet | null = null;
  /** The number of the last row read in the current sheet. */
  private rowNumber = 0;
  private rowSpan = 0;
  private row: Row | null = null;
  private cell: Cell | null = null;
  /** The `<Data>` being read and its type; null outside one. */
  private dataParts: string[] | null = null;
  private dataType: string | undefined;
  /** Inside `<Comment>`, whose `<Data>` is the comment's text, not the cell's. */
  private commentDepth = 0;

  text(text: string): void {
    if (this.dataParts && this.commentDepth === 0) this.dataParts.push(text);
  }

  open(name: string, attributes: XmlAttributes): void {
    switch (name) {
      case 'Worksheet':
        this.closeSheet();
        this.sheet = { name: attributes.get('Name') ?? `Sheet${this.sheets.length + 1}`, rows: [] };
        this.rowNumber = 0;
        return;
      case 'Table':
        this.rowNumber = 0;
        return;
      case 'Row': {
        if (!this.sheet) return;
        this.closeRow();
        const index = indexOf(attributes.get('Index'));
        const number = index && index > 0 ? index : this.rowNumber + 1;
        this.rowSpan = indexOf(attributes.get('Span')) ?? 0;
        this.row = { number, cells: [], width: 0, next: 1 };
        return;
      }
      case 'Cell': {
        const row = this.row;
        if (!row) return;
        this.closeCell();
        const index = indexOf(attributes.get('Index'));
        const column = index && index > 0 ? index : row.next;
        row.next = column + (indexOf(attributes.get('MergeAcross')) ?? 0) + 1;
        this.cell = { column, value: null };
        return;
      }
      case 'Data':
        if (this.cell && this.commentDepth === 0) {
          this.dataParts = [];
          this.dataType = attributes.get('Type');
        }
        return;
      case 'Comment':
        this.commentDepth++;
        return;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'Worksheet':
        this.closeSheet();
        return;
      case 'Row':
        this.closeRow();
        return;
      case 'Cell':
        this.closeCell();
        return;
      case 'Data':
        if (this.dataParts && this.commentDepth === 0) {
          if (this.cell) this.cell.value = dataValue(this.dataType, this.dataParts.join(''));
          this.dataParts = null;
        }
        return;
      case 'Comment':
        if (this.commentDepth > 0) this.commentDepth--;
        return;
    }
  }

  finish(): SpreadsheetMlSheet[] {
    this.closeSheet();
    return this.sheets;
  }

  private closeCell(): void {
    const cell = this.cell;
    const row = this.row;
    this.cell = null;
    this.dataParts = null;
    if (!cell || !row || cell.value === null || cell.column > MAX_COLUMNS) return;
    row.cells[cell.column - 1] = cell.value;
    row.width = Math.max(row.width, cell.column);
  }

  private closeRow(): void {
    this.closeCell();
    const row = this.row;
    if (!row) return;
    this.row = null;
    this.rowNumber = row.number + this.rowSpan;
    this.rowSpan = 0;
    if (row.width === 0 || row.number > MAX_ROWS || !this.sheet) return;
    const cells: CellValue[] = new Array<CellValue>(row.width);
    for (let i = 0; i < row.width; i++) cells[i] = row.cells[i] ?? null;
    this.sheet.rows.push({ row: row.number, cells });
  }

  private closeSheet(): void {
    this.closeRow();
    if (this.sheet) this.sheets.push(this.sheet);
    this.sheet = null;
    this.commentDepth = 0;
  }
}


/**
 * The worksheets of an XML Spreadsheet 2003 file in order, by their ss:Name. Cells: Number as
 * numbers, DateTime as a Date at UTC midnight of its date part, Boolean as booleans, String
 * (rich text too) as text; ss:Index places rows and cells, ss:MergeAcross keeps the value in the
 * merge's first cell. Comments on cells are left out.
 */
export function readSpreadsheetMl(text: string): SpreadsheetMlSheet[] {
  const builder = new WorkbookBuilder();
  const scanner = new XmlScanner(builder, 'XML Spreadsheet 2003');
  scanner.write(text.replace(/^\ufeff/, ''));
  try {
    scanner.end();
  } catch (error) {
    // A file cut off (a download stopped): keep the rows it holds; the value it cuts is dropped.
    if (!(error instanceof XlsxFormatError)) throw error;
  }
  return builder.finish();
}
