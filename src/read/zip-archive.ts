/**
 * Zip archive reader for .xlsx workbooks ([APPNOTE] 4.3). The zip is read by random access
 * through its central directory, so the order of its entries does not matter; a part is inflated
 * in chunks as it is read and checked against its size and CRC. ZIP64 sizes and offsets are
 * understood. Damaged input raises XlsxFormatError.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { crc32, createInflateRaw } from 'node:zlib';
import { isCompoundFile } from './cfb.js';
import { XlsxFormatError } from './xlsx-format-error.js';

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

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

export function damagedZip(detail: string): XlsxFormatError {
  return new XlsxFormatError(`damaged zip archive: ${detail}`);
}

export class ZipArchive {
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
  if (offset + size > fileSize) throw new XlsxFormatError('damaged zip archive: its central directory lies past the end of the file (truncated?)', TRUNCATED);
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

const TRUNCATED = 'tệp bị cắt cụt (tải về hoặc sao chép chưa xong?); hãy lấy lại tệp';

/** Why a file without an end-of-directory record is not a readable zip, judged by its first bytes. */
function notZipError(head: Buffer): XlsxFormatError {
  if (head.length === 0) return new XlsxFormatError('not a zip archive: the file is empty', 'tệp rỗng (0 byte); hãy lấy lại tệp');
  if (head.length >= 4 && head.readUInt32LE(0) === LOCAL_HEADER) {
    return new XlsxFormatError(
      'damaged zip archive: its central directory is missing (truncated file?)',
      TRUNCATED,
    );
  }
  if (isCompoundFile(head)) {
    return new XlsxFormatError(
      'not a zip archive but an Office compound file: a password-protected workbook, or an Excel 97-2003 workbook named .xlsx',
      'tệp có đặt mật khẩu, hoặc là tệp Excel 97-2003 bị đổi đuôi thành .xlsx; hãy mở bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dạng .xlsx',
    );
  }
  return new XlsxFormatError('not a zip archive, so not an .xlsx workbook', 'tệp không phải bảng tính Excel dù có đuôi .xlsx; hãy kiểm tra lại tệp');
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
