/** The exit codes scripts rely on (README, `--help`): one outcome, one code. */
import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_CODES_HELP, exitCodeFor, type RunOutcome } from '../../src/cli/exit-codes.js';

describe('exitCodeFor', () => {
  it.each<[string, RunOutcome, number]>([
    ['done, every input read', { kind: 'done', unreadableInputs: 0 }, 0],
    ['done, one input unreadable', { kind: 'done', unreadableInputs: 1 }, 3],
    ['done, many inputs unreadable', { kind: 'done', unreadableInputs: 250 }, 3],
    ['usage or config error', { kind: 'usage' }, 1],
    ['nothing could be read', { kind: 'nothing-read' }, 2],
    ['a bug in bhyt', { kind: 'bug' }, 70],
    ['another run holds the lock', { kind: 'locked' }, 75],
  ])('%s → %i', (_, outcome, code) => {
    expect(exitCodeFor(outcome)).toBe(code);
  });

  it('keeps the documented numbers', () => {
    expect(EXIT).toEqual({ ok: 0, usage: 1, nothingRead: 2, someUnreadable: 3, belowTarget: 4, bug: 70, locked: 75 });
  });

  it('gives every outcome its own code', () => {
    const outcomes: RunOutcome[] = [
      { kind: 'done', unreadableInputs: 0 },
      { kind: 'done', unreadableInputs: 1 },
      { kind: 'done', unreadableInputs: 0, belowTarget: true },
      { kind: 'usage' },
      { kind: 'nothing-read' },
      { kind: 'bug' },
      { kind: 'locked' },
    ];
    const codes = outcomes.map(exitCodeFor);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('lists every code in the help text', () => {
    for (const code of Object.values(EXIT)) expect(EXIT_CODES_HELP).toMatch(new RegExp(`^\\s+${code}\\s`, 'm'));
  });
});
