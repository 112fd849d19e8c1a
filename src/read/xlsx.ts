/**
 * Reader for .xlsx workbooks (Office Open XML spreadsheets): a zip of XML parts. The zip is read
 * by random access through its central directory, so the order of its entries does not matter.
 * The small parts (workbook, relationships, styles) and the shared strings are read first; each
 * worksheet is then inflated and scanned while its rows are iterated, so a sheet of millions of
 * rows is never held whole.
 *
 * The zip and XML readers (zip-archive.ts, xml-scanner.ts) are our own: they are a fraction of
 * the code of a general library, several times faster on sheets of millions of cells, and decode
 * UTF-8 only across whole characters. Damaged input raises XlsxFormatError, never a TypeError or
 * a hang.
 */
import { posix } from 'node:path';
import { dateFormatTester, excelSerialToDate } from './excel-dates.js';
import type { CellValue, TableNote, TableRow } from './table.js';
import { parsePart, unescapeOoxml, XmlScanner, type XmlAttributes, type XmlHandler } from './xml-scanner.js';
import { XlsxFormatError } from './xlsx-format-error.js';
import { damagedZip, ZipArchive, type ZipEntry } from './zip-archive.js';

export interface XlsxSheet {
  name: string;
  /** Read these before asking for the next sheet: the sheet's stream is closed then. */
  rows: AsyncIterable<TableRow>;
  /** What the rows could not show, once they are read: formulas saved without their value. */
  notes: () => TableNote[];
}

export { XlsxFormatError };

/**
 * The worksheets of an .xlsx workbook in tab order, hidden ones included, chart sheets left out.
 * Throws XlsxFormatError for files that are not readable workbooks; errors met while a sheet
 * is streamed come out of its rows.
 */
export async function* readXlsxSheets(filePath: string): AsyncGenerator<XlsxSheet> {
  const archive = await ZipArchive.open(filePath);
  try {
    const workbook = await readWorkbook(archive);
    for (const sheet of workbook.sheets) {
      const uncalculated = new UncalculatedFormulas();
      const rows = new SheetRows(sheet.name, () => worksheetRows(archive, sheet.entry, workbook.cells, uncalculated));
      try {
        yield { name: sheet.name, rows, notes: () => uncalculated.notes() };
      } finally {
        await rows.close();
      }
    }
  } finally {
    await archive.close();
  }
}

/** A sheet's rows, streamed once; closed when the workbook moves on, so an early stop leaks nothing. */
class SheetRows implements AsyncIterable<TableRow> {
  private rows: AsyncGenerator<TableRow> | undefined;
  private closed = false;

  constructor(
    private readonly sheetName: string,
    private readonly stream: () => AsyncGenerator<TableRow>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<TableRow> {
    if (this.closed) {
      throw new Error(`the rows of sheet "${this.sheetName}" were asked for after the next sheet: read each sheet's rows first`);
    }
    return (this.rows ??= this.stream());
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.rows?.return(undefined);
  }
}


// ---------------------------------------------------------------------------------------------
// Workbook structure: package relationships, workbook, styles, shared strings

const WORKBOOK_CONTENT_TYPE = /\.(sheet|template)(\.macroEnabled)?\.main\+xml$/i;

interface Relationship {
  id: string;
  type: string;
  /** Part name the target resolves to, without a leading slash. */
  target: string;
}

interface Workbook {
  sheets: { name: string; entry: ZipEntry }[];
  cells: CellContext;
}

/** What cell values need beyond their own XML. */
interface CellContext {
  strings: SharedStrings;
  styles: CellStyles;
  date1904: boolean;
}

interface SharedStrings {
  texts: string[];
  /** The font of the first run, by string index, for rich text whose first run names one. */
  runFonts: Map<number, string>;
}

/** Per cell format (the `s` of a cell): whether it shows numbers as dates, and its font. */
interface CellStyles {
  isDate: boolean[];
  font: (string | undefined)[];
}

async function readWorkbook(archive: ZipArchive): Promise<Workbook> {
  const part = await findWorkbookPart(archive);
  const entry = archive.entry(part);
  if (!entry) throw new XlsxFormatError(`no workbook in the zip archive: its main part ${part} is missing`);
  const workbook = await parsePart(archive, entry, new WorkbookReader());
  if (workbook.root !== 'workbook') {
    throw new XlsxFormatError(
      `the zip archive holds no Excel workbook: its main part is a <${workbook.root}> (a Word or PowerPoint file?)`,
    );
  }
  const relationships = await readRelationships(archive, part);
  const strings = await readRelatedPart(archive, relationships, '/sharedStrings', new SharedStringsReader());
  const styles = await readRelatedPart(archive, relationships, '/styles', new StylesReader());
  return {
    sheets: worksheetEntries(archive, workbook, relationships, part),
    cells: { strings, styles: styles.cellStyles(), date1904: workbook.date1904 },
  };
}

/** The workbook's part name, from the package relationships or else the content types. */
async function findWorkbookPart(archive: ZipArchive): Promise<string> {
  const officeDocument = (await readRelationships(archive, '')).find((r) => r.type.endsWith('/officeDocument'));
  const part = officeDocument?.target ?? (await workbookByContentType(archive));
  if (part === undefined) {
    throw new XlsxFormatError(
      'no workbook in the zip archive: it is not an .xlsx file',
      'tệp là tệp nén nhưng không chứa bảng tính Excel (tệp Word hoặc tệp khác bị đổi đuôi thành .xlsx?); hãy kiểm tra lại tệp',
    );
  }
  if (part.toLowerCase().endsWith('.bin')) {
    throw new XlsxFormatError(
      'binary Excel workbook (.xlsb), which cannot be read here: save it as .xlsx',
      'tệp là bảng tính Excel nhị phân (.xlsb), chưa đọc được; hãy mở bằng Excel và lưu lại dạng .xlsx',
    );
  }
  return part;
}

async function workbookByContentType(archive: ZipArchive): Promise<string | undefined> {
  const entry = archive.entry('[Content_Types].xml');
  return entry ? (await parsePart(archive, entry, new ContentTypesReader())).workbookPart : undefined;
}

/** The sheets that hold cells, in tab order: chart, dialog and macro sheets are left out. */
function worksheetEntries(
  archive: ZipArchive,
  workbook: WorkbookReader,
  relationships: Relationship[],
  part: string,
): Workbook['sheets'] {
  const byId = new Map(relationships.map((r) => [r.id, r]));
  const sheets: Workbook['sheets'] = [];
  for (const sheet of workbook.sheets) {
    const relationship = byId.get(sheet.relationshipId);
    if (!relationship) {
      throw new XlsxFormatError(`corrupt workbook part ${part}: sheet "${sheet.name}" has no relationship ${sheet.relationshipId}`);
    }
    if (!relationship.type.endsWith('/worksheet')) continue;
    const entry = archive.entry(relationship.target);
    if (!entry) throw damagedZip(`sheet "${sheet.name}" (${relationship.target}) is missing`);
    sheets.push({ name: sheet.name, entry });
  }
  return sheets;
}

async function readRelationships(archive: ZipArchive, sourcePart: string): Promise<Relationship[]> {
  const entry = archive.entry(posix.join(posix.dirname(sourcePart), '_rels', `${posix.basename(sourcePart)}.rels`));
  return entry ? (await parsePart(archive, entry, new RelationshipsReader(sourcePart))).relationships : [];
}

/** Reads the part a relationship of this type points to; without one, the handler stays empty. */
async function readRelatedPart<Handler extends XmlHandler>(
  archive: ZipArchive,
  relationships: Relationship[],
  typeSuffix: string,
  handler: Handler,
): Promise<Handler> {
  const target = relationships.find((r) => r.type.endsWith(typeSuffix))?.target;
  const entry = target === undefined ? undefined : archive.entry(target);
  return entry ? parsePart(archive, entry, handler) : handler;
}

/** A relationship target as a part name: relative to the source part's folder unless it starts with `/`. */
function resolveTarget(sourcePart: string, target: string): string {
  const path = decodePercents(target.replace(/\\/g, '/'));
  const joined = path.startsWith('/') ? path : posix.join(posix.dirname(sourcePart), path);
  return posix.normalize(joined).replace(/^\/+/, '');
}

function decodePercents(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

class ContentTypesReader implements XmlHandler {
  workbookPart: string | undefined;

  open(name: string, attributes: XmlAttributes): void {
    if (name !== 'Override' || !WORKBOOK_CONTENT_TYPE.test(attributes.get('ContentType') ?? '')) return;
    const partName = attributes.get('PartName');
    if (partName) this.workbookPart ??= resolveTarget('', partName);
  }
}

class RelationshipsReader implements XmlHandler {
  readonly relationships: Relationship[] = [];

  constructor(private readonly sourcePart: string) {}

  open(name: string, attributes: XmlAttributes): void {
    if (name !== 'Relationship' || attributes.get('TargetMode') === 'External') return;
    const target = attributes.get('Target');
    if (!target) return;
    this.relationships.push({
      id: attributes.get('Id') ?? '',
      type: attributes.get('Type') ?? '',
      target: resolveTarget(this.sourcePart, target),
    });
  }
}

class WorkbookReader implements XmlHandler {
  root: string | undefined;
  date1904 = false;
  readonly sheets: { name: string; relationshipId: string }[] = [];

  open(name: string, attributes: XmlAttributes): void {
    this.root ??= name;
    if (name === 'workbookPr') {
      this.date1904 = ['1', 'true'].includes(attributes.get('date1904') ?? '');
    } else if (name === 'sheet') {
      // The relationship id is r:id; its prefix varies, its local name does not.
      this.sheets.push({ name: attributes.get('name') ?? '', relationshipId: attributes.get('id') ?? '' });
    }
  }
}

/** Number formats, fonts and cell formats (cellXfs), which a cell's `s` indexes. */
class StylesReader implements XmlHandler {
  private readonly formats = new Map<number, string>();
  private readonly fontNames: (string | undefined)[] = [];
  private readonly formatOfXf: number[] = [];
  private readonly fontOfXf: number[] = [];
  /** numFmt, font and xf elements also appear in differential and cell-style formats, which are not cells'. */
  private section: string | undefined;

  open(name: string, attributes: XmlAttributes): void {
    switch (name) {
      case 'numFmts':
      case 'fonts':
      case 'cellXfs':
        this.section = name;
        break;
      case 'numFmt':
        if (this.section === 'numFmts') this.formats.set(Number(attributes.get('numFmtId')), attributes.get('formatCode') ?? '');
        break;
      case 'font':
        if (this.section === 'fonts') this.fontNames.push(undefined);
        break;
      case 'name':
        if (this.section === 'fonts' && this.fontNames.length > 0) {
          this.fontNames[this.fontNames.length - 1] = attributes.get('val');
        }
        break;
      case 'xf':
        if (this.section === 'cellXfs') {
          this.formatOfXf.push(Number(attributes.get('numFmtId') ?? 0));
          this.fontOfXf.push(Number(attributes.get('fontId') ?? 0));
        }
        break;
    }
  }

  close(name: string): void {
    if (name === this.section) this.section = undefined;
  }

  cellStyles(): CellStyles {
    const isDateFormat = dateFormatTester(this.formats);
    return {
      isDate: this.formatOfXf.map(isDateFormat),
      font: this.fontOfXf.map((font) => this.fontNames[font]),
    };
  }
}

/**
 * The text of a string item (`<si>` of the shared strings, `<is>` of an inline string): its `<t>`,
 * or the `<t>` of each rich-text run `<r>`, leaving out phonetic guides (`<rPh>`); and the font
 * the first run names, which overrides the cell's font for that text.
 */
class StringItemReader {
  private value = '';
  private runs = 0;
  private inText = false;
  private inPhonetic = false;
  firstRunFont: string | undefined;

  reset(): void {
    this.value = '';
    this.runs = 0;
    this.inText = false;
    this.inPhonetic = false;
    this.firstRunFont = undefined;
  }

  open(name: string, attributes: XmlAttributes): void {
    switch (name) {
      case 't':
        this.inText = !this.inPhonetic;
        break;
      case 'r':
        this.runs++;
        break;
      case 'rPh':
        this.inPhonetic = true;
        break;
      case 'rFont':
        if (this.runs === 1) this.firstRunFont = attributes.get('val');
        break;
    }
  }

  close(name: string): void {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.inPhonetic = false;
  }

  text(text: string): void {
    if (this.inText) this.value += text;
  }

  result(): string {
    return unescapeOoxml(this.value);
  }
}

class SharedStringsReader implements XmlHandler, SharedStrings {
  readonly texts: string[] = [];
  readonly runFonts = new Map<number, string>();
  private readonly item = new StringItemReader();
  private inItem = false;

  open(name: string, attributes: XmlAttributes): void {
    if (name === 'si') {
      this.inItem = true;
      this.item.reset();
    } else if (this.inItem) {
      this.item.open(name, attributes);
    }
  }

  close(name: string): void {
    if (name !== 'si') {
      if (this.inItem) this.item.close(name);
      return;
    }
    this.inItem = false;
    if (this.item.firstRunFont !== undefined) this.runFonts.set(this.texts.length, this.item.firstRunFont);
    this.texts.push(this.item.result());
  }

  text(text: string): void {
    if (this.inItem) this.item.text(text);
  }
}

// ---------------------------------------------------------------------------------------------
// Worksheets

/** Columns A to XFD: a cell reference past them means a damaged file, not a wider sheet. */
const MAX_COLUMNS = 16_384;
const MAX_CACHED_DAYS = 50_000;

/**
 * Formula cells saved without their value, as programs that write workbooks without
 * calculating them leave them: they read as empty, so the user must hear of it.
 */
class UncalculatedFormulas {
  private count = 0;
  private first: { row: number; column: number } | null = null;

  add(row: number, column: number): void {
    this.count++;
    this.first ??= { row, column };
  }

  notes(): TableNote[] {
    if (!this.first) return [];
    const cell = `${columnName(this.first.column)}${this.first.row}`;
    const message = `${this.count} ô có công thức chưa được tính (ô đầu tiên: ${cell}) nên đọc ra trống; hãy mở tệp bằng Excel rồi lưu lại`;
    return [{ row: this.first.row, message }];
  }
}

/** "A", "Z", "AA" for columns 0, 25, 26. */
function columnName(column: number): string {
  let name = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

async function* worksheetRows(archive: ZipArchive, entry: ZipEntry, cells: CellContext, uncalculated: UncalculatedFormulas): AsyncGenerator<TableRow> {
  const sheet = new WorksheetReader(cells, entry.name, uncalculated);
  const scanner = new XmlScanner(sheet, entry.name);
  for await (const text of archive.text(entry)) {
    scanner.write(text);
    for (const row of sheet.takeRows()) yield row;
  }
  scanner.end();
  for (const row of sheet.takeRows()) yield row;
}

/**
 * Turns `<sheetData>` into rows: `<row r>` holds cells `<c r t s>` whose value is in `<v>`, or
 * in `<is>` for inline strings. Row and cell references may be left out: they then follow the
 * previous one.
 */
class WorksheetReader implements XmlHandler {
  private completed: TableRow[] = [];
  private inSheetData = false;
  private rowNumber = 0;
  private cells: CellValue[] = [];
  private fonts: (string | undefined)[] = [];
  private column = -1;
  private cellType = '';
  private cellStyle = 0;
  private value: string | null = null;
  private inValue = false;
  private inlineText: string | null = null;
  /** The font that the first run of the cell's rich text names, which overrides the cell's. */
  private textFont: string | undefined;
  private inInline = false;
  private readonly inline = new StringItemReader();
  /**
   * Days already converted, by the serial as written: the dates of a card export repeat (birth
   * days, validity periods), and converting each again took a tenth of the time.
   */
  private readonly dayTimes = new Map<string, number>();

  private hasFormula = false;

  constructor(
    private readonly context: CellContext,
    private readonly partName: string,
    private readonly uncalculated: UncalculatedFormulas,
  ) {}

  /** The rows completed since the last call. */
  takeRows(): TableRow[] {
    const rows = this.completed;
    this.completed = [];
    return rows;
  }

  open(name: string, attributes: XmlAttributes): void {
    if (this.inInline) {
      this.inline.open(name, attributes);
    } else if (!this.inSheetData) {
      this.inSheetData = name === 'sheetData';
    } else if (name === 'c') {
      this.startCell(attributes);
    } else if (name === 'v') {
      this.inValue = true;
      this.value = '';
    } else if (name === 'f') {
      this.hasFormula = true;
    } else if (name === 'row') {
      this.startRow(attributes.get('r'));
    } else if (name === 'is') {
      this.inInline = true;
      this.inline.reset();
    }
  }

  close(name: string): void {
    if (this.inInline) {
      if (name !== 'is') return this.inline.close(name);
      this.inInline = false;
      this.inlineText = this.inline.result();
      this.textFont = this.inline.firstRunFont;
    } else if (name === 'v') {
      this.inValue = false;
    } else if (name === 'c') {
      this.endCell();
    } else if (name === 'row') {
      this.endRow();
    } else if (name === 'sheetData') {
      this.inSheetData = false;
    }
  }

  text(text: string): void {
    if (this.inValue) this.value += text;
    else if (this.inInline) this.inline.text(text);
  }

  private startRow(reference: string | undefined): void {
    const number = Number(reference);
    this.rowNumber = reference !== undefined && Number.isInteger(number) && number > 0 ? number : this.rowNumber + 1;
    this.column = -1;
  }

  private endRow(): void {
    const { cells, fonts } = this;
    if (cells.length === 0) return;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] === undefined) {
        cells[i] = null;
        fonts[i] = undefined;
      }
    }
    this.completed.push({ row: this.rowNumber, cells, fonts });
    // New arrays, so that a stray cell after the row cannot change a row already handed out.
    this.cells = [];
    this.fonts = [];
  }

  private startCell(attributes: XmlAttributes): void {
    const reference = attributes.get('r');
    const column = reference === undefined ? -1 : columnOf(reference);
    this.column = column < 0 ? this.column + 1 : column;
    if (this.column >= MAX_COLUMNS) {
      throw new XlsxFormatError(`corrupt workbook part ${this.partName}: cell ${reference ?? ''} lies past column XFD`);
    }
    this.cellType = attributes.get('t') ?? 'n';
    this.cellStyle = Number(attributes.get('s') ?? 0);
    this.value = null;
    this.inlineText = null;
    this.textFont = undefined;
    this.hasFormula = false;
  }

  private endCell(): void {
    const value = this.cellValue();
    // A formula whose result is "" is saved with an empty value, not without one.
    if (this.hasFormula && this.value === null && this.cellType !== 'e') this.uncalculated.add(this.rowNumber, this.column);
    if (value === null) return;
    this.cells[this.column] = value;
    this.fonts[this.column] = this.textFont ?? this.context.styles.font[this.cellStyle];
  }

  /** The cell's value; empty text counts as an empty cell, as formulas returning "" show nothing. */
  private cellValue(): CellValue {
    const raw = this.value;
    switch (this.cellType) {
      case 's':
        return raw ? this.sharedString(raw) || null : null;
      case 'str':
        return raw ? unescapeOoxml(raw) : null;
      case 'inlineStr':
        return this.inlineText || (raw ? unescapeOoxml(raw) : null);
      case 'b':
        return raw ? raw === '1' || raw === 'true' : null;
      case 'e':
        return null;
      case 'd':
        return raw ? isoDate(raw) : null;
      default:
        return raw ? this.number(raw) : null;
    }
  }

  private sharedString(raw: string): string {
    const { texts, runFonts } = this.context.strings;
    const index = Number(raw);
    const text = texts[index];
    if (text === undefined) {
      throw new XlsxFormatError(
        `corrupt workbook part ${this.partName}: a cell refers to shared string ${raw}, which does not exist`,
      );
    }
    // Most workbooks have no rich text: skip a lookup per cell then.
    if (runFonts.size > 0) this.textFont = runFonts.get(index);
    return text;
  }

  private number(raw: string): CellValue {
    const number = Number(raw);
    if (Number.isNaN(number)) return raw;
    if (!this.context.styles.isDate[this.cellStyle]) return number;
    let time = this.dayTimes.get(raw);
    if (time === undefined) {
      // Date-times hardly repeat: start over rather than hold every one of them.
      if (this.dayTimes.size >= MAX_CACHED_DAYS) this.dayTimes.clear();
      time = excelSerialToDate(number, this.context.date1904)?.getTime() ?? NaN;
      this.dayTimes.set(raw, time);
    }
    return Number.isNaN(time) ? number : new Date(time);
  }
}

/** Zero-based column of a cell reference like "AB12"; -1 when it has no column letters. */
function columnOf(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + code - 0x60;
  }
  return column - 1;
}

/** A `t="d"` cell holds an ISO 8601 date; the day it names, at UTC midnight. */
function isoDate(text: string): CellValue {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : text;
}
