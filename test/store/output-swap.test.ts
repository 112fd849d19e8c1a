/**
 * The output folder is replaced whole or not at all: a run killed at any moment leaves
 * the previous result in place and complete (after recovery), a finished run replaces
 * it, and a folder Windows will not rename (a workbook open in Excel) is reported with
 * what to do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputFolderBusyError, recoverInterruptedSwap, writeFolderAtomically } from '../../src/store/output-swap.js';
import { deadPid, ensureBuilt, startNode } from './child-process.js';

let parent: string;
let target: string;

beforeAll(() => ensureBuilt('store/output-swap', 'store/lock'));

beforeEach(async () => {
  parent = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'bhyt-swap-'));
  target = path.join(parent, 'bhyt-2026-11-15');
});

afterEach(async () => {
  vi.restoreAllMocks();
  await fs.promises.rm(parent, { recursive: true, force: true });
});

const PREVIOUS = {
  'summary.json': '{"generation":"previous","students":3}\n',
  'students.ndjson': '{"name":"a"}\n{"name":"b"}\n{"name":"c"}\n',
  'truong/Truong_TH_A.xlsx': 'workbook bytes',
};

function writeFiles(folder: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), content);
  }
}

/** Every file under `folder` with its content, `/`-separated names. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(folder, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return files;
}

function besideTarget(): string[] {
  return fs.readdirSync(parent).sort();
}

describe('writeFolderAtomically', () => {
  it('replaces the previous result with the new one, leaving nothing beside it', async () => {
    writeFiles(target, PREVIOUS);
    await writeFolderAtomically(target, async (staging) => writeFiles(staging, { 'summary.json': 'new', 'students.ndjson': 'new' }));
    expect(snapshot(target)).toEqual({ 'summary.json': 'new', 'students.ndjson': 'new' });
    expect(besideTarget()).toEqual(['bhyt-2026-11-15']);
  });

  it('writes the first result when there is none yet, making missing parent folders', async () => {
    const deep = path.join(parent, 'ket-qua', 'bhyt-2026-11-15');
    await writeFolderAtomically(deep, async (staging) => writeFiles(staging, { 'summary.json': 'first' }));
    expect(snapshot(deep)).toEqual({ 'summary.json': 'first' });
  });

  it('writes into a staging folder beside the target, never into the target', async () => {
    writeFiles(target, PREVIOUS);
    let stagingSeen = '';
    await writeFolderAtomically(target, async (staging) => {
      stagingSeen = staging;
      expect(path.dirname(staging)).toBe(parent);
      expect(path.basename(staging)).toMatch(new RegExp(`^bhyt-2026-11-15\\.tmp-${process.pid}-[0-9a-f]+$`));
      expect(snapshot(target)).toEqual(PREVIOUS);
    });
    expect(fs.existsSync(stagingSeen)).toBe(false);
  });

  it('keeps the previous result when writing fails, and passes the error on', async () => {
    writeFiles(target, PREVIOUS);
    const failure = new Error('disk full');
    await expect(
      writeFolderAtomically(target, async (staging) => {
        writeFiles(staging, { 'summary.json': 'half' });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(snapshot(target)).toEqual(PREVIOUS);
    expect(besideTarget()).toEqual(['bhyt-2026-11-15']);
  });
});

describe('a run killed half-way', () => {
  it('leaves the previous result whole and identical; recovery clears the half-written folder', async () => {
    writeFiles(target, PREVIOUS);
    const run = startNode('swap-child.mjs', ['kill-midway', target]);
    const result = await run.exited;
    expect(result.signal).toBe('SIGKILL');
    expect(snapshot(target)).toEqual(PREVIOUS);
    const leftovers = besideTarget().filter((name) => name !== 'bhyt-2026-11-15');
    expect(leftovers).toEqual([expect.stringMatching(new RegExp(`^bhyt-2026-11-15\\.tmp-${run.pid}-`))]);

    const recovery = await recoverInterruptedSwap(target);
    expect(recovery).toEqual({ restored: null, removed: [path.join(parent, leftovers[0])] });
    expect(besideTarget()).toEqual(['bhyt-2026-11-15']);
    expect(snapshot(target)).toEqual(PREVIOUS);
  });

  it('leaves, after recovery, one complete result whenever it is killed', async () => {
    const generationsSeen = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const run = startNode('swap-child.mjs', ['loop', target]);
      await run.line((line) => line.startsWith('generation '));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
      run.kill('SIGKILL');
      await run.exited;

      await recoverInterruptedSwap(target);
      const files = snapshot(target);
      expect(Object.keys(files).sort()).toEqual(['students.ndjson', 'summary.json']);
      // summary.json and students.ndjson always come from the same run, and are whole.
      expect(files['summary.json']).toBe(files['students.ndjson']);
      expect(files['summary.json'].split('\n')).toHaveLength(201);
      generationsSeen.add(files['summary.json'].split('\n')[0]);
      expect(besideTarget()).toEqual(['bhyt-2026-11-15']);
    }
    expect(generationsSeen.size).toBeGreaterThan(1);
  });
});

describe('recoverInterruptedSwap', () => {
  it('puts the previous result back when a run died between the two renames', async () => {
    const pid = await deadPid();
    writeFiles(path.join(parent, `bhyt-2026-11-15.old-${pid}`), PREVIOUS);
    writeFiles(path.join(parent, `bhyt-2026-11-15.tmp-${pid}-0a1b2c3d`), { 'summary.json': 'new' });

    const recovery = await recoverInterruptedSwap(target);

    expect(recovery.restored).toBe(path.join(parent, `bhyt-2026-11-15.old-${pid}`));
    expect(recovery.removed).toEqual([path.join(parent, `bhyt-2026-11-15.tmp-${pid}-0a1b2c3d`)]);
    expect(snapshot(target)).toEqual(PREVIOUS);
    expect(besideTarget()).toEqual(['bhyt-2026-11-15']);
  });

  it('removes an old folder left after a finished swap', async () => {
    writeFiles(target, { 'summary.json': 'new' });
    writeFiles(path.join(parent, `bhyt-2026-11-15.old-${await deadPid()}`), PREVIOUS);
    await recoverInterruptedSwap(target);
    expect(snapshot(target)).toEqual({ 'summary.json': 'new' });
    expect(besideTarget()).toEqual(['bhyt-2026-11-15']);
  });

  it('leaves alone the staging folder of a run that is still alive, and folders of other names', async () => {
    writeFiles(target, PREVIOUS);
    const live = path.join(parent, `bhyt-2026-11-15.tmp-${process.ppid}-abcdef12`);
    writeFiles(live, { 'summary.json': 'being written' });
    writeFiles(path.join(parent, 'bhyt-2026-11-15.tmp-notes'), { 'a.txt': 'x' });
    writeFiles(path.join(parent, 'bhyt-2026-11-16'), { 'a.txt': 'x' });
    expect(await recoverInterruptedSwap(target)).toEqual({ restored: null, removed: [] });
    expect(besideTarget()).toEqual(['bhyt-2026-11-15', 'bhyt-2026-11-15.tmp-notes', path.basename(live), 'bhyt-2026-11-16'].sort());
  });

  it('does nothing when there is nothing to repair, even without a parent folder', async () => {
    expect(await recoverInterruptedSwap(path.join(parent, 'missing', 'bhyt-2026-11-15'))).toEqual({ restored: null, removed: [] });
  });
});

describe('a result folder held open (Windows, Excel)', () => {
  function failRename(code: string, when: (from: string) => boolean): void {
    const rename = fs.promises.rename;
    vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      if (when(String(from))) throw Object.assign(new Error(`${code}: operation not permitted, rename`), { code });
      return rename(from, to);
    });
  }

  it.each(['EPERM', 'EBUSY', 'EACCES'])('says to close the files in the folder (%s), keeping the previous result', async (code) => {
    writeFiles(target, PREVIOUS);
    failRename(code, (from) => from === target);
    const error = await writeFolderAtomically(target, async (staging) => writeFiles(staging, { 'summary.json': 'new' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFolderBusyError);
    expect((error as OutputFolderBusyError).folder).toBe(target);
    expect((error as Error).message).toContain(`"${target}"`);
    expect((error as Error).message).toContain('Hãy đóng các tệp trong thư mục này rồi chạy lại');
    expect(snapshot(target)).toEqual(PREVIOUS);
    expect(besideTarget()).toEqual(['bhyt-2026-11-15']);
  });

  it('puts the previous result back when the new folder cannot be moved in', async () => {
    writeFiles(target, PREVIOUS);
    failRename('EPERM', (from) => from.includes('.tmp-'));
    await expect(writeFolderAtomically(target, async (staging) => writeFiles(staging, { 'summary.json': 'new' }))).rejects.toBeInstanceOf(
      OutputFolderBusyError,
    );
    expect(snapshot(target)).toEqual(PREVIOUS);
    expect(besideTarget()).toEqual(['bhyt-2026-11-15']);
  });

  it('retries a rename that fails for a moment (antivirus holding a new file)', async () => {
    writeFiles(target, PREVIOUS);
    let failures = 2;
    failRename('EPERM', (from) => from === target && failures-- > 0);
    await writeFolderAtomically(target, async (staging) => writeFiles(staging, { 'summary.json': 'new' }));
    expect(snapshot(target)).toEqual({ 'summary.json': 'new' });
  });
});
