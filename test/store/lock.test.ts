/**
 * One run at a time per data folder: real processes contend for the lock and exactly one
 * wins; the loser learns who holds it; locks of dead runs are taken over, by one taker
 * only; the lock goes away on release, on exit and on Ctrl+C or kill.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FOLDER_NAME, LockHeldError, type LockOwner } from '../../src/store/lock.js';
import { deadPid, ensureBuilt, startNode, type ChildResult } from './child-process.js';

let folder: string;
let lockPath: string;

beforeAll(() => ensureBuilt('store/lock'));

beforeEach(async () => {
  folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'bhyt-lock-'));
  lockPath = path.join(folder, LOCK_FOLDER_NAME);
});

afterEach(async () => {
  await fs.promises.rm(folder, { recursive: true, force: true });
});

interface ContenderResult extends ChildResult {
  pid: number;
  said: { acquired?: number; heldBy?: number | null; message?: string };
}

/** Starts `count` processes that all try to take the lock at the same moment and hold it for `holdMs`. */
async function contend(count: number, holdMs: number): Promise<ContenderResult[]> {
  const startAt = String(Date.now() + 700);
  const children = Array.from({ length: count }, () => startNode('lock-child.mjs', ['contend', folder, startAt, String(holdMs)]));
  return Promise.all(
    children.map(async (child) => {
      const result = await child.exited;
      return { ...result, pid: child.pid, said: JSON.parse(result.stdout.trim() || '{}') as ContenderResult['said'] };
    }),
  );
}

function expectOneWinner(results: ContenderResult[]): void {
  const winners = results.filter((result) => result.code === 0);
  const losers = results.filter((result) => result.code !== 0);
  expect(winners, JSON.stringify(results)).toHaveLength(1);
  const winner = winners[0];
  expect(winner.said.acquired).toBe(winner.pid);
  for (const loser of losers) {
    expect(loser.code).toBe(75);
    expect(loser.said.heldBy).toBe(winner.pid);
    expect(loser.said.message).toContain(`pid ${winner.pid} trên máy ${os.hostname()}`);
    expect(loser.said.message).toContain('thử lại sau');
  }
}

function writeOwner(owner: Partial<LockOwner>): void {
  fs.mkdirSync(lockPath);
  fs.writeFileSync(path.join(lockPath, 'owner.json'), JSON.stringify(owner));
}

function ageLockFolder(ms: number): void {
  const then = new Date(Date.now() - ms);
  fs.utimesSync(lockPath, then, then);
}

const MINUTE = 60_000;

describe('two runs at once', () => {
  it('lets exactly one of two processes in; the other is refused with 75 and told the holder', async () => {
    expectOneWinner(await contend(2, 1000));
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('names the holder in the error: pid, host and start time', async () => {
    const lock = await acquireLock(folder, { command: 'reconcile' });
    try {
      const error = await acquireLock(folder, { command: 'report' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockHeldError);
      const held = error as LockHeldError;
      expect(held.owner).toMatchObject({ pid: process.pid, hostname: os.hostname(), command: 'reconcile' });
      expect(held.message).toMatch(
        new RegExp(`^Một lần chạy khác đang chạy \\(pid ${process.pid} trên máy .+, bắt đầu lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}\\): thử lại sau\\.`),
      );
      expect(held.message).toContain(lockPath);
    } finally {
      lock.release();
    }
  });

  it('writes who holds the lock into the lock folder', async () => {
    const lock = await acquireLock(folder, { command: 'reconcile' });
    const owner = JSON.parse(fs.readFileSync(path.join(lockPath, 'owner.json'), 'utf8')) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, hostname: os.hostname(), command: 'reconcile' });
    expect(Date.now() - Date.parse(owner.startedAt)).toBeLessThan(MINUTE);
    lock.release();
  });

  it('makes the data folder when it does not exist yet', async () => {
    const lock = await acquireLock(path.join(folder, 'new', 'bhyt-data'), { command: 'reconcile' });
    expect(fs.existsSync(path.join(folder, 'new', 'bhyt-data', LOCK_FOLDER_NAME))).toBe(true);
    lock.release();
  });
});

describe('locks left behind', () => {
  it('takes over the lock of a run that was killed', async () => {
    const holder = startNode('lock-child.mjs', ['hold', folder]);
    await holder.line((line) => line === 'locked');
    holder.kill('SIGKILL');
    await holder.exited;
    expect(fs.existsSync(lockPath)).toBe(true);

    const lock = await acquireLock(folder, { command: 'reconcile' });
    expect(JSON.parse(fs.readFileSync(path.join(lockPath, 'owner.json'), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('lets only one of several processes take over a dead run’s lock', async () => {
    writeOwner({ pid: await deadPid(), hostname: os.hostname(), startedAt: new Date().toISOString(), command: 'reconcile' });
    expectOneWinner(await contend(4, 1000));
  });

  it('takes over the lock of a run on this PC before it was restarted, even if its pid is in use again', async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * MINUTE).toISOString();
    writeOwner({ pid: process.ppid, hostname: os.hostname(), startedAt: twoDaysAgo, command: 'reconcile', bootedAt: twoDaysAgo });
    const lock = await acquireLock(folder, { command: 'reconcile' });
    lock.release();
  });

  it('keeps the lock of a live run on this PC however old', async () => {
    writeOwner({ pid: process.ppid, hostname: os.hostname(), startedAt: new Date().toISOString(), command: 'reconcile' });
    ageLockFolder(24 * 60 * MINUTE);
    await expect(acquireLock(folder, { command: 'reconcile' })).rejects.toMatchObject({ owner: { pid: process.ppid } });
  });

  it('keeps another PC’s lock for 12 hours, then takes it over', async () => {
    writeOwner({ pid: 4242, hostname: 'KE-TOAN-PC', startedAt: new Date().toISOString(), command: 'reconcile' });
    ageLockFolder(11 * 60 * MINUTE);
    const error = (await acquireLock(folder, { command: 'reconcile' }).catch((e: unknown) => e)) as LockHeldError;
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error.message).toContain('pid 4242 trên máy KE-TOAN-PC');

    ageLockFolder(13 * 60 * MINUTE);
    const lock = await acquireLock(folder, { command: 'reconcile' });
    lock.release();
  });

  it('waits 10 minutes before taking over a lock whose owner file was never written', async () => {
    fs.mkdirSync(lockPath);
    fs.writeFileSync(path.join(lockPath, 'owner.json'), '{"pid": 12');
    ageLockFolder(2 * MINUTE);
    const error = (await acquireLock(folder, { command: 'reconcile' }).catch((e: unknown) => e)) as LockHeldError;
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error.owner).toBeNull();
    expect(error.message).toContain('Một lần chạy khác vừa bắt đầu');

    ageLockFolder(11 * MINUTE);
    const lock = await acquireLock(folder, { command: 'reconcile' });
    lock.release();
  });
});

describe('release', () => {
  it('removes the lock, and can be called again', async () => {
    const lock = await acquireLock(folder, { command: 'reconcile' });
    lock.release();
    expect(fs.existsSync(lockPath)).toBe(false);
    lock.release();
    const again = await acquireLock(folder, { command: 'reconcile' });
    lock.release();
    expect(fs.existsSync(lockPath)).toBe(true);
    again.release();
  });

  it('leaves no exit or signal listeners behind', async () => {
    const before = ['exit', 'SIGINT', 'SIGTERM'].map((event) => process.listenerCount(event));
    const lock = await acquireLock(folder, { command: 'reconcile' });
    expect(process.listenerCount('SIGINT')).toBe(before[1] + 1);
    lock.release();
    expect(['exit', 'SIGINT', 'SIGTERM'].map((event) => process.listenerCount(event))).toEqual(before);
  });

  it('does not remove a lock that another run has taken over', async () => {
    const lock = await acquireLock(folder, { command: 'reconcile' });
    fs.rmSync(lockPath, { recursive: true });
    writeOwner({ pid: process.ppid, hostname: os.hostname(), startedAt: new Date().toISOString(), command: 'reconcile', token: 'taker' });
    lock.release();
    expect(fs.existsSync(lockPath)).toBe(true);
  });

  it.runIf(process.platform !== 'win32').each(['SIGINT', 'SIGTERM'] as const)('happens on %s, and the process still ends by that signal', async (signal) => {
    const holder = startNode('lock-child.mjs', ['hold', folder]);
    await holder.line((line) => line === 'locked');
    expect(fs.existsSync(lockPath)).toBe(true);
    holder.kill(signal);
    const result = await holder.exited;
    expect(result.signal).toBe(signal);
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it.runIf(process.platform !== 'win32')('happens on SIGINT while the program’s own handler decides how to end', async () => {
    const holder = startNode('lock-child.mjs', ['hold', folder, 'own-handler']);
    await holder.line((line) => line === 'locked');
    holder.kill('SIGINT');
    const result = await holder.exited;
    expect(result.code).toBe(7);
    expect(fs.existsSync(lockPath)).toBe(false);
  });
});
