/**
 * Writes a reconcile run's output folder: summary.json, students.ndjson, the summary
 * workbook and one workbook per school (in `truong/`). Every file is written under a
 * temporary name and renamed when complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';
import type { RunResult } from './model.js';
import { writeSchoolWorkbooks } from './school-workbooks.js';
import { writeSummaryWorkbook } from './summary-workbook.js';

export const OUTPUT_FILES = {
  summary: 'summary.json',
  students: 'students.ndjson',
  summaryWorkbook: 'tong-hop.xlsx',
  schoolFolder: 'truong',
} as const;

function* ndjsonLines(result: RunResult): Generator<string> {
  for (const student of result.students) yield `${JSON.stringify(student)}\n`;
}

export interface WrittenOutputs {
  folder: string;
  schoolWorkbooks: string[];
}

export async function writeOutputs(folder: string, result: RunResult): Promise<WrittenOutputs> {
  await fs.promises.mkdir(path.join(folder, OUTPUT_FILES.schoolFolder), { recursive: true });
  await writeFileAtomic(path.join(folder, OUTPUT_FILES.students), ndjsonLines(result));
  await writeSummaryWorkbook(path.join(folder, OUTPUT_FILES.summaryWorkbook), result);
  const schoolWorkbooks = await writeSchoolWorkbooks(path.join(folder, OUTPUT_FILES.schoolFolder), result);
  // The summary goes last: its presence says the rest of the folder is complete.
  await writeFileAtomic(path.join(folder, OUTPUT_FILES.summary), `${JSON.stringify(result.summary, null, 2)}\n`);
  return { folder, schoolWorkbooks };
}
