/**
 * Progress of reading and matching, on stderr so that `--json` output on stdout stays
 * clean. On a terminal: one status line redrawn in place, at most ten times a second,
 * cleared at the end. Otherwise (a scheduled job, a pipe, a log file): nothing animated
 * and no control codes, only one plain line per finished phase, so that logs stay
 * readable. `BHYT_NO_PROGRESS` (or `TERM=dumb`) asks for the plain lines on a terminal too.
 */
import type { ChalkInstance } from 'chalk';
import { formatCount } from '../render/format-vi.js';
import { colours, type Output } from './terminal.js';

/** The phases a run reports, as the status line names them. */
export const PHASES = { rosters: 'Đọc danh sách', cards: 'Đọc thẻ', matching: 'Đối chiếu' } as const;

export interface Progress {
  /** A new file is being read; the one before it is done. */
  fileStarted(name: string): void;
  /** `count` more rows read or pupils matched. */
  rows(count: number): void;
  /** A new phase begins; the one before it is done. */
  phase(label: string): void;
  /** Clears the status line, or prints the last phase's line. Safe to call more than once. */
  done(): void;
}

const REDRAW_INTERVAL_MS = 100;
/** Below this a rate says more about timer noise than about speed. */
const RATE_MIN_ELAPSED_MS = 500;
const CLEAR_LINE = '\r\u001b[2K';
const DEFAULT_COLUMNS = 80;

interface PhaseCounts {
  label: string;
  startedAt: number;
  filesStarted: number;
  currentFile: string | null;
  rows: number;
}

/** Progress on `stream` (stderr) when it and stdout are terminals, else plain lines through `output.err`. */
export function createProgress(output: Pick<Output, 'err' | 'isTerminal' | 'env'>, stream: NodeJS.WriteStream = process.stderr): Progress {
  // colours() reads only the environment and whether output is a terminal.
  const c = colours({ ...output, out: output.err });
  const animated = output.isTerminal && Boolean(stream.isTTY) && !output.env.BHYT_NO_PROGRESS && output.env.TERM !== 'dumb';
  return animated ? statusLineProgress(c, stream) : phaseLineProgress(c, output.err);
}

function newPhase(label: string): PhaseCounts {
  return { label, startedAt: Date.now(), filesStarted: 0, currentFile: null, rows: 0 };
}

/** The terminal display: `Đọc thẻ: 2 tệp xong, 120.400 dòng, 15.300 dòng/giây · the-3.xlsx`. */
function statusLineProgress(c: ChalkInstance, stream: NodeJS.WriteStream): Progress {
  let counts = newPhase('');
  let lastDrawAt = -Infinity;
  let shown = false;
  let finished = false;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (finished || (!force && now - lastDrawAt < REDRAW_INTERVAL_MS)) return;
    lastDrawAt = now;
    shown = true;
    stream.write(CLEAR_LINE + statusLine(counts, now, c, (stream.columns || DEFAULT_COLUMNS) - 1));
  };
  return {
    fileStarted(name) {
      counts.filesStarted++;
      counts.currentFile = name;
      draw(false);
    },
    rows(count) {
      counts.rows += count;
      draw(false);
    },
    phase(label) {
      counts = newPhase(label);
      draw(true);
    },
    done() {
      if (finished) return;
      finished = true;
      if (shown) stream.write(CLEAR_LINE);
    },
  };
}

function statusLine(counts: PhaseCounts, now: number, c: ChalkInstance, width: number): string {
  const filesDone = Math.max(0, counts.filesStarted - 1);
  const parts = [
    ...(counts.filesStarted ? [`${formatCount(filesDone)} tệp xong`] : []),
    `${formatCount(counts.rows)} dòng`,
    ...rateParts(counts, now),
  ];
  const details = parts.join(', ') + (counts.currentFile ? ` · ${counts.currentFile}` : '');
  const label = counts.label ? `${counts.label}: ` : '';
  // A line wider than the terminal wraps, and \r then redraws only its last part.
  return c.cyan(label) + truncate(details, width - [...label].length);
}

function rateParts(counts: PhaseCounts, now: number): string[] {
  const elapsed = now - counts.startedAt;
  if (elapsed < RATE_MIN_ELAPSED_MS || counts.rows === 0) return [];
  return [`${formatCount((counts.rows * 1000) / elapsed)} dòng/giây`];
}

function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? '' : `${chars.slice(0, width - 1).join('')}…`;
}

/** Without a terminal: `Đọc thẻ: 3 tệp, 120.400 dòng (15.300 dòng/giây)` once each phase ends. */
function phaseLineProgress(c: ChalkInstance, print: (line: string) => void): Progress {
  let counts: PhaseCounts | null = null;
  const finishPhase = () => {
    if (counts) print(phaseLine(counts, Date.now(), c));
    counts = null;
  };
  return {
    fileStarted() {
      counts ??= newPhase('');
      counts.filesStarted++;
    },
    rows(count) {
      counts ??= newPhase('');
      counts.rows += count;
    },
    phase(label) {
      finishPhase();
      counts = newPhase(label);
    },
    done: finishPhase,
  };
}

function phaseLine(counts: PhaseCounts, now: number, c: ChalkInstance): string {
  const label = counts.label ? c.cyan(`${counts.label}: `) : '';
  // A phase without files or rows (matching) says only how long it took.
  if (!counts.filesStarted && !counts.rows) return `${label}${((now - counts.startedAt) / 1000).toFixed(1).replace('.', ',')} giây`;
  const parts = [...(counts.filesStarted ? [`${formatCount(counts.filesStarted)} tệp`] : []), `${formatCount(counts.rows)} dòng`];
  const rate = rateParts(counts, now);
  return `${label}${parts.join(', ')}${rate.length ? ` (${rate[0]})` : ''}`;
}
