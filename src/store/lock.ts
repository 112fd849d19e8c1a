/**
 * One run at a time per data folder. The lock is the folder `.bhyt.lock`, made with
 * mkdir because creating a folder is atomic on Windows, Linux and network shares alike,
 * while an exclusive file create is not on some SMB setups. `owner.json` inside says
 * who holds it, so that a second run can name the holder and a lock left by a dead
 * process can be taken over.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatDateVi } from '../dates/dates.js';

export const LOCK_FOLDER_NAME = '.bhyt.lock';
const OWNER_FILE_NAME = 'owner.json';
/** Serialises takers of a stale lock, so that two of them cannot both win. */
const TAKEOVER_FOLDER_SUFFIX = '.takeover';

/** A lock whose owner file never got written belongs to a run that died while starting. */
const UNREADABLE_OWNER_STALE_MS = 10 * 60_000;
/** Whether a process on another PC is alive cannot be checked; a run never lasts this long. */
const OTHER_HOST_STALE_MS = 12 * 60 * 60_000;
/** A taker holds the takeover folder for milliseconds; older means it died there. */
const TAKEOVER_STALE_MS = 60_000;
/** How long to wait for a holder that has just made the lock to write its owner file. */
const OWNER_WRITE_GRACE_MS = 1_000;
const POLL_MS = 50;
/** Rounds of look, take over, look again before giving up on a lock that keeps changing hands. */
const MAX_ATTEMPTS = 20;
/**
 * A boot time computed as now minus uptime moves when the clock is set (an office PC
 * syncing its time); only a boot this much later than the holder's means a reboot.
 */
const REBOOT_MIN_SHIFT_MS = 10 * 60_000;

export interface LockOwner {
  pid: number;
  hostname: string;
  /** ISO time the holder took the lock. */
  startedAt: string;
  command: string;
  /** ISO time the holder's PC started: after a reboot the same pid is another process. */
  bootedAt: string;
  /** Tells this lock from a later one, so a release never removes someone else's lock. */
  token: string;
}

export interface Lock {
  /** The lock folder. */
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock. Safe to call more than once; also runs on exit, SIGINT and SIGTERM. */
  release(): void;
}

/** Another run holds the lock: exit code 75, try again later. */
export class LockHeldError extends Error {
  override name = 'LockHeldError';
  constructor(
    /** The holder, or null when it has made the lock but not yet said who it is. */
    readonly owner: LockOwner | null,
    readonly lockPath: string,
  ) {
    super(lockHeldMessage(owner, lockPath));
  }
}

function lockHeldMessage(owner: LockOwner | null, lockPath: string): string {
  const holder = owner
    ? `Một lần chạy khác đang chạy (pid ${owner.pid} trên máy ${owner.hostname}, bắt đầu lúc ${formatLocalTime(owner.startedAt)})`
    : 'Một lần chạy khác vừa bắt đầu';
  return `${holder}: thử lại sau. Nếu chắc chắn không còn lần chạy nào, hãy xóa thư mục "${lockPath}".`;
}

/** `15/11/2026 07:00:12` in this PC's time zone. */
function formatLocalTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return `${formatDateVi(day)} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/**
 * Takes the lock of `folder` (made if missing) for `command`, or throws LockHeldError.
 * A lock whose holder is gone is taken over: a dead pid on this PC, a PC rebooted since,
 * an owner file never written after 10 minutes, another PC's lock after 12 hours.
 */
export async function acquireLock(folder: string, options: { command: string }): Promise<Lock> {
  await fs.promises.mkdir(folder, { recursive: true });
  const lockPath = path.join(folder, LOCK_FOLDER_NAME);
  const owner = newOwner(options.command);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (await tryCreateLock(lockPath, owner)) return holdLock(lockPath, owner);
    const held = await inspectLock(lockPath);
    if (held === 'gone') continue;
    if (!held.stale) throw new LockHeldError(held.owner, lockPath);
    if (await takeOverStaleLock(lockPath, owner)) return holdLock(lockPath, owner);
    await sleep(POLL_MS * 2);
  }
  throw new LockHeldError((await readOwnerPatiently(lockPath)).owner, lockPath);
}

function newOwner(command: string): LockOwner {
  return {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    command,
    bootedAt: bootTime().toISOString(),
    token: crypto.randomBytes(8).toString('hex'),
  };
}

function bootTime(): Date {
  return new Date(Date.now() - os.uptime() * 1000);
}

/** Makes the lock folder and its owner file; false when the folder is already there. */
async function tryCreateLock(lockPath: string, owner: LockOwner): Promise<boolean> {
  try {
    await fs.promises.mkdir(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await writeOwner(lockPath, owner);
  } catch (error) {
    // Without its owner file the lock would block every run for ten minutes.
    await fs.promises.rm(lockPath, { recursive: true, force: true });
    throw error;
  }
  return true;
}

/** Written under another name and renamed, so a reader sees the whole owner or none. */
async function writeOwner(lockPath: string, owner: LockOwner): Promise<void> {
  const temporary = path.join(lockPath, `${OWNER_FILE_NAME}.${owner.token}.tmp`);
  await fs.promises.writeFile(temporary, `${JSON.stringify(owner, null, 1)}\n`, 'utf8');
  await fs.promises.rename(temporary, path.join(lockPath, OWNER_FILE_NAME));
}

type Inspection = 'gone' | { owner: LockOwner | null; stale: boolean };

async function inspectLock(lockPath: string): Promise<Inspection> {
  const read = await readOwnerPatiently(lockPath);
  if (read.gone) return 'gone';
  return { owner: read.owner, stale: isStale(read.owner, read.ageMs) };
}

/** The owner, waiting a moment for one that has just made the lock to finish writing it. */
async function readOwnerPatiently(lockPath: string): Promise<{ gone: boolean; owner: LockOwner | null; ageMs: number }> {
  const deadline = Date.now() + OWNER_WRITE_GRACE_MS;
  for (;;) {
    const ageMs = await lockAge(lockPath);
    if (ageMs === null) return { gone: true, owner: null, ageMs: 0 };
    const owner = await readOwner(lockPath);
    if (owner || ageMs > OWNER_WRITE_GRACE_MS || Date.now() >= deadline) return { gone: false, owner, ageMs };
    await sleep(POLL_MS);
  }
}

async function lockAge(lockPath: string): Promise<number | null> {
  const stat = await fs.promises.stat(lockPath).catch(() => null);
  return stat ? Math.max(0, Date.now() - stat.mtimeMs) : null;
}

async function readOwner(lockPath: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await fs.promises.readFile(path.join(lockPath, OWNER_FILE_NAME), 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.hostname === 'string' && typeof owner.startedAt === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

function isStale(owner: LockOwner | null, ageMs: number): boolean {
  if (!owner) return ageMs > UNREADABLE_OWNER_STALE_MS;
  if (owner.hostname.toLowerCase() !== os.hostname().toLowerCase()) return ageMs > OTHER_HOST_STALE_MS;
  return rebootedSince(owner) || !isProcessAlive(owner.pid);
}

function rebootedSince(owner: LockOwner): boolean {
  const bootedAt = Date.parse(owner.bootedAt);
  return Number.isFinite(bootedAt) && bootTime().getTime() - bootedAt > REBOOT_MIN_SHIFT_MS;
}

/** Signal 0 only checks: ESRCH means no such process; EPERM means it exists but is not ours. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Replaces a stale lock with ours; false when it could not (another taker is at it, or
 * the lock is live again): the caller looks again. Takers first make the takeover
 * folder, so only one at a time judges and removes the lock, and it judges again
 * inside, since the lock it saw may meanwhile have been replaced by a live one. A plain
 * acquirer never removes a lock, so it cannot undo a taker's work.
 */
async function takeOverStaleLock(lockPath: string, owner: LockOwner): Promise<boolean> {
  const takeover = lockPath + TAKEOVER_FOLDER_SUFFIX;
  try {
    await fs.promises.mkdir(takeover);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await lockAge(takeover);
    if (age !== null && age > TAKEOVER_STALE_MS) await fs.promises.rm(takeover, { recursive: true, force: true });
    return false;
  }
  try {
    const held = await inspectLock(lockPath);
    if (held !== 'gone' && !held.stale) return false;
    if (held !== 'gone') await fs.promises.rm(lockPath, { recursive: true, force: true });
    return await tryCreateLock(lockPath, owner);
  } finally {
    await fs.promises.rm(takeover, { recursive: true, force: true });
  }
}

/** The shell's code for a process ended by the signal: 128 + its number. */
const EXIT_CODE_AFTER_SIGNAL: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** The held lock, released on exit and on Ctrl+C or a kill, whichever comes first. */
function holdLock(lockPath: string, owner: LockOwner): Lock {
  let released = false;
  const onExit = () => release();
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    // Alone, we must end the process as the signal would have; other listeners decide for themselves.
    if (process.listenerCount(signal) > 0) return;
    // Windows has no signals to raise again: process.kill would end with code 1, a usage error.
    if (process.platform === 'win32') process.exit(EXIT_CODE_AFTER_SIGNAL[signal]);
    process.kill(process.pid, signal);
  };
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    removeIfOurs(lockPath, owner);
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { path: lockPath, owner, release };
}

/**
 * Synchronous, because it also runs in the exit handler. Checks the token first: if this
 * run was judged dead and its lock taken over, the lock now belongs to the taker.
 */
function removeIfOurs(lockPath: string, owner: LockOwner): void {
  let current: Partial<LockOwner>;
  try {
    current = JSON.parse(fs.readFileSync(path.join(lockPath, OWNER_FILE_NAME), 'utf8')) as Partial<LockOwner>;
  } catch {
    return;
  }
  if (current.token === owner.token) fs.rmSync(lockPath, { recursive: true, force: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
