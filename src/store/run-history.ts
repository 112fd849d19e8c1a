/**
 * The run history: one small JSON file per reconcile run in the data folder's `runs/`,
 * written whole or not at all. Nothing needs a server; the folder can be copied.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GroupCoverage } from '../cover/groups.js';
import type { Fingerprint } from '../read/fingerprint.js';
import type { Counts } from '../render/model.js';
import { writeFileAtomic } from './atomic-file.js';
import type { GroupBy } from '../report/model.js';

export interface RunRecord {
  /** Sortable and file-name safe: the creation time, e.g. "20261123T012000123Z". */
  id: string;
  createdAt: string;
  asOf: string;
  /** Absolute path of the rosters argument: runs over the same rosters are comparable. */
  rosters: string;
  outputFolder: string;
  inputs: (Fingerprint & { role: 'roster' | 'cards' })[];
  totals: Counts & { cards: number };
  groups: Record<GroupBy, GroupCoverage[]>;
}

const RUNS = 'runs';

export function runId(createdAt: string): string {
  return createdAt.replace(/[-:.]/g, '');
}

export async function recordRun(dataFolder: string, run: RunRecord): Promise<string> {
  const folder = path.join(dataFolder, RUNS);
  await fs.promises.mkdir(folder, { recursive: true });
  const file = path.join(folder, `${run.id}.json`);
  await writeFileAtomic(file, `${JSON.stringify(run, null, 1)}\n`);
  return file;
}

/** Every recorded run, oldest first. Unreadable records are skipped and named in `problems`. */
export async function listRuns(dataFolder: string, problems: string[] = []): Promise<RunRecord[]> {
  const folder = path.join(dataFolder, RUNS);
  const names = await fs.promises.readdir(folder).catch(() => [] as string[]);
  const runs: RunRecord[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    try {
      runs.push(JSON.parse(await fs.promises.readFile(path.join(folder, name), 'utf8')) as RunRecord);
    } catch {
      problems.push(`${path.join(folder, name)}: không đọc được`);
    }
  }
  return runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The latest run over the same rosters with an earlier as-of date: a rerun for the same date replaces, it does not compare. */
export function previousComparable(runs: RunRecord[], run: RunRecord): RunRecord | null {
  const earlier = runs.filter((r) => r.id !== run.id && r.rosters === run.rosters && r.asOf < run.asOf);
  earlier.sort((a, b) => a.asOf.localeCompare(b.asOf) || a.createdAt.localeCompare(b.createdAt));
  return earlier.at(-1) ?? null;
}

/** Removes the oldest run records beyond `keep`. */
export async function pruneRuns(dataFolder: string, keep: number): Promise<number> {
  const folder = path.join(dataFolder, RUNS);
  const names = (await fs.promises.readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  await Promise.all(old.map((name) => fs.promises.rm(path.join(folder, name), { force: true })));
  return old.length;
}
