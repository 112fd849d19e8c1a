/**
 * A plain-text log per run in `<dataDir>/logs/<runId>.log`, for whoever looks after a
 * scheduled job that nobody watched: `2026-11-15T07:00:12.345Z INFO message`. Each line
 * is written synchronously, so the log tells how far a run got even when it crashed.
 *
 * Callers must not log personal data: no pupil names, birth dates, card numbers, BHXH
 * codes or personal IDs. Log counts, file names, timings and errors; the log folder is
 * kept for weeks and is often on a shared drive.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOGS_FOLDER_NAME = 'logs';
const LOG_EXTENSION = '.log';

export interface RunLog {
  /** The log file, absolute: print it so a user can find it. */
  readonly file: string;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Closes the file; later lines are a bug and throw. Safe to call more than once. */
  close(): void;
}

type Level = 'INFO' | 'WARN' | 'ERROR';

/** Opens (appending to) the log of `runId`, making the folders it needs. */
export function openRunLog(dataDir: string, runId: string): RunLog {
  if (!/^[\w.-]+$/.test(runId)) throw new Error(`A run id must be usable as a file name: ${JSON.stringify(runId)}`);
  const folder = path.join(dataDir, LOGS_FOLDER_NAME);
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${runId}${LOG_EXTENSION}`);
  let descriptor: number | null = fs.openSync(file, 'a');
  const write = (level: Level, message: string) => {
    if (descriptor === null) throw new Error(`Run log ${file} written after close`);
    fs.writeSync(descriptor, logLine(level, message, new Date()));
  };
  return {
    file,
    info: (message) => write('INFO', message),
    warn: (message) => write('WARN', message),
    error: (message) => write('ERROR', message),
    close: () => {
      if (descriptor === null) return;
      fs.closeSync(descriptor);
      descriptor = null;
    },
  };
}

/** One line per entry: the lines of a longer message are indented under the first, so every entry starts with its time. */
function logLine(level: Level, message: string, at: Date): string {
  return `${at.toISOString()} ${level} ${message.split(/\r?\n/).join(`${os.EOL}    `)}${os.EOL}`;
}

/**
 * Keeps the newest `keep` log files and removes the others; returns the files removed.
 * Newest by name, since run ids sort by creation time: the same order `pruneRuns` keeps,
 * so a kept run keeps its log. A log that cannot be removed (open in Notepad on Windows)
 * is left for the next run: pruning must never fail a run.
 */
export async function pruneLogs(dataDir: string, keep: number): Promise<string[]> {
  const folder = path.join(dataDir, LOGS_FOLDER_NAME);
  const names = (await fs.promises.readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith(LOG_EXTENSION)).sort();
  const removed: string[] = [];
  for (const name of names.slice(0, Math.max(0, names.length - keep))) {
    const file = path.join(folder, name);
    const gone = await fs.promises.rm(file, { force: true }).then(
      () => true,
      () => false,
    );
    if (gone) removed.push(file);
  }
  return removed;
}
