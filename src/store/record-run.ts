/** The run record of a finished reconcile: what history and reports compare. */
import path from 'node:path';
import { coverageByEveryGroup } from '../cover/groups.js';
import { fingerprint } from '../read/fingerprint.js';
import type { StudentLine, Summary } from '../render/model.js';
import { runId, type RunRecord } from './run-history.js';

/** Fingerprints of the inputs a run read, as they are now: take them right after the run. */
export async function fingerprintInputs(summary: Summary): Promise<RunRecord['inputs']> {
  const inputs: RunRecord['inputs'] = [];
  for (const input of summary.inputs) {
    if (input.ok) inputs.push({ ...(await fingerprint(input.path)), role: input.role });
  }
  return inputs;
}

export function runRecordOf(summary: Summary, students: StudentLine[], outputFolder: string, inputs: RunRecord['inputs']): RunRecord {
  return {
    id: runId(summary.createdAt),
    createdAt: summary.createdAt,
    asOf: summary.asOf,
    rosters: summary.rosters,
    outputFolder: path.resolve(outputFolder),
    inputs,
    totals: { students: summary.totals.students, insured: summary.totals.insured, uninsured: summary.totals.uninsured, review: summary.totals.review, coverage: summary.totals.coverage, cards: summary.totals.cards },
    groups: coverageByEveryGroup(students),
  };
}
