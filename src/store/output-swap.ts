/**
 * A run's output folder replaced whole or not at all: the new files are written into a
 * staging folder beside it, then two renames swap the folders. A run killed at any
 * moment leaves the previous result complete (summary.json always agrees with
 * students.ndjson); a kill between the two renames is repaired by
 * `recoverInterruptedSwap`, which `writeFolderAtomically` also runs first.
 *
 * Windows will not rename a folder while a file in it is open (Excel keeps its workbooks
 * open; antivirus and the search indexer hold new files for a moment), so renames are
 * retried briefly and then reported as OutputFolderBusyError, telling the user what to close.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from './lock.js';

/** A folder cannot be replaced because a file in it is open. */
export class OutputFolderBusyError extends Error {
  override name = 'OutputFolderBusyError';
  constructor(
    readonly folder: string,
    readonly code: string,
  ) {
    super(
      `Không thay được thư mục kết quả "${folder}" vì có tệp trong đó đang mở (thường là trong Excel) ` +
        `hoặc đang được chương trình khác dùng. Hãy đóng các tệp trong thư mục này rồi chạy lại.`,
    );
  }
}

/** The target exists and is not a result this tool wrote: replacing it would destroy the user's files. */
export class OutputFolderNotOursError extends Error {
  override name = 'OutputFolderNotOursError';
  constructor(readonly folder: string, why: 'file' | 'foreign') {
    super(
      why === 'file'
        ? `--out "${folder}" là một tệp, không phải thư mục: hãy chọn thư mục khác cho kết quả.`
        : `Thư mục "${folder}" đã có và không phải kết quả của bhyt: bhyt chỉ ghi đè thư mục kết quả của chính nó. Hãy chọn thư mục khác (hoặc một thư mục trống).`,
    );
  }
}

/**
 * A target may be replaced only when it is missing, empty, or a result of an earlier run
 * (it holds the summary.json bhyt writes): never a folder of inputs or other files.
 */
export async function assertReplaceable(target: string, isOurs: (folder: string) => Promise<boolean>): Promise<void> {
  const stat = await fs.promises.stat(target).catch(() => null);
  if (!stat) return;
  if (!stat.isDirectory()) throw new OutputFolderNotOursError(target, 'file');
  const entries = await fs.promises.readdir(target);
  if (entries.length > 0 && !(await isOurs(target))) throw new OutputFolderNotOursError(target, 'foreign');
}

export interface SwapRecovery {
  /** The previous result put back in place, or null when nothing needed it. */
  restored: string | null;
  /** Leftover staging and old folders removed. */
  removed: string[];
}

const BUSY_CODES = new Set(['EPERM', 'EBUSY', 'EACCES']);
/** Long enough for antivirus to let go of files just written, short enough for a user waiting. */
const RENAME_RETRY_DELAYS_MS = [100, 200, 400, 800];

/** Fills a fresh folder with `write(staging)` and puts it in place of `target`. */
export async function writeFolderAtomically(target: string, write: (staging: string) => Promise<void>, isOurs?: (folder: string) => Promise<boolean>): Promise<void> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  await recoverInterruptedSwap(target);
  if (isOurs) await assertReplaceable(target, isOurs);
  const staging = `${target}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  await fs.promises.mkdir(staging);
  try {
    await write(staging);
    await syncFiles(staging);
    await swapIn(staging, target);
  } catch (error) {
    await fs.promises.rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** A power cut after the swap must not leave renamed but empty files. */
async function syncFiles(folder: string): Promise<void> {
  for (const entry of await fs.promises.readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await syncFiles(full);
    else if (entry.isFile()) {
      const handle = await fs.promises.open(full, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }
}

async function swapIn(staging: string, target: string): Promise<void> {
  const old = `${target}.old-${process.pid}`;
  const hadTarget = await moveAside(target, old);
  try {
    await renameRetrying(staging, target);
  } catch (error) {
    if (hadTarget) await fs.promises.rename(old, target);
    throw asBusyError(error, target);
  }
  // Only a file held open can stop this; the old folder is then removed by the next recovery.
  if (hadTarget) await fs.promises.rm(old, { recursive: true, force: true }).catch(() => undefined);
}

/** Renames the current result out of the way; false when there is none yet. */
async function moveAside(target: string, old: string): Promise<boolean> {
  try {
    await renameRetrying(target, old);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw asBusyError(error, target);
  }
}

async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.promises.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!BUSY_CODES.has(code) || attempt >= RENAME_RETRY_DELAYS_MS.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, RENAME_RETRY_DELAYS_MS[attempt]));
    }
  }
}

function asBusyError(error: unknown, folder: string): unknown {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return BUSY_CODES.has(code) ? new OutputFolderBusyError(folder, code) : error;
}

/**
 * Repairs what a killed run left beside `target`: when `target` is missing but an
 * `.old-*` folder is there, the run died between the two renames, and the old folder
 * is the last complete result, so it goes back. Other leftovers are removed, except
 * those of a run that is still alive.
 */
export async function recoverInterruptedSwap(target: string): Promise<SwapRecovery> {
  const parent = path.dirname(target);
  const leftovers = swapLeftovers(path.basename(target), await fs.promises.readdir(parent).catch(() => [] as string[]));
  const ofDeadRuns = leftovers.filter((leftover) => leftover.pid === process.pid || !isProcessAlive(leftover.pid));
  let restored: string | null = null;
  const olds = ofDeadRuns.filter((leftover) => leftover.kind === 'old');
  if (olds.length && !(await exists(target))) {
    const newest = await newestFolder(olds.map((old) => path.join(parent, old.name)));
    await fs.promises.rename(newest, target);
    restored = newest;
  }
  const removed: string[] = [];
  for (const leftover of ofDeadRuns) {
    const full = path.join(parent, leftover.name);
    if (full === restored) continue;
    await fs.promises.rm(full, { recursive: true, force: true });
    removed.push(full);
  }
  return { restored, removed };
}

interface SwapLeftover {
  name: string;
  kind: 'old' | 'tmp';
  pid: number;
}

function swapLeftovers(base: string, names: string[]): SwapLeftover[] {
  const leftovers: SwapLeftover[] = [];
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue;
    const match = /^(old)-(\d+)$|^(tmp)-(\d+)-[0-9a-f]+$/.exec(name.slice(base.length + 1));
    if (match) leftovers.push({ name, kind: match[1] ? 'old' : 'tmp', pid: Number(match[2] ?? match[4]) });
  }
  return leftovers;
}

async function exists(file: string): Promise<boolean> {
  return fs.promises.stat(file).then(
    () => true,
    () => false,
  );
}

async function newestFolder(folders: string[]): Promise<string> {
  const dated = await Promise.all(folders.map(async (folder) => ({ folder, mtimeMs: (await fs.promises.stat(folder)).mtimeMs })));
  return dated.sort((a, b) => b.mtimeMs - a.mtimeMs)[0].folder;
}
