/**
 * Progress as users see it: a status line redrawn in place on a terminal, and plain lines
 * without any control codes in a scheduled job's output; colour only where allowed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress, PHASES } from '../../src/cli/progress.js';

const ESC = '\u001b';
const SGR = /\u001b\[[0-9;]*m/;
const CLEAR_LINE = '\r\u001b[2K';

interface Captured {
  /** Lines through output.err (plain mode). */
  lines: string[];
  /** Raw writes to the stream (terminal mode). */
  writes: string[];
}

function capture(options: { isTerminal: boolean; env?: NodeJS.ProcessEnv; streamIsTTY?: boolean; columns?: number }): Captured & {
  progress: ReturnType<typeof createProgress>;
} {
  const captured: Captured = { lines: [], writes: [] };
  const stream = {
    isTTY: options.streamIsTTY ?? options.isTerminal,
    columns: options.columns ?? 120,
    write: (text: string) => captured.writes.push(text) > 0,
  } as unknown as NodeJS.WriteStream;
  const output = { err: (text: string) => captured.lines.push(text), isTerminal: options.isTerminal, env: options.env ?? {} };
  return { ...captured, progress: createProgress(output, stream) };
}

/** A run: two roster files, one card file, then matching; a second passes between updates. */
function simulateRun(progress: ReturnType<typeof createProgress>): void {
  progress.phase(PHASES.rosters);
  progress.fileStarted('TH A.xlsx');
  for (let i = 0; i < 10; i++) {
    vi.advanceTimersByTime(50);
    progress.rows(100);
  }
  progress.fileStarted('TH B.xlsx');
  vi.advanceTimersByTime(500);
  progress.rows(1000);
  progress.phase(PHASES.cards);
  progress.fileStarted('the-1.xlsx');
  vi.advanceTimersByTime(2000);
  progress.rows(24_000);
  progress.phase(PHASES.matching);
  vi.advanceTimersByTime(1000);
  progress.rows(2000);
  progress.done();
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-15T07:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('when output is not a terminal (scheduled job, pipe)', () => {
  it('prints one plain line per phase, with Vietnamese numbers, and no escape codes or carriage returns', () => {
    const { progress, lines, writes } = capture({ isTerminal: false });
    simulateRun(progress);
    expect(lines).toEqual([
      'Đọc danh sách: 2 tệp, 2.000 dòng (2.000 dòng/giây)',
      'Đọc thẻ: 1 tệp, 24.000 dòng (12.000 dòng/giây)',
      'Đối chiếu: 2.000 dòng (2.000 dòng/giây)',
    ]);
    expect(writes).toEqual([]);
    const text = lines.join('\n');
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\r');
  });

  it('stays plain when stdout is a terminal but stderr is redirected to a file', () => {
    const { progress, lines, writes } = capture({ isTerminal: true, streamIsTTY: false });
    simulateRun(progress);
    expect(writes).toEqual([]);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain('\r');
  });

  it('leaves out a rate measured over too short a time', () => {
    const { progress, lines } = capture({ isTerminal: false });
    progress.phase(PHASES.cards);
    progress.fileStarted('the-1.xlsx');
    progress.rows(5);
    progress.done();
    progress.done();
    expect(lines).toEqual(['Đọc thẻ: 1 tệp, 5 dòng']);
  });

  it('colours the phase names only when FORCE_COLOR asks for it, still without redrawing', () => {
    const { progress, lines } = capture({ isTerminal: false, env: { FORCE_COLOR: '1' } });
    simulateRun(progress);
    expect(lines.join('\n')).toMatch(SGR);
    expect(lines.join('\n')).not.toContain('\r');
  });
});

describe('on a terminal', () => {
  it('redraws one status line in place, at most ten times a second, and clears it at the end', () => {
    const { progress, writes, lines } = capture({ isTerminal: true });
    simulateRun(progress);
    expect(lines).toEqual([]);
    for (const write of writes) expect(write.startsWith(CLEAR_LINE)).toBe(true);
    expect(writes.some((write) => write.includes('\n'))).toBe(false);
    expect(writes.at(-1)).toBe(CLEAR_LINE);
    // 10 updates 50 ms apart in the first file: drawn every other one, not every time.
    const rosterDraws = writes.filter((write) => write.includes(PHASES.rosters));
    expect(rosterDraws.length).toBeGreaterThan(3);
    expect(rosterDraws.length).toBeLessThan(10);
  });

  it('shows the phase, files done, rows read, rows per second and the file being read', () => {
    const { progress, writes } = capture({ isTerminal: true, env: { NO_COLOR: '1' } });
    progress.phase(PHASES.cards);
    progress.fileStarted('the-1.xlsx');
    vi.advanceTimersByTime(1000);
    progress.rows(12_345);
    progress.fileStarted('the-2.xlsx');
    vi.advanceTimersByTime(1000);
    progress.rows(12_345);
    expect(writes.at(-1)).toBe(`${CLEAR_LINE}Đọc thẻ: 1 tệp xong, 24.690 dòng, 12.345 dòng/giây · the-2.xlsx`);
  });

  it('draws a new phase at once, however recent the last draw', () => {
    const { progress, writes } = capture({ isTerminal: true, env: { NO_COLOR: '1' } });
    progress.phase(PHASES.rosters);
    progress.phase(PHASES.cards);
    expect(writes).toEqual([`${CLEAR_LINE}Đọc danh sách: 0 dòng`, `${CLEAR_LINE}Đọc thẻ: 0 dòng`]);
  });

  it('cuts the line to the terminal width, so that it never wraps', () => {
    const { progress, writes } = capture({ isTerminal: true, env: { NO_COLOR: '1' }, columns: 40 });
    progress.phase(PHASES.rosters);
    progress.fileStarted('Truong Tieu hoc Nguyen Van Troi - danh sach lop 1A den 5E.xlsx');
    vi.advanceTimersByTime(200);
    progress.rows(10);
    const line = writes.at(-1)!.slice(CLEAR_LINE.length);
    expect([...line]).toHaveLength(39);
    expect(line.endsWith('…')).toBe(true);
  });

  it('is coloured unless NO_COLOR is set', () => {
    const coloured = capture({ isTerminal: true });
    simulateRun(coloured.progress);
    expect(coloured.writes.join('')).toMatch(SGR);

    const plain = capture({ isTerminal: true, env: { NO_COLOR: '1' } });
    simulateRun(plain.progress);
    expect(plain.writes.join('')).not.toMatch(SGR);
    expect(plain.writes.join('')).toContain('\r');
  });

  it('is not coloured with FORCE_COLOR=0', () => {
    const { progress, writes } = capture({ isTerminal: true, env: { FORCE_COLOR: '0' } });
    simulateRun(progress);
    expect(writes.join('')).not.toMatch(SGR);
  });

  it.each([{ BHYT_NO_PROGRESS: '1' }, { TERM: 'dumb' }])('prints plain phase lines instead with %o', (env) => {
    const { progress, writes, lines } = capture({ isTerminal: true, env: { ...env, NO_COLOR: '1' } });
    simulateRun(progress);
    expect(writes).toEqual([]);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain(ESC);
  });

  it('writes nothing at the end when nothing was drawn', () => {
    const { progress, writes } = capture({ isTerminal: true });
    progress.done();
    expect(writes).toEqual([]);
  });
});
