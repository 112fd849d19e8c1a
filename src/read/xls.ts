/**
 * Reader for Excel 97-2003 workbooks: BIFF8 records in the "Workbook" stream of a compound file
 * ([MS-XLS]). Returns the cell values of every worksheet, with dates recognised from their number
 * formats and each cell's font name, so legacy Vietnamese fonts (.VnTime, VNI-Times) can be undone.
 *
 * Each record is checked against its length before a field is read, so damaged files raise
 * XlsFormatError rather than RangeError, and every loop advances through the stream.
 */
import { CompoundFileError, isCompoundFile, readCompoundStream } from './cfb.js';
import { dateFormatTester, excelSerialToDate } from './excel-dates.js';
import type { CellValue, TableRow } from './table.js';

// Tests and callers know the date helpers from here.
export { excelSerialToDate, isDateFormatCode } from './excel-dates.js';

export class XlsFormatError extends Error {
  override name = 'XlsFormatError';

  /**
   * @param message the technical detail, in English
   * @param advice for a common cause the user can fix, what to tell them, in Vietnamese
   */
  constructor(
    message: string,
    readonly advice?: string,
  ) {
    super(message);
  }
}

const ENCRYPTED = 'tệp có đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại';

export interface XlsSheet {
  name: string;
  rows: TableRow[];
}

/**
 * Parses a .xls workbook and returns its worksheets in tab order (hidden ones included; chart,
 * macro and VBA sheets left out). Throws XlsFormatError for files it cannot read.
 */
export function readXls(data: Buffer): XlsSheet[] {
  const stream = workbookStream(data);
  const globals = readGlobals(stream);
  const sheets: XlsSheet[] = [];
  for (const sheet of globals.sheets) {
    if (sheet.kind !== SHEET_KIND_WORKSHEET) continue;
    const rows = readWorksheet(stream, sheet, globals);
    if (rows) sheets.push({ name: sheet.name, rows });
  }
  return sheets;
}

// Record types ([MS-XLS] 2.3). BLANK and MULBLANK only carry formatting, CODEPAGE only matters for
// BIFF5 strings (BIFF8 strings are UTF-16 or Latin-1), so none of them needs handling.
const BOF = 0x0809;
const EOF = 0x000a;
const CONTINUE = 0x003c;
const FILEPASS = 0x002f;
const DATEMODE = 0x0022;
const FONT = 0x0031;
const FORMAT = 0x041e;
const XF = 0x00e0;
const BOUNDSHEET = 0x0085;
const SST = 0x00fc;
const LABELSST = 0x00fd;
const LABEL = 0x0204;
const RSTRING = 0x00d6;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const BOOLERR = 0x0205;
const FORMULA = 0x0006;
const STRING = 0x0207;
/** BOF record types of BIFF2, BIFF3 and BIFF4, which have no compound file around them. */
const OLD_BOF_TYPES = [0x0009, 0x0209, 0x0409];

const BIFF8_VERSION = 0x0600;
const BIFF5_VERSION = 0x0500;
const BOF_WORKBOOK_GLOBALS = 0x0005;
const BOF_WORKSHEET = 0x0010;
const SHEET_KIND_WORKSHEET = 0;
const MAX_COLUMNS = 256;
const NOT_XLS = 'not an Excel 97-2003 file';

function damaged(detail: string): XlsFormatError {
  return new XlsFormatError(`damaged Excel 97-2003 file: ${detail}`);
}

// ---------------------------------------------------------------------------------------------
// Container

function workbookStream(data: Buffer): Buffer {
  if (!isCompoundFile(data)) throw new XlsFormatError(describeOtherFile(data));
  try {
    const stream = readCompoundStream(data, 'Workbook') ?? readCompoundStream(data, 'Book');
    if (stream) return stream;
    // Password-protected .xlsx files are compound files holding the encrypted zip.
    if (readCompoundStream(data, 'EncryptedPackage')) {
      throw new XlsFormatError('encrypted workbook: remove the password in Excel and save it again', ENCRYPTED);
    }
  } catch (error) {
    if (error instanceof CompoundFileError) throw damaged(error.message);
    throw error;
  }
  throw new XlsFormatError(`${NOT_XLS}: it is an Office file without a workbook (a Word document?)`);
}

/** Says what a file without the compound-file signature looks like, for the error message. */
function describeOtherFile(data: Buffer): string {
  if (data.length === 0) return `${NOT_XLS}: the file is empty`;
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) {
    return `${NOT_XLS}: it is a zip archive, probably an .xlsx workbook with the wrong extension`;
  }
  if (data.length >= 4 && OLD_BOF_TYPES.includes(data.readUInt16LE(0))) {
    return 'BIFF5 and older are not supported: this is an Excel 4.0 or older workbook; save it as .xlsx';
  }
  const text = textStart(data);
  if (text === null) return NOT_XLS;
  const lookalike = textLookalike(text);
  if (lookalike === 'spreadsheet-ml') {
    return `${NOT_XLS}: it is an XML Spreadsheet 2003 file saved with an .xls extension`;
  }
  if (lookalike === 'html') {
    return `${NOT_XLS}: it is an HTML page saved with an .xls extension`;
  }
  return `${NOT_XLS}: it looks like a text (CSV or tab-separated) file saved with an .xls extension`;
}

/** What a web system exports under an .xls name instead of a workbook. */
export type XlsLookalike = 'html' | 'spreadsheet-ml';

/**
 * Whether a file that readXls refuses is an HTML page or an XML Spreadsheet 2003 file saved with
 * an .xls extension (as many government web systems export), by the same test that names them
 * in readXls's error; null for real workbooks and anything else.
 */
export function sniffXlsLookalike(data: Buffer): XlsLookalike | null {
  if (data.length === 0 || isCompoundFile(data)) return null;
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) return null;
  if (data.length >= 4 && OLD_BOF_TYPES.includes(data.readUInt16LE(0))) return null;
  const text = textStart(data);
  return text === null ? null : textLookalike(text);
}

function textLookalike(text: string): XlsLookalike | null {
  if (/urn:schemas-microsoft-com:office:spreadsheet/i.test(text)) return 'spreadsheet-ml';
  if (/<(html|table|!doctype html)/i.test(text)) return 'html';
  return null;
}

/** The first few KB as text, or null when they look binary. */
function textStart(data: Buffer): string | null {
  const head = data.subarray(0, 4096);
  // Excel's "Unicode Text" export is UTF-16LE with a byte order mark.
  if (head[0] === 0xff && head[1] === 0xfe) return head.toString('utf16le', 2);
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return null;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) controls++;
  }
  return controls * 100 > head.length ? null : head.toString('utf8');
}

// ---------------------------------------------------------------------------------------------
// Records

/** Walks BIFF records (2-byte type, 2-byte length, body) by offsets, without copying. */
class RecordCursor {
  type = -1;
  start = 0;
  end = 0;

  constructor(
    readonly buf: Buffer,
    private next: number,
  ) {}

  /** Moves to the following record; false when the stream has no further record. */
  advance(): boolean {
    const pos = this.next;
    if (pos + 4 > this.buf.length) return false;
    const end = pos + 4 + this.buf.readUInt16LE(pos + 2);
    if (end > this.buf.length) throw damaged('the workbook stream ends inside a record (truncated?)');
    this.type = this.buf.readUInt16LE(pos);
    this.start = pos + 4;
    this.end = end;
    this.next = end;
    return true;
  }

  peekType(): number {
    return this.next + 4 <= this.buf.length ? this.buf.readUInt16LE(this.next) : -1;
  }

  /** Guards the fixed-size fields about to be read. */
  need(length: number): void {
    if (this.end - this.start < length) {
      throw damaged(`record 0x${this.type.toString(16).padStart(4, '0')} is too short`);
    }
  }

  u8(offset: number): number {
    return this.buf[this.start + offset];
  }

  u16(offset: number): number {
    return this.buf.readUInt16LE(this.start + offset);
  }

  u32(offset: number): number {
    return this.buf.readUInt32LE(this.start + offset);
  }

  f64(offset: number): number {
    return this.buf.readDoubleLE(this.start + offset);
  }

  /** Body offsets of this record and the CONTINUE records after it, as [start, end, start, end, ...]. */
  takeContinued(): number[] {
    const segments = [this.start, this.end];
    while (this.peekType() === CONTINUE && this.advance()) segments.push(this.start, this.end);
    return segments;
  }
}

/** Characters of a BIFF8 string: 16-bit UTF-16LE, or "compressed" 8-bit ones that are Latin-1. */
function decodeChars(buf: Buffer, pos: number, end: number, count: number, wide: boolean): string {
  const byteEnd = pos + (wide ? count * 2 : count);
  if (byteEnd > end) throw damaged('a string runs past the end of its record');
  return buf.toString(wide ? 'utf16le' : 'latin1', pos, byteEnd);
}

/** ShortXLUnicodeString: 1-byte length, flags, characters. */
function readShortString(rec: RecordCursor, offset: number): string {
  rec.need(offset + 2);
  const wide = (rec.u8(offset + 1) & 1) !== 0;
  return decodeChars(rec.buf, rec.start + offset + 2, rec.end, rec.u8(offset), wide);
}

/** XLUnicodeString: 2-byte length, flags, characters. */
function readString(rec: RecordCursor, offset: number): string {
  rec.need(offset + 2);
  const count = rec.u16(offset);
  if (count === 0) return '';
  rec.need(offset + 3);
  return decodeChars(rec.buf, rec.start + offset + 3, rec.end, count, (rec.u8(offset + 2) & 1) !== 0);
}

/**
 * Reads data that spills from a record into CONTINUE records (SST, STRING). Fields simply carry on
 * in the next record, except string characters: each record they resume in starts with a flag
 * byte saying whether the rest is 8- or 16-bit.
 */
class ContinuedReader {
  private segment = 0;
  private pos: number;
  private end: number;

  constructor(
    private readonly buf: Buffer,
    private readonly segments: number[],
  ) {
    this.pos = segments[0];
    this.end = segments[1];
  }

  atEnd(): boolean {
    while (this.pos === this.end) {
      if (this.segment + 2 >= this.segments.length) return true;
      this.nextSegment();
    }
    return false;
  }

  u8(): number {
    while (this.pos === this.end) this.nextSegment();
    return this.buf[this.pos++];
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  skip(length: number): void {
    let left = length;
    while (left > 0) {
      if (this.pos === this.end) this.nextSegment();
      const step = Math.min(left, this.end - this.pos);
      this.pos += step;
      left -= step;
    }
  }

  chars(count: number, wide: boolean): string {
    let text = '';
    let left = count;
    let isWide = wide;
    while (left > 0) {
      if (this.pos === this.end) {
        this.nextSegment();
        isWide = (this.u8() & 1) !== 0;
      }
      const width = isWide ? 2 : 1;
      const take = Math.min(left, Math.floor((this.end - this.pos) / width));
      if (take === 0) throw damaged('a character is split between records');
      text += decodeChars(this.buf, this.pos, this.end, take, isWide);
      this.pos += take * width;
      left -= take;
    }
    return text;
  }

  private nextSegment(): void {
    this.segment += 2;
    if (this.segment >= this.segments.length) throw damaged('string data runs past its last record');
    this.pos = this.segments[this.segment];
    this.end = this.segments[this.segment + 1];
  }
}

/** XLUnicodeRichExtendedString, the form of SST entries and STRING results. */
function readRichString(reader: ContinuedReader): string {
  const count = reader.u16();
  const flags = reader.u8();
  const runCount = flags & 0x08 ? reader.u16() : 0;
  const phoneticSize = flags & 0x04 ? reader.u32() : 0;
  const text = reader.chars(count, (flags & 1) !== 0);
  // Formatting runs are 4 bytes each; the phonetic (East Asian) block is skipped as a whole.
  reader.skip(runCount * 4 + phoneticSize);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Workbook globals

interface SheetEntry {
  name: string;
  /** Stream offset of the sheet's BOF record. */
  offset: number;
  kind: number;
}

interface Globals {
  sheets: SheetEntry[];
  strings: string[];
  date1904: boolean;
  /** Indexed by XF (cell format) number. */
  xfIsDate: boolean[];
  xfFont: (string | undefined)[];
}

function readGlobals(stream: Buffer): Globals {
  const rec = new RecordCursor(stream, 0);
  if (!rec.advance()) throw new XlsFormatError(`${NOT_XLS}: the workbook stream is empty`);
  checkWorkbookBof(rec);
  const sheets: SheetEntry[] = [];
  const fonts: (string | undefined)[] = [];
  const formats = new Map<number, string>();
  const xfFontIndex: number[] = [];
  const xfFormatIndex: number[] = [];
  let strings: string[] = [];
  let date1904 = false;
  while (rec.advance()) {
    switch (rec.type) {
      case EOF:
        return {
          sheets,
          strings,
          date1904,
          xfIsDate: xfFormatIndex.map(dateFormatTester(formats)),
          xfFont: xfFontIndex.map((index) => fonts[index]),
        };
      case FILEPASS:
        throw new XlsFormatError('encrypted workbook: remove the password in Excel and save it again', ENCRYPTED);
      case DATEMODE:
        rec.need(2);
        date1904 = rec.u16(0) === 1;
        break;
      case FONT:
        // Font numbers skip 4 (a BIFF4 leftover), so the fifth FONT record is font 5.
        if (fonts.length === 4) fonts.push(undefined);
        fonts.push(readShortString(rec, 14));
        break;
      case FORMAT:
        rec.need(2);
        formats.set(rec.u16(0), readString(rec, 2));
        break;
      case XF:
        rec.need(4);
        xfFontIndex.push(rec.u16(0));
        xfFormatIndex.push(rec.u16(2));
        break;
      case BOUNDSHEET:
        rec.need(6);
        sheets.push({ offset: rec.u32(0), kind: rec.u8(5), name: readShortString(rec, 6) });
        break;
      case SST:
        strings = readSst(stream, rec.takeContinued());
        break;
    }
  }
  throw damaged('the workbook stream ends before its sheet list does (truncated?)');
}

function checkWorkbookBof(rec: RecordCursor): void {
  if (OLD_BOF_TYPES.includes(rec.type)) {
    throw new XlsFormatError('BIFF5 and older are not supported: this is an Excel 4.0 or older workbook');
  }
  if (rec.type !== BOF) throw new XlsFormatError(`${NOT_XLS}: its Workbook stream has no BIFF header`);
  rec.need(4);
  const version = rec.u16(0);
  if (version === BIFF5_VERSION) {
    throw new XlsFormatError('BIFF5 and older are not supported: this is an Excel 5.0/95 workbook; save it as .xlsx');
  }
  if (version !== BIFF8_VERSION) {
    throw new XlsFormatError(`${NOT_XLS}: unknown BIFF version 0x${version.toString(16)}`);
  }
  if (rec.u16(2) !== BOF_WORKBOOK_GLOBALS) {
    throw new XlsFormatError(`${NOT_XLS}: its Workbook stream does not start with the workbook part`);
  }
}

/** The shared string table: every distinct cell string, referred to by LABELSST records. */
function readSst(stream: Buffer, segments: number[]): string[] {
  const reader = new ContinuedReader(stream, segments);
  reader.skip(4); // total number of references, not needed
  const uniqueCount = reader.u32();
  const strings: string[] = [];
  while (strings.length < uniqueCount && !reader.atEnd()) strings.push(readRichString(reader));
  return strings;
}

// ---------------------------------------------------------------------------------------------
// Worksheets

interface RowCells {
  cells: CellValue[];
  fonts: (string | undefined)[];
}

/** Collects cell values by position; records may come in any order. */
class SheetCells {
  private readonly rows: RowCells[] = [];
  /** Where a FORMULA with a string result goes: its text comes in the next STRING record. */
  private pendingRow = -1;
  private pendingCol = 0;
  private pendingXf = 0;

  constructor(private readonly globals: Globals) {}

  put(row: number, col: number, xf: number, value: CellValue): void {
    if (col >= MAX_COLUMNS) throw damaged(`a cell lies in column ${col + 1}, beyond the 256 of a .xls sheet`);
    const cells = (this.rows[row] ??= { cells: [], fonts: [] });
    cells.cells[col] = value;
    cells.fonts[col] = this.globals.xfFont[xf];
  }

  putNumber(row: number, col: number, xf: number, value: number): void {
    const date = this.globals.xfIsDate[xf] ? excelSerialToDate(value, this.globals.date1904) : null;
    this.put(row, col, xf, date ?? value);
  }

  expectString(row: number, col: number, xf: number): void {
    this.pendingRow = row;
    this.pendingCol = col;
    this.pendingXf = xf;
  }

  putPendingString(value: string): void {
    if (this.pendingRow < 0) return;
    this.put(this.pendingRow, this.pendingCol, this.pendingXf, value);
    this.pendingRow = -1;
  }

  tableRows(): TableRow[] {
    const out: TableRow[] = [];
    this.rows.forEach((row, index) => {
      const length = valueCount(row.cells);
      if (length === 0) return;
      const cells = row.cells;
      const fonts = row.fonts;
      cells.length = length;
      fonts.length = length;
      for (let i = 0; i < length; i++) {
        if (cells[i] === undefined) cells[i] = null;
        if (cells[i] === null) fonts[i] = undefined;
      }
      out.push({ row: index + 1, cells, fonts });
    });
    return out;
  }
}

/** Length of the cells up to the last one holding a value. */
function valueCount(cells: CellValue[]): number {
  let length = cells.length;
  while (length > 0 && cells[length - 1] == null) length--;
  return length;
}

/** Reads one worksheet substream; null when the BOF there says it is not a worksheet after all. */
function readWorksheet(stream: Buffer, sheet: SheetEntry, globals: Globals): TableRow[] | null {
  const rec = new RecordCursor(stream, sheet.offset);
  if (!rec.advance() || rec.type !== BOF) {
    throw damaged(`sheet "${sheet.name}" is not where the workbook says it is`);
  }
  rec.need(4);
  if (rec.u16(2) !== BOF_WORKSHEET) return null;
  const cells = new SheetCells(globals);
  // Embedded charts bring their own BOF...EOF substreams, whose records are not cells.
  let nesting = 0;
  while (rec.advance()) {
    if (rec.type === BOF) nesting++;
    else if (rec.type === EOF && nesting === 0) return cells.tableRows();
    else if (rec.type === EOF) nesting--;
    else if (nesting === 0) readCellRecord(rec, cells, globals.strings);
  }
  throw damaged(`sheet "${sheet.name}" ends early (truncated?)`);
}

/** Cell records start with row, column and XF index, 2 bytes each. */
function readCellRecord(rec: RecordCursor, cells: SheetCells, strings: string[]): void {
  switch (rec.type) {
    case LABELSST: {
      rec.need(10);
      const index = rec.u32(6);
      if (index >= strings.length) throw damaged('a cell refers to a missing shared string');
      cells.put(rec.u16(0), rec.u16(2), rec.u16(4), strings[index]);
      break;
    }
    case LABEL:
    case RSTRING:
      rec.need(6);
      cells.put(rec.u16(0), rec.u16(2), rec.u16(4), readString(rec, 6));
      break;
    case NUMBER:
      rec.need(14);
      cells.putNumber(rec.u16(0), rec.u16(2), rec.u16(4), rec.f64(6));
      break;
    case RK:
      rec.need(10);
      cells.putNumber(rec.u16(0), rec.u16(2), rec.u16(4), decodeRk(rec.u32(6)));
      break;
    case MULRK:
      readMulRk(rec, cells);
      break;
    case BOOLERR:
      rec.need(8);
      // The second byte says whether the first is an error code (shown as #N/A etc.) or a boolean.
      cells.put(rec.u16(0), rec.u16(2), rec.u16(4), rec.u8(7) === 0 ? rec.u8(6) !== 0 : null);
      break;
    case FORMULA:
      readFormulaResult(rec, cells);
      break;
    case STRING:
      cells.putPendingString(readRichString(new ContinuedReader(rec.buf, rec.takeContinued())));
      break;
  }
}

/** MULRK: row, first column, then (XF, RK) pairs for consecutive columns, then the last column. */
function readMulRk(rec: RecordCursor, cells: SheetCells): void {
  rec.need(4);
  const row = rec.u16(0);
  const firstCol = rec.u16(2);
  const count = Math.floor((rec.end - rec.start - 6) / 6);
  for (let i = 0; i < count; i++) {
    cells.putNumber(row, firstCol + i, rec.u16(4 + i * 6), decodeRk(rec.u32(6 + i * 6)));
  }
}

/**
 * The cached result of a formula. Bytes 6..13 hold a double, unless their last two bytes are
 * 0xFFFF: then the first byte tells the type (0 string, 1 boolean, 2 error, 3 empty string).
 */
function readFormulaResult(rec: RecordCursor, cells: SheetCells): void {
  rec.need(14);
  const row = rec.u16(0);
  const col = rec.u16(2);
  const xf = rec.u16(4);
  if (rec.u16(12) !== 0xffff) {
    cells.putNumber(row, col, xf, rec.f64(6));
    return;
  }
  switch (rec.u8(6)) {
    case 0:
      cells.expectString(row, col, xf);
      break;
    case 1:
      cells.put(row, col, xf, rec.u8(8) !== 0);
      break;
    default:
      cells.put(row, col, xf, null);
  }
}

const rkBits = new DataView(new ArrayBuffer(8));

/**
 * RK numbers pack a value into 32 bits: bit 0 means "divide by 100", bit 1 means the other 30 bits
 * are a signed integer, otherwise they are the top 30 bits of a double.
 */
function decodeRk(rk: number): number {
  let value: number;
  if (rk & 2) {
    value = rk >> 2;
  } else {
    rkBits.setUint32(0, 0, true);
    rkBits.setUint32(4, (rk & 0xfffffffc) >>> 0, true);
    value = rkBits.getFloat64(0, true);
  }
  return rk & 1 ? value / 100 : value;
}
