/** The groups a report can count by: school, commune, grade or class. */
import type { GroupBy } from '../report/model.js';
import type { StudentLine } from '../render/model.js';
import { coverageBy, type Coverage } from './coverage.js';

export const GROUP_BYS: GroupBy[] = ['school', 'commune', 'grade', 'class'];

/** "6A1" → 6; null when the class does not start with a grade number. */
export function gradeOf(className: string | null): number | null {
  const match = className ? /^\s*(\d{1,2})/.exec(className) : null;
  return match ? Number(match[1]) : null;
}

export function groupOf(student: Pick<StudentLine, 'school' | 'commune' | 'class'>, by: GroupBy): string {
  switch (by) {
    case 'school':
      return student.school;
    case 'commune':
      return student.commune ?? 'Không rõ xã/phường';
    case 'grade': {
      const grade = gradeOf(student.class);
      return grade === null ? 'Không rõ khối' : `Khối ${grade}`;
    }
    case 'class':
      return `${student.class ?? 'Không rõ lớp'} – ${student.school}`;
  }
}

export interface GroupCoverage extends Coverage {
  group: string;
}

/** Coverage of every group under each way of grouping: what a run record keeps for later comparisons. */
export function coverageByEveryGroup(students: StudentLine[]): Record<GroupBy, GroupCoverage[]> {
  const entries = GROUP_BYS.map((by) => {
    const { groups } = coverageBy(students, (s) => groupOf(s, by), (s) => s.status);
    return [by, [...groups.entries()].map(([group, coverage]) => ({ group, ...coverage }))] as const;
  });
  return Object.fromEntries(entries) as Record<GroupBy, GroupCoverage[]>;
}
