/** Coverage per school and in total: pupils, insured, uninsured, to review, rate. */
import type { Status } from '../match/decision.js';

export interface Coverage {
  students: number;
  insured: number;
  uninsured: number;
  review: number;
  /** insured / students in percent, two decimals. */
  coverage: number;
}

export function emptyCoverage(): Coverage {
  return { students: 0, insured: 0, uninsured: 0, review: 0, coverage: 0 };
}

export function addStatus(coverage: Coverage, status: Status): void {
  coverage.students++;
  coverage[status]++;
}

/** The rate in percent with two decimals; 100 only when every pupil is insured. */
export function rateOf(insured: number, students: number): number {
  if (students === 0) return 0;
  if (insured === students) return 100;
  return Math.min(99.99, Math.round((insured / students) * 10_000) / 100);
}

/** Coverage per group key (school, commune, class, ...) and in total. */
export function coverageBy<T>(items: T[], groupOf: (item: T) => string, statusOf: (item: T) => Status): { groups: Map<string, Coverage>; total: Coverage } {
  const groups = new Map<string, Coverage>();
  const total = emptyCoverage();
  for (const item of items) {
    const key = groupOf(item);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = emptyCoverage()));
    addStatus(group, statusOf(item));
    addStatus(total, statusOf(item));
  }
  for (const group of [...groups.values(), total]) group.coverage = rateOf(group.insured, group.students);
  return { groups, total };
}
