/** An Excel 97-2003 roster gives the same pupils and decisions as the same roster in .xlsx. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/terminal.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const CARDS = [path.join(FIXTURES, 'cards', 'the-bhyt.xlsx'), path.join(FIXTURES, 'cards', 'the-bhyt.csv')];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bhyt-xls-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const quiet: Output = { out: () => {}, err: () => {}, isTerminal: false, env: {} };

async function pupilsOf(roster: string, name: string): Promise<unknown[]> {
  const out = path.join(work, name);
  expect(await run(['reconcile', roster, ...CARDS, '--as-of', '2026-11-15', '--out', out, '--quiet'], quiet, work)).toBe(0);
  return fs
    .readFileSync(path.join(out, 'students.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => ({ ...JSON.parse(line), file: null }));
}

describe('.xls rosters', () => {
  it.each([
    ['01_TH_An_Lac', path.join('rosters', '01_TH_An_Lac.xlsx')],
    ['lop-7a-tcvn3', path.join('rosters', '04_THCS_Phuoc_Loc', 'lop-7a-tcvn3.xlsx')],
  ])('%s.xls reads as its .xlsx does (sheets, rows, legacy font, decisions)', async (name, xlsx) => {
    const fromXls = await pupilsOf(path.join(FIXTURES, 'xls', `${name}.xls`), `${name}-xls`);
    expect(fromXls.length).toBeGreaterThan(5);
    expect(fromXls).toEqual(await pupilsOf(path.join(FIXTURES, xlsx), `${name}-xlsx`));
  });
});
