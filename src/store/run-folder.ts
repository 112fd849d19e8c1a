/** Reads a reconcile output folder back: its summary and its pupils. */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { OUTPUT_FILES } from '../render/outputs.js';
import type { StudentLine, Summary } from '../render/model.js';

export class RunFolderError extends Error {}

/** Whether a folder is a result bhyt wrote: it holds bhyt's summary.json. */
export async function isRunFolder(folder: string): Promise<boolean> {
  const summary = await fs.promises.readFile(path.join(folder, OUTPUT_FILES.summary), 'utf8').catch(() => null);
  return summary !== null && /"tool"\s*:\s*"bhyt"/.test(summary);
}

export async function readRunFolder(folder: string): Promise<{ summary: Summary; students: StudentLine[] }> {
  const summaryFile = path.join(folder, OUTPUT_FILES.summary);
  const studentsFile = path.join(folder, OUTPUT_FILES.students);
  let summary: Summary;
  try {
    summary = JSON.parse(await fs.promises.readFile(summaryFile, 'utf8')) as Summary;
  } catch {
    throw new RunFolderError(`"${folder}" không phải thư mục kết quả của bhyt reconcile (không đọc được ${OUTPUT_FILES.summary})`);
  }
  const students: StudentLine[] = [];
  try {
    const lines = readline.createInterface({ input: fs.createReadStream(studentsFile), crlfDelay: Infinity });
    for await (const line of lines) if (line.trim()) students.push(JSON.parse(line) as StudentLine);
  } catch {
    throw new RunFolderError(`không đọc được ${studentsFile}`);
  }
  return { summary, students };
}
