/**
 * Reader for .xlsx workbooks (Office Open XML spreadsheets): a zip of XML parts. The zip is read
 * by random access through its central directory, so the order of its entries does not matter.
 * The small parts (workbook, relationships, styles) and the shared strings are read first; each
 * worksheet is then inflated and scanned while its rows are iterated, so a sheet of millions of
 * rows is never held whole.
 *
 * The zip and XML readers are our own: they are a fraction of the code of a general library,
 * several times faster on sheets of millions of cells, and decode UTF-8 only across whole
 * characters. Damaged input raises XlsxFormatError, never a TypeError or a hang.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { crc32, createInflateRaw } from 'node:zlib';
import { isCompoundFile } from './cfb.js';
import { dateFormatTester, excelSerialToDate } from './excel-dates.js';
import type { CellValue, TableRow } from './table.js';

export interface XlsxSheet {
  name: string;
  /** Read these before asking for the next sheet: the sheet's stream is closed then. */
  rows: AsyncIterable<TableRow>;
}

export class XlsxFormatError extends Error {
  override name = 'XlsxFormatError';
}

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
      const rows = new SheetRows(sheet.name, () => worksheetRows(archive, sheet.entry, workbook.cells));
      try {
        yield { name: sheet.name, rows };
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
// Zip archive ([APPNOTE] 4.3)

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END_OF_DIRECTORY_SIZE = 22;
const MAX_COMMENT = 0xffff;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_END_OF_DIRECTORY_SIZE = 56;
const ZIP64_EXTRA_FIELD = 0x0001;
/** A 32-bit size or offset with this value is in the zip64 extra field instead. */
const IN_ZIP64 = 0xffffffff;
const FLAG_ENCRYPTED = 0x0001;
const STORED = 0;
const DEFLATED = 8;
const READ_CHUNK = 1 << 16;
const INFLATE_CHUNK = 1 << 16;

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

function damagedZip(detail: string): XlsxFormatError {
  return new XlsxFormatError(`damaged zip archive: ${detail}`);
}

class ZipArchive {
  private constructor(
    private readonly handle: FileHandle,
    private readonly fileSize: number,
    private readonly entries: Map<string, ZipEntry>,
  ) {}

  static async open(filePath: string): Promise<ZipArchive> {
    const handle = await open(filePath, 'r');
    try {
      const { size } = await handle.stat();
      return new ZipArchive(handle, size, await readDirectory(handle, size));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** A part by its name; OPC part names ignore case and may start with a slash. */
  entry(partName: string): ZipEntry | undefined {
    return this.entries.get(entryKey(partName));
  }

  /** The part's text in chunks as it is inflated, checked against its size and CRC at the end. */
  async *text(entry: ZipEntry): AsyncGenerator<string> {
    const bytes = await this.bytes(entry);
    // Decodes whole UTF-8 characters only, keeping a character split between chunks for the next.
    const decoder = new StringDecoder('utf8');
    let crc = 0;
    let size = 0;
    try {
      for await (const chunk of bytes as AsyncIterable<Buffer>) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield decoder.write(chunk);
      }
    } catch (error) {
      if (!isZlibError(error)) throw error;
      throw damagedZip(`${entry.name} cannot be unpacked (${error.message})`);
    }
    if (size !== entry.size || crc !== entry.crc) throw damagedZip(`${entry.name} does not match its checksum`);
    yield decoder.end();
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  private async bytes(entry: ZipEntry): Promise<Readable> {
    if (entry.flags & FLAG_ENCRYPTED) throw new XlsxFormatError(`${entry.name} is encrypted in the zip archive`);
    if (entry.method !== STORED && entry.method !== DEFLATED) {
      throw new XlsxFormatError(
        `${entry.name} is packed with zip method ${entry.method}, which Excel does not write; save the file again from Excel`,
      );
    }
    const header = await readAt(this.handle, entry.headerOffset, LOCAL_HEADER_SIZE);
    if (header.readUInt32LE(0) !== LOCAL_HEADER) throw damagedZip(`${entry.name} is not where the central directory says`);
    const start = entry.headerOffset + LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > this.fileSize) throw damagedZip(`${entry.name} is cut short (truncated file?)`);
    const raw = Readable.from(readRange(this.handle, start, entry.compressedSize));
    if (entry.method === STORED) return raw;
    // Errors of either stream come out of the inflate stream, which destroys both when closed early.
    return pipeline(raw, createInflateRaw({ chunkSize: INFLATE_CHUNK }), () => {});
  }
}

function entryKey(partName: string): string {
  return partName.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

function isZlibError(error: unknown): error is Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead < length) throw damagedZip('the file ends early (truncated?)');
  return buffer;
}

async function* readRange(handle: FileHandle, start: number, length: number): AsyncGenerator<Buffer> {
  for (let done = 0; done < length; ) {
    const size = Math.min(READ_CHUNK, length - done);
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(size), 0, size, start + done);
    if (bytesRead === 0) throw damagedZip('the file ends early (truncated?)');
    done += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

async function readDirectory(handle: FileHandle, fileSize: number): Promise<Map<string, ZipEntry>> {
  const { offset, size } = await findDirectory(handle, fileSize);
  if (offset + size > fileSize) throw damagedZip('its central directory lies past the end of the file (truncated?)');
  const entries = parseDirectory(await readAt(handle, offset, size));
  if (entries.size === 0) throw damagedZip('its central directory lists no files');
  return entries;
}

/** Where the central directory is, from the end-of-directory record among the last bytes. */
async function findDirectory(handle: FileHandle, fileSize: number): Promise<{ offset: number; size: number }> {
  const tailStart = Math.max(0, fileSize - END_OF_DIRECTORY_SIZE - MAX_COMMENT);
  const tail = await readAt(handle, tailStart, fileSize - tailStart);
  const end = tail.lastIndexOf(signatureBytes(END_OF_DIRECTORY), tail.length - END_OF_DIRECTORY_SIZE);
  if (end < 0) throw notZipError(await readAt(handle, 0, Math.min(fileSize, 8)));
  const size = tail.readUInt32LE(end + 12);
  const offset = tail.readUInt32LE(end + 16);
  if (size === IN_ZIP64 || offset === IN_ZIP64) return findZip64Directory(handle, tailStart + end);
  return { offset, size };
}

async function findZip64Directory(handle: FileHandle, endPosition: number): Promise<{ offset: number; size: number }> {
  if (endPosition < ZIP64_LOCATOR_SIZE) throw damagedZip('its zip64 directory locator is missing');
  const locator = await readAt(handle, endPosition - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
  if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw damagedZip('its zip64 directory locator is missing');
  const record = await readAt(handle, readUInt64(locator, 8), ZIP64_END_OF_DIRECTORY_SIZE);
  if (record.readUInt32LE(0) !== ZIP64_END_OF_DIRECTORY) throw damagedZip('its zip64 end of directory is missing');
  return { size: readUInt64(record, 40), offset: readUInt64(record, 48) };
}

/** Why a file without an end-of-directory record is not a readable zip, judged by its first bytes. */
function notZipError(head: Buffer): XlsxFormatError {
  if (head.length === 0) return new XlsxFormatError('not a zip archive: the file is empty');
  if (head.length >= 4 && head.readUInt32LE(0) === LOCAL_HEADER) {
    return damagedZip('its central directory is missing (truncated file?)');
  }
  if (isCompoundFile(head)) {
    return new XlsxFormatError(
      'not a zip archive but an Office compound file: a password-protected workbook, or an Excel 97-2003 workbook named .xlsx',
    );
  }
  return new XlsxFormatError('not a zip archive, so not an .xlsx workbook');
}

function parseDirectory(directory: Buffer): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  let pos = 0;
  while (pos + 4 <= directory.length && directory.readUInt32LE(pos) === CENTRAL_HEADER) {
    if (pos + CENTRAL_HEADER_SIZE > directory.length) throw damagedZip('its central directory is cut short');
    const nameEnd = pos + CENTRAL_HEADER_SIZE + directory.readUInt16LE(pos + 28);
    const extraEnd = nameEnd + directory.readUInt16LE(pos + 30);
    const next = extraEnd + directory.readUInt16LE(pos + 32);
    if (next > directory.length) throw damagedZip('its central directory is cut short');
    const entry: ZipEntry = {
      name: directory.toString('utf8', pos + CENTRAL_HEADER_SIZE, nameEnd),
      flags: directory.readUInt16LE(pos + 8),
      method: directory.readUInt16LE(pos + 10),
      crc: directory.readUInt32LE(pos + 16),
      compressedSize: directory.readUInt32LE(pos + 20),
      size: directory.readUInt32LE(pos + 24),
      headerOffset: directory.readUInt32LE(pos + 42),
    };
    readZip64Sizes(entry, directory.subarray(nameEnd, extraEnd));
    entries.set(entryKey(entry.name), entry);
    pos = next;
  }
  return entries;
}

/** Sizes and offsets past 4 GB: the zip64 extra field holds those whose 32-bit field is full. */
function readZip64Sizes(entry: ZipEntry, extra: Buffer): void {
  for (let pos = 0; pos + 4 <= extra.length; pos += 4 + extra.readUInt16LE(pos + 2)) {
    if (extra.readUInt16LE(pos) !== ZIP64_EXTRA_FIELD) continue;
    const end = Math.min(extra.length, pos + 4 + extra.readUInt16LE(pos + 2));
    let field = pos + 4;
    const next = (): number => {
      if (field + 8 > end) throw damagedZip(`the zip64 sizes of ${entry.name} are cut short`);
      field += 8;
      return readUInt64(extra, field - 8);
    };
    if (entry.size === IN_ZIP64) entry.size = next();
    if (entry.compressedSize === IN_ZIP64) entry.compressedSize = next();
    if (entry.headerOffset === IN_ZIP64) entry.headerOffset = next();
    return;
  }
}

function readUInt64(buffer: Buffer, pos: number): number {
  return buffer.readUInt32LE(pos) + buffer.readUInt32LE(pos + 4) * 0x1_0000_0000;
}

function signatureBytes(signature: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(signature);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// XML

/** What an XmlScanner reports. Names are local names: OOXML writers differ in prefixes, not names. */
interface XmlHandler {
  /** A start tag; an empty element `<x/>` is reported as open then close. */
  open(name: string, attributes: XmlAttributes): void;
  close?(name: string): void;
  /** Character data inside elements, entities decoded. */
  text?(text: string): void;
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Longer than any tag or cell text (Excel allows 32,767 characters): a sign of a broken file. */
const MAX_PENDING = 1 << 22;
const SPACE = 0x20;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const SLASH = 0x2f;
const EXCLAMATION_MARK = 0x21;
const QUESTION_MARK = 0x3f;
const COLON = 0x3a;
const EQUALS = 0x3d;
const GREATER_THAN = 0x3e;
const LETTER_X = 0x78;

/**
 * The attributes of the start tag being reported, by local name, valid during the `open` call
 * only. They are kept as positions in the scanner's input and cut out when asked for, because
 * building an object per element took most of the time on large sheets.
 */
class XmlAttributes {
  private source = '';
  private count = 0;
  /** Four numbers per attribute: start and end of its local name, start and end of its value. */
  private readonly spans: number[] = [];

  get(name: string): string | undefined {
    const { spans, source } = this;
    for (let i = 0; i < this.count * 4; i += 4) {
      const start = spans[i];
      // Most names are one letter (r, t, s), so the first character decides before startsWith is called.
      if (
        spans[i + 1] - start === name.length &&
        source.charCodeAt(start) === name.charCodeAt(0) &&
        (name.length === 1 || source.startsWith(name, start))
      ) {
        return decodeEntities(source.slice(spans[i + 2], spans[i + 3]));
      }
    }
    return undefined;
  }

  reset(source: string): void {
    this.source = source;
    this.count = 0;
  }

  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const at = this.count++ * 4;
    this.spans[at] = nameStart;
    this.spans[at + 1] = nameEnd;
    this.spans[at + 2] = valueStart;
    this.spans[at + 3] = valueEnd;
  }
}

/**
 * A streaming XML tokenizer for the XML subset OOXML writers produce: elements, attributes,
 * text, CDATA, comments and processing instructions; a DTD is refused, as OPC requires. It is
 * fed text in chunks of any size, reports each complete token to its handler, and checks that
 * elements nest and the document ends, so truncated or garbled parts raise XlsxFormatError.
 */
class XmlScanner {
  /** The start of a token that the last chunk cut off. */
  private pending = '';
  private readonly openNames: string[] = [];
  private readonly openLocalNames: string[] = [];
  private readonly attributes = new XmlAttributes();
  private hadRoot = false;

  constructor(
    private readonly handler: XmlHandler,
    private readonly partName: string,
  ) {}

  write(chunk: string): void {
    const input = this.pending + chunk;
    let pos = 0;
    for (;;) {
      const lt = input.indexOf('<', pos);
      if (lt < 0) break;
      if (lt > pos) this.text(input.slice(pos, lt));
      const end = this.markup(input, lt);
      pos = end < 0 ? lt : end;
      if (end < 0) break;
    }
    this.pending = input.slice(pos);
    if (this.pending.length > MAX_PENDING) throw this.error('a tag or text runs on without end');
  }

  end(): void {
    if (/\S/.test(this.pending) || this.openNames.length > 0 || !this.hadRoot) {
      throw this.error('the XML ends early (truncated?)');
    }
  }

  private error(detail: string): XlsxFormatError {
    return new XlsxFormatError(`corrupt workbook part ${this.partName}: ${detail}`);
  }

  /** Reads the markup at `lt`; returns where it ends, or -1 when the input stops inside it. */
  private markup(input: string, lt: number): number {
    switch (input.charCodeAt(lt + 1)) {
      case SLASH:
        return this.endTag(input, lt);
      case QUESTION_MARK:
        return endOf(input, '?>', lt + 2);
      case EXCLAMATION_MARK:
        return this.declaration(input, lt);
      default:
        return this.startTag(input, lt);
    }
  }

  private startTag(input: string, lt: number): number {
    let pos = lt + 1;
    let colon = -1;
    for (; pos < input.length; pos++) {
      const code = input.charCodeAt(pos);
      if (code <= SPACE || code === SLASH || code === GREATER_THAN) break;
      if (code === COLON) colon = pos;
    }
    const nameEnd = pos;
    if (nameEnd === lt + 1 && nameEnd < input.length) throw this.error(`"${input.slice(lt, lt + 20)}" is not a tag`);
    this.attributes.reset(input);
    for (;;) {
      pos = skipSpaces(input, pos);
      if (pos >= input.length) return -1;
      const code = input.charCodeAt(pos);
      if (code === GREATER_THAN || code === SLASH) break;
      pos = this.attribute(input, pos);
      if (pos < 0) return -1;
    }
    const empty = input.charCodeAt(pos) === SLASH;
    if (empty && pos + 1 >= input.length) return -1;
    if (empty && input.charCodeAt(++pos) !== GREATER_THAN) throw this.error(`"/" inside <${input.slice(lt + 1, nameEnd)}>`);
    if (this.openNames.length === 0 && this.hadRoot) throw this.error('a second root element');
    this.hadRoot = true;
    const qualifiedName = input.slice(lt + 1, nameEnd);
    const name = colon < 0 ? qualifiedName : input.slice(colon + 1, nameEnd);
    this.handler.open(name, this.attributes);
    if (empty) {
      this.handler.close?.(name);
    } else {
      this.openNames.push(qualifiedName);
      this.openLocalNames.push(name);
    }
    return pos + 1;
  }

  /** Reads `name="value"` at `pos` into the attributes; returns where it ends, or -1 when cut off. */
  private attribute(input: string, pos: number): number {
    const nameStart = pos;
    let localStart = pos;
    for (; pos < input.length; pos++) {
      const code = input.charCodeAt(pos);
      if (code === EQUALS || code <= SPACE || code === GREATER_THAN || code === SLASH) break;
      if (code === COLON) localStart = pos + 1;
    }
    const nameEnd = pos;
    pos = skipSpaces(input, pos);
    if (pos >= input.length) return -1;
    if (nameEnd === nameStart || input.charCodeAt(pos) !== EQUALS) throw this.malformedAttribute(input, nameStart);
    pos = skipSpaces(input, pos + 1);
    if (pos >= input.length) return -1;
    const quote = input.charCodeAt(pos);
    if (quote !== QUOTE && quote !== APOSTROPHE) throw this.malformedAttribute(input, nameStart);
    const valueEnd = input.indexOf(quote === QUOTE ? '"' : "'", pos + 1);
    if (valueEnd < 0) return -1;
    // Namespace declarations would otherwise pass for attributes named after their prefix.
    const isNamespace = input.charCodeAt(nameStart) === LETTER_X && input.startsWith('xmlns', nameStart);
    if (!isNamespace) this.attributes.add(localStart, nameEnd, pos + 1, valueEnd);
    return valueEnd + 1;
  }

  private malformedAttribute(input: string, pos: number): XlsxFormatError {
    return this.error(`malformed attribute "${input.slice(pos, pos + 40)}"`);
  }

  private endTag(input: string, lt: number): number {
    const gt = input.indexOf('>', lt + 2);
    if (gt < 0) return -1;
    const expected = this.openNames.pop();
    const nameEnd = lt + 2 + (expected?.length ?? 0);
    if (expected === undefined || !input.startsWith(expected, lt + 2) || skipSpaces(input, nameEnd) !== gt) {
      const found = input.slice(lt, gt + 1);
      throw this.error(expected === undefined ? `${found} closes nothing` : `${found} where </${expected}> belongs`);
    }
    this.handler.close?.(this.openLocalNames.pop()!);
    return gt + 1;
  }

  /** Comments and CDATA; a DOCTYPE, which OOXML forbids, is refused rather than expanded. */
  private declaration(input: string, lt: number): number {
    if (input.startsWith('<!--', lt)) return endOf(input, '-->', lt + 4);
    if (input.startsWith('<![CDATA[', lt)) {
      const close = input.indexOf(']]>', lt + 9);
      if (close < 0) return -1;
      if (this.openNames.length === 0) throw this.error('CDATA outside the root element');
      this.handler.text?.(input.slice(lt + 9, close));
      return close + 3;
    }
    if (input.length - lt < '<![CDATA['.length) return -1;
    throw this.error(`unexpected ${input.slice(lt, lt + 9)}`);
  }

  private text(raw: string): void {
    if (this.openNames.length === 0) {
      if (/\S/.test(raw)) throw this.error('text outside the root element');
      return;
    }
    this.handler.text?.(decodeEntities(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw));
  }
}

function skipSpaces(input: string, pos: number): number {
  while (pos < input.length && input.charCodeAt(pos) <= SPACE) pos++;
  return pos;
}

function endOf(input: string, terminator: string, from: number): number {
  const at = input.indexOf(terminator, from);
  return at < 0 ? -1 : at + terminator.length;
}

/** Replaces the five XML entities and character references; anything else is left as written. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (reference, decimal?: string, hex?: string, name?: string) => {
    if (name) return NAMED_ENTITIES[name];
    const codePoint = decimal ? Number(decimal) : parseInt(hex!, 16);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
  });
}

/**
 * Undoes the `_xHHHH_` escapes of OOXML strings (for characters XML cannot hold, like `_x000D_`
 * for a carriage return); `_x005F_` escapes an underscore that would otherwise start one.
 */
function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

async function parsePart<Handler extends XmlHandler>(archive: ZipArchive, entry: ZipEntry, handler: Handler): Promise<Handler> {
  const scanner = new XmlScanner(handler, entry.name);
  for await (const text of archive.text(entry)) scanner.write(text);
  scanner.end();
  return handler;
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
  if (part === undefined) throw new XlsxFormatError('no workbook in the zip archive: it is not an .xlsx file');
  if (part.toLowerCase().endsWith('.bin')) {
    throw new XlsxFormatError('binary Excel workbook (.xlsb), which cannot be read here: save it as .xlsx');
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

async function* worksheetRows(archive: ZipArchive, entry: ZipEntry, cells: CellContext): AsyncGenerator<TableRow> {
  const sheet = new WorksheetReader(cells, entry.name);
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

  constructor(
    private readonly context: CellContext,
    private readonly partName: string,
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
  }

  private endCell(): void {
    const value = this.cellValue();
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
