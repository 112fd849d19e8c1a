/**
 * Reader for "XML Spreadsheet 2003" (SpreadsheetML) files, which Excel 2003 and many web
 * systems write under an .xls name: `<Workbook>` of `<Worksheet ss:Name>`, each with a `<Table>`
 * of `<Row ss:Index>` of `<Cell ss:Index ss:MergeAcross>` holding `<Data ss:Type>`.
 *
 * A small tokenizer of its own, one pass with indexOf, so linear in the file's size; it does not
 * check that the XML is well formed, and reads what a truncated file holds.
 */
import { decodeMarkup } from './encoding.js';
import { decodeHtmlEntities } from './html-tables.js';
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

/** Local name: `ss:Row` and `Row` are the same element. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

class WorkbookBuilder {
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

  open(name: string, attributes: Record<string, string>): void {
    switch (name) {
      case 'Worksheet':
        this.closeSheet();
        this.sheet = { name: attributes.Name ?? `Sheet${this.sheets.length + 1}`, rows: [] };
        this.rowNumber = 0;
        return;
      case 'Table':
        this.rowNumber = 0;
        return;
      case 'Row': {
        if (!this.sheet) return;
        this.closeRow();
        const index = indexOf(attributes.Index);
        const number = index && index > 0 ? index : this.rowNumber + 1;
        this.rowSpan = indexOf(attributes.Span) ?? 0;
        this.row = { number, cells: [], width: 0, next: 1 };
        return;
      }
      case 'Cell': {
        const row = this.row;
        if (!row) return;
        this.closeCell();
        const index = indexOf(attributes.Index);
        const column = index && index > 0 ? index : row.next;
        row.next = column + (indexOf(attributes.MergeAcross) ?? 0) + 1;
        this.cell = { column, value: null };
        return;
      }
      case 'Data':
        if (this.cell && this.commentDepth === 0) {
          this.dataParts = [];
          this.dataType = attributes.Type;
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

const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * The worksheets of an XML Spreadsheet 2003 file in order, by their ss:Name. Cells: Number as
 * numbers, DateTime as a Date at UTC midnight of its date part, Boolean as booleans, String
 * (rich text too) as text; ss:Index places rows and cells, ss:MergeAcross keeps the value in the
 * merge's first cell. Comments on cells are left out.
 */
export function readSpreadsheetMl(text: string): SpreadsheetMlSheet[] {
  const builder = new WorkbookBuilder();
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < n) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > pos) builder.text(decodeHtmlEntities(text.slice(pos, textEnd)));
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      pos = end < 0 ? n : end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos + 9);
      builder.text(text.slice(pos + 9, end < 0 ? n : end));
      pos = end < 0 ? n : end + 3;
      continue;
    }
    if (text.startsWith('<!', pos) || text.startsWith('<?', pos)) {
      const end = text.indexOf('>', pos + 2);
      pos = end < 0 ? n : end + 1;
      continue;
    }
    const closing = text.charCodeAt(pos + 1) === SLASH;
    let nameEnd = closing ? pos + 2 : pos + 1;
    const nameStart = nameEnd;
    while (nameEnd < n) {
      const c = text.charCodeAt(nameEnd);
      if (isSpace(c) || c === SLASH || c === GT) break;
      nameEnd++;
    }
    const name = localName(text.slice(nameStart, nameEnd));
    if (closing) {
      const end = text.indexOf('>', nameEnd);
      pos = end < 0 ? n : end + 1;
      builder.close(name);
      continue;
    }
    const attributes: Record<string, string> = {};
    let selfClosing = false;
    pos = nameEnd;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === GT) {
        pos++;
        break;
      }
      if (c === SLASH) {
        selfClosing = true;
        pos++;
        continue;
      }
      if (isSpace(c)) {
        pos++;
        continue;
      }
      selfClosing = false;
      const attributeStart = pos;
      while (pos < n) {
        const d = text.charCodeAt(pos);
        if (isSpace(d) || d === EQUALS || d === GT || d === SLASH) break;
        pos++;
      }
      if (pos === attributeStart) {
        pos++;
        continue;
      }
      const attribute = localName(text.slice(attributeStart, pos));
      while (pos < n && isSpace(text.charCodeAt(pos))) pos++;
      if (text.charCodeAt(pos) !== EQUALS) continue;
      pos++;
      while (pos < n && isSpace(text.charCodeAt(pos))) pos++;
      const q = text.charCodeAt(pos);
      if (q === QUOTE || q === APOSTROPHE) {
        const end = text.indexOf(q === QUOTE ? '"' : "'", pos + 1);
        const valueEnd = end < 0 ? n : end;
        attributes[attribute] = decodeHtmlEntities(text.slice(pos + 1, valueEnd));
        pos = valueEnd + 1;
      } else {
        const start = pos;
        while (pos < n && !isSpace(text.charCodeAt(pos)) && text.charCodeAt(pos) !== GT) pos++;
        attributes[attribute] = text.slice(start, pos);
      }
    }
    builder.open(name, attributes);
    if (selfClosing) builder.close(name);
  }
  return builder.finish();
}
