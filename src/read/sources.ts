/**
 * Finds the input files and opens each as tables, whatever its format, with legacy-font
 * text already turned into Unicode. The only place (with render) that reads the disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCsv } from './csv.js';
import { readXlsxSheets, XlsxFormatError } from './xlsx.js';
import { readXls, XlsFormatError } from './xls.js';
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
  if (extension === '.xls') {
    yield* xlsTables(file);
    return;
  }
  try {
    for await (const sheet of readXlsxSheets(file.path)) {
      yield { file: file.name, sheet: sheet.name, rows: undoLegacyFonts(guardRows(sheet.rows, describeWorkbookError)) };
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(describeWorkbookError(error));
  }
}

async function* xlsTables(file: InputFile): AsyncGenerator<Table> {
  let sheets;
  try {
    sheets = readXls(await fs.promises.readFile(file.path));
  } catch (error) {
    if (error instanceof XlsFormatError) throw new UnreadableFileError(`không đọc được tệp Excel 97-2003: ${error.message}`);
    throw error;
  }
  for (const sheet of sheets) {
    yield { file: file.name, sheet: sheet.name, rows: undoLegacyFonts(toAsync(sheet.rows)) };
  }
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
    return `tệp không phải bảng tính Excel (.xlsx) hợp lệ hoặc đã hỏng (${error.message}); hãy mở bằng Excel và lưu lại`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EBUSY' || code === 'EPERM') return 'tệp đang bị chương trình khác (Excel?) khóa; hãy đóng tệp rồi chạy lại';
  return `không đọc được tệp (${messageOf(error)})`;
}
