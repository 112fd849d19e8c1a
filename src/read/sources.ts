/**
 * Finds the input files and opens each as tables, whatever its format, with legacy-font
 * text already turned into Unicode. The only place (with render) that reads the disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCsv } from './csv.js';
import { readXlsxSheets, XlsxFormatError } from './xlsx.js';
import { readXls, sniffXlsLookalike, XlsFormatError, type XlsLookalike } from './xls.js';
import { decodeHtmlBytes, readHtmlTables } from './html-tables.js';
import { decodeSpreadsheetMlBytes, readSpreadsheetMl } from './spreadsheet-ml.js';
import { undoLegacyFonts } from './legacy-cells.js';
import type { Table, TableRow } from './table.js';
import { isRunFolder } from '../store/run-folder.js';

export const READABLE_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.csv', '.txt'];

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Relative to the folder the user named (the file name when a file was named), `/` separators. */
  name: string;
}

/**
 * bhyt's own output and data folders, which land inside the rosters folder when a user
 * runs from there: reading them would count the results as pupils.
 */
async function isBhytFolder(folder: string): Promise<boolean> {
  if (/\.(tmp|old)-\d+/.test(path.basename(folder))) return true;
  if (await isRunFolder(folder)) return true;
  const entries = await fs.promises.readdir(folder).catch(() => [] as string[]);
  return entries.includes('runs') && entries.includes('logs');
}

/** A problem that stops a whole file from being read, told in words a user can act on. */
export class UnreadableFileError extends Error {}

/** The files a user's argument means: the file itself, or every readable file under a folder. */
export async function listInputFiles(argument: string): Promise<InputFile[]> {
  const absolute = path.resolve(argument);
  const stat = await fs.promises.stat(absolute).catch(() => null);
  if (!stat) throw new UnreadableFileError(`không tìm thấy "${argument}"`);
  if (stat.isFile()) return [{ path: absolute, name: path.basename(absolute) }];
  const files: InputFile[] = [];
  await collect(absolute, absolute, files);
  return files.sort((a, b) => a.name.localeCompare(b.name, 'vi', { numeric: true }));
}

async function collect(root: string, folder: string, into: InputFile[]): Promise<void> {
  const entries = await fs.promises.readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    // "~$name.xlsx" is Excel's lock file for an open workbook; dot files are system files.
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!(await isBhytFolder(full))) await collect(root, full, into);
    }
    else if (entry.isFile() && READABLE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
      into.push({ path: full, name: path.relative(root, full).split(path.sep).join('/') });
    }
  }
}

/** The tables of one file, in order. Throws UnreadableFileError when the file cannot be opened at all. */
export async function* openTables(file: InputFile): AsyncGenerator<Table> {
  const extension = path.extname(file.path).toLowerCase();
  await assertReadable(file);
  if (extension === '.csv' || extension === '.txt') {
    const csv = await openCsv(file.path);
    yield { file: file.name, sheet: null, rows: guardRows(csv.rows, (error) => `không đọc được tệp văn bản (${messageOf(error)})`) };
    return;
  }
  // By content, not name: offices rename .xls files .xlsx and the other way round.
  const kind = await workbookKind(file.path);
  if (kind === 'compound' || (kind === 'other' && extension === '.xls')) {
    yield* xlsTables(file);
    return;
  }
  try {
    for await (const sheet of readXlsxSheets(file.path)) {
      yield { file: file.name, sheet: sheet.name, rows: undoLegacyFonts(guardRows(sheet.rows, describeWorkbookError)), notes: sheet.notes };
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(describeWorkbookError(error));
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const COMPOUND_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** What a workbook file holds, from its first bytes: an .xlsx zip, an Excel 97-2003 (or password-protected) compound file, or something else. */
async function workbookKind(filePath: string): Promise<'zip' | 'compound' | 'other'> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (bytesRead >= 4 && head.subarray(0, 4).equals(ZIP_MAGIC)) return 'zip';
    if (bytesRead === 8 && head.equals(COMPOUND_MAGIC)) return 'compound';
    return 'other';
  } finally {
    await handle.close();
  }
}

async function* xlsTables(file: InputFile): AsyncGenerator<Table> {
  const data = await fs.promises.readFile(file.path);
  let sheets: { name: string; rows: TableRow[] }[];
  try {
    sheets = readXls(data);
  } catch (error) {
    if (!(error instanceof XlsFormatError)) throw error;
    const lookalike = sniffXlsLookalike(data);
    if (!lookalike) throw new UnreadableFileError(error.advice ?? `không đọc được tệp Excel 97-2003 (đã hỏng?); hãy mở bằng Excel và lưu lại (chi tiết kỹ thuật: ${error.message})`);
    sheets = readXlsLookalike(data, lookalike);
  }
  for (const sheet of sheets) {
    yield { file: file.name, sheet: sheet.name, rows: undoLegacyFonts(toAsync(sheet.rows)) };
  }
}

/**
 * The tables of an HTML page or XML Spreadsheet 2003 file that a web system saved as .xls. A
 * page without any table (an error or login page saved instead of the list) cannot be read.
 */
function readXlsLookalike(data: Buffer, kind: XlsLookalike): { name: string; rows: TableRow[] }[] {
  const read = (as: XlsLookalike) => {
    try {
      return as === 'html' ? readHtmlTables(decodeHtmlBytes(data)) : readSpreadsheetMl(decodeSpreadsheetMlBytes(data));
    } catch (error) {
      if (error instanceof XlsxFormatError) throw new UnreadableFileError(`tệp XML Spreadsheet 2003 (đuôi .xls) bị hỏng (chi tiết kỹ thuật: ${error.message})`);
      throw error;
    }
  };
  const hasRows = (sheets: { rows: TableRow[] }[]) => sheets.some((sheet) => sheet.rows.length > 0);
  const sheets = read(kind);
  if (hasRows(sheets)) return sheets;
  // An HTML page that names the SpreadsheetML namespace, or the other way round.
  const other = read(kind === 'html' ? 'spreadsheet-ml' : 'html');
  if (hasRows(other)) return other;
  throw new UnreadableFileError(
    kind === 'html'
      ? 'tệp là trang web (HTML) lưu với đuôi .xls nhưng không có bảng dữ liệu nào (trang báo lỗi hoặc trang đăng nhập?); hãy tải lại danh sách'
      : 'tệp là bảng tính XML Spreadsheet 2003 lưu với đuôi .xls nhưng không có dòng dữ liệu nào',
  );
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

async function assertReadable(file: InputFile): Promise<void> {
  try {
    await fs.promises.access(file.path, fs.constants.R_OK);
  } catch {
    throw new UnreadableFileError('không có quyền đọc tệp');
  }
}

/**
 * Rows from a reader whose failures, however deep in a library, become an
 * UnreadableFileError: a damaged file is bad input, not a bug.
 */
async function* guardRows(rows: AsyncIterable<TableRow>, describe: (error: unknown) => string): AsyncGenerator<TableRow> {
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(describe(error));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeWorkbookError(error: unknown): string {
  if (error instanceof XlsxFormatError) {
    return error.advice ?? `tệp không phải bảng tính Excel (.xlsx) hợp lệ hoặc đã hỏng; hãy mở bằng Excel và lưu lại (chi tiết kỹ thuật: ${error.message})`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EBUSY' || code === 'EPERM') return 'tệp đang bị chương trình khác (Excel?) khóa; hãy đóng tệp rồi chạy lại';
  return `không đọc được tệp (${messageOf(error)})`;
}
