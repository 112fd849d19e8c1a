import path from 'node:path';
/**
 * Reads every roster and card file into pupils and cards, noting per file and sheet
 * what was found, and naming every file or sheet that could not be used. A bad file
 * never stops the others.
 */
import { listInputFiles, openTables, UnreadableFileError, type InputFile } from '../read/sources.js';
import type { Table } from '../read/table.js';
import { ingestCardTable } from './cards.js';
import { ingestRosterTable, type SheetIngest } from './pupils.js';
import type { Card, InputFileSummary, InputProblem, Pupil } from './records.js';

export interface Ingested {
  pupils: Pupil[];
  cards: Card[];
  problems: InputProblem[];
  inputs: InputFileSummary[];
}

export interface IngestProgress {
  fileStarted?: (file: InputFile, role: InputFileSummary['role']) => void;
  rowRead?: () => void;
}

type Role = InputFileSummary['role'];

/** Why a sheet gave no records, or null when it did. */
function sheetVerdict(result: SheetIngest, role: Role): { skipped?: string; error?: string } {
  const what = role === 'roster' ? 'danh sách học sinh' : 'danh sách thẻ';
  if (!result.outcome.found) {
    return result.outcome.looksLikeList
      ? { error: `không tìm thấy dòng tiêu đề của ${what} (cần các cột như "Họ và tên", "Ngày sinh"${role === 'cards' ? ', "Mã số BHXH", "Hạn thẻ đến"' : ''})` }
      : { skipped: `không phải ${what}` };
  }
  const columns = result.outcome.layout.columns;
  if (columns.dob === undefined && columns.dobYear === undefined && columns.dobDay === undefined && role === 'roster') {
    return { error: 'danh sách không có cột ngày sinh: chỉ khớp được theo mã số' };
  }
  if (role === 'cards' && columns.validTo === undefined && columns.validFrom === undefined) {
    return { error: 'danh sách thẻ không có cột hạn thẻ ("Hạn thẻ đến", "Đến ngày"): không biết thẻ còn hạn hay không' };
  }
  if (result.records === 0) return { skipped: `có tiêu đề nhưng không có dòng ${role === 'roster' ? 'học sinh' : 'thẻ'} nào` };
  return {};
}

export async function ingestInputs(rosters: string, cardFiles: string[], progress: IngestProgress = {}): Promise<Ingested> {
  const result: Ingested = { pupils: [], cards: [], problems: [], inputs: [] };
  const addProblem = (problem: InputProblem) => result.problems.push(problem);
  const sources: { argument: string; role: Role }[] = [
    { argument: rosters, role: 'roster' },
    ...cardFiles.map((argument) => ({ argument, role: 'cards' as const })),
  ];
  for (const { argument, role } of sources) {
    let files: InputFile[];
    try {
      files = await listInputFiles(argument);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      addProblem({ file: argument, sheet: null, row: null, level: 'error', message: error.message });
      result.inputs.push({ file: argument, path: path.resolve(argument), role, sheets: [], records: 0, ok: false });
      continue;
    }
    if (files.length === 0) addProblem({ file: argument, sheet: null, row: null, level: 'error', message: 'thư mục không có tệp .xlsx, .xls, .csv hay .txt nào' });
    for (const file of files) {
      progress.fileStarted?.(file, role);
      result.inputs.push(await ingestFile(file, role, result, addProblem, progress));
    }
  }
  return result;
}

async function ingestFile(file: InputFile, role: Role, into: Ingested, addProblem: (p: InputProblem) => void, progress: IngestProgress): Promise<InputFileSummary> {
  const summary: InputFileSummary = { file: file.name, path: file.path, role, sheets: [], records: 0, ok: true };
  let fileSchool: string | null = null;
  let currentSheet: string | null = null;
  let rows = 0;
  const notes: string[] = [];
  try {
    for await (const table of openTables(file)) {
      currentSheet = table.sheet;
      rows = 0;
      const counted: Table = {
        ...table,
        rows: countRows(table.rows, () => {
          rows++;
          progress.rowRead?.();
        }),
      };
      let ingest: SheetIngest;
      if (role === 'roster') {
        const roster = await ingestRosterTable(counted, {
          addPupil: (pupil) => into.pupils.push(Object.assign(pupil, { index: into.pupils.length })),
          addProblem,
          fileSchool,
        });
        fileSchool = roster.school ?? fileSchool;
        ingest = roster;
      } else {
        ingest = await ingestCardTable(counted, {
          addCard: (card) => into.cards.push(Object.assign(card, { index: into.cards.length })),
          addProblem,
        });
      }
      for (const note of table.notes?.() ?? []) {
        notes.push(note.message);
        addProblem({ file: file.name, sheet: table.sheet, row: note.row, level: 'warning', message: note.message });
      }
      const verdict = sheetVerdict(ingest, role);
      if (verdict.error) addProblem({ file: file.name, sheet: table.sheet, row: null, level: 'error', message: verdict.error });
      if (ingest.notStudying) {
        addProblem({ file: file.name, sheet: table.sheet, row: null, level: 'warning', message: `${ingest.notStudying} học sinh không còn "Đang học" (đã chuyển đi, thôi học): không tính` });
      }
      summary.sheets.push({ sheet: table.sheet, rows, records: ingest.records, ...(verdict.skipped || verdict.error ? { skipped: verdict.skipped ?? verdict.error } : {}) });
      summary.records += ingest.records;
    }
  } catch (error) {
    if (!(error instanceof UnreadableFileError) && !isFileSystemError(error)) throw error;
    summary.ok = summary.records > 0;
    const where = currentSheet === null ? '' : `, trang tính "${currentSheet}" sau dòng ${rows}`;
    addProblem({ file: file.name, sheet: currentSheet, row: null, level: 'error', message: `${error instanceof Error ? error.message : String(error)}${where}` });
    return summary;
  }
  // A file that was asked for but holds no list at all (empty, header only, not a table) must not pass unnoticed.
  const alreadyNamed = into.problems.some((p) => p.file === file.name && p.level === 'error');
  if (summary.records === 0 && !alreadyNamed) {
    const what = role === 'roster' ? 'học sinh' : 'thẻ';
    // What the reader noticed (formulas without their value, say) is then the likely cause.
    const why = notes.length ? notes[0] : 'trống, chỉ có tiêu đề, hoặc không phải bảng';
    addProblem({ file: file.name, sheet: null, row: null, level: 'error', message: `tệp không có dòng ${what} nào đọc được (${why})` });
  }
  return summary;
}

function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

async function* countRows<T>(rows: AsyncIterable<T>, count: () => void): AsyncGenerator<T> {
  for await (const row of rows) {
    count();
    yield row;
  }
}
