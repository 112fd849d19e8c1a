/** The per-run log a scheduled job leaves behind: timestamped lines that survive a crash, old logs pruned. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openRunLog, pruneLogs } from '../../src/store/run-log.js';
import { ensureBuilt, ROOT_FOLDER } from './child-process.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'bhyt-log-'));
});

afterEach(async () => {
  vi.useRealTimers();
  await fs.promises.rm(dataDir, { recursive: true, force: true });
});

function logLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(0, -1);
}

describe('openRunLog', () => {
  it('writes time, level and message on one line each, into <dataDir>/logs/<runId>.log', () => {
    vi.useFakeTimers({ now: new Date('2026-11-15T07:00:12.345Z') });
    const log = openRunLog(path.join(dataDir, 'bhyt-data'), '20261115T070012345Z');
    log.info('Bắt đầu đối chiếu: 12 tệp danh sách, 2 tệp thẻ');
    log.warn('Tệp "TH A.xlsx": 3 dòng thiếu ngày sinh');
    log.error('Không đọc được "the-2.xls"');
    log.close();
    expect(log.file).toBe(path.join(dataDir, 'bhyt-data', 'logs', '20261115T070012345Z.log'));
    expect(logLines(log.file)).toEqual([
      '2026-11-15T07:00:12.345Z INFO Bắt đầu đối chiếu: 12 tệp danh sách, 2 tệp thẻ',
      '2026-11-15T07:00:12.345Z WARN Tệp "TH A.xlsx": 3 dòng thiếu ngày sinh',
      '2026-11-15T07:00:12.345Z ERROR Không đọc được "the-2.xls"',
    ]);
  });

  it('indents the further lines of a long message, so every entry starts with its time', () => {
    const log = openRunLog(dataDir, 'run1');
    log.error('Lỗi không mong đợi\nError: boom\r\n    at f (x.js:1:1)');
    log.info('tiếp');
    log.close();
    const lines = logLines(log.file);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\S+Z ERROR Lỗi không mong đợi$/);
    expect(lines[1]).toBe('    Error: boom');
    expect(lines[3]).toMatch(/^\S+Z INFO tiếp$/);
  });

  it('appends when the same run opens its log again', () => {
    const first = openRunLog(dataDir, 'run1');
    first.info('một');
    first.close();
    const second = openRunLog(dataDir, 'run1');
    second.info('hai');
    second.close();
    expect(logLines(second.file).map((line) => line.split(' ').slice(1).join(' '))).toEqual(['INFO một', 'INFO hai']);
  });

  it('can be closed twice, and refuses lines after closing', () => {
    const log = openRunLog(dataDir, 'run1');
    log.close();
    log.close();
    expect(() => log.info('late')).toThrow(/after close/);
  });

  it('refuses a run id that is not a plain file name', () => {
    expect(() => openRunLog(dataDir, '../x')).toThrow(/file name/);
  });

  describe('in a run that crashes', () => {
    beforeAll(() => ensureBuilt('store/run-log'));

    it('keeps every line written before the crash', () => {
      const module = pathToFileURL(path.join(ROOT_FOLDER, 'dist/store/run-log.js')).href;
      const script = `
        const { openRunLog } = await import(${JSON.stringify(module)});
        const log = openRunLog(${JSON.stringify(dataDir)}, 'crashed');
        log.info('đọc xong danh sách');
        log.warn('sắp bị dừng');
        process.kill(process.pid, 'SIGKILL');`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script]);
      expect(result.signal).toBe('SIGKILL');
      const lines = logLines(path.join(dataDir, 'logs', 'crashed.log'));
      expect(lines.map((line) => line.replace(/^\S+ /, ''))).toEqual(['INFO đọc xong danh sách', 'WARN sắp bị dừng']);
    });
  });
});

describe('pruneLogs', () => {
  function makeLogs(names: string[]): void {
    fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
    for (const name of names) fs.writeFileSync(path.join(dataDir, 'logs', name), 'x\n');
  }

  it('keeps the newest logs (run ids sort by time) and removes the rest', async () => {
    makeLogs(['20261113T070000000Z.log', '20261115T070000000Z.log', '20261114T070000000Z.log', '20261112T070000000Z.log']);
    const removed = await pruneLogs(dataDir, 2);
    expect(removed.map((file) => path.basename(file))).toEqual(['20261112T070000000Z.log', '20261113T070000000Z.log']);
    expect(fs.readdirSync(path.join(dataDir, 'logs')).sort()).toEqual(['20261114T070000000Z.log', '20261115T070000000Z.log']);
  });

  it('leaves other files in the logs folder alone', async () => {
    makeLogs(['a.log', 'b.log', 'ghi-chu.txt']);
    await pruneLogs(dataDir, 1);
    expect(fs.readdirSync(path.join(dataDir, 'logs')).sort()).toEqual(['b.log', 'ghi-chu.txt']);
  });

  it('removes nothing when there are no more logs than kept, or no logs folder', async () => {
    makeLogs(['a.log', 'b.log']);
    expect(await pruneLogs(dataDir, 30)).toEqual([]);
    expect(await pruneLogs(path.join(dataDir, 'missing'), 1)).toEqual([]);
  });
});
