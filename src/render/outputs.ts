/**
 * Writes a reconcile run's output folder: summary.json, students.ndjson, the summary
 * workbook and one workbook per school (in `truong/`). Every file is written under a
 * temporary name and renamed when complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from './model.js';
import { writeSchoolWorkbooks } from './school-workbooks.js';
import { writeSummaryWorkbook } from './summary-workbook.js';

export const OUTPUT_FILES = {
  summary: 'summary.json',
  students: 'students.ndjson',
  summaryWorkbook: 'tong-hop.xlsx',
  schoolFolder: 'truong',
} as const;

/** Writes a text file whole or not at all. */
export async function writeFileAtomic(file: string, content: string | Iterable<string>): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await fs.promises.open(temporary, 'w');
  try {
    if (typeof content === 'string') await handle.writeFile(content, 'utf8');
    else {
      let chunk = '';
      for (const piece of content) {
        chunk += piece;
        if (chunk.length > 1 << 20) {
          await handle.writeFile(chunk, 'utf8');
          chunk = '';
        }
      }
      await handle.writeFile(chunk, 'utf8');
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temporary, file);
}

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
