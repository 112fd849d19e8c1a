/**
 * Turns a recorded run (its record and its students.ndjson) into the report an office
 * sends up: figures per group furthest from target first, pupils still needed, change
 * since the previous comparable run, HS cards apart from other groups, renewals.
 */
import { coverageBy, rateOf } from '../cover/coverage.js';
import { groupOf } from '../cover/groups.js';
import { formatDateVi } from '../dates/dates.js';
import { formatCount, formatPercent } from '../render/format-vi.js';
import type { StudentLine } from '../render/model.js';
import type { RunRecord } from '../store/run-history.js';
import type { GroupBy, GroupFigures, RenewalCard, Report } from './model.js';

export interface ReportInput {
  run: RunRecord;
  students: StudentLine[];
  previous: RunRecord | null;
  history: RunRecord[];
  target: number;
  groupBy: GroupBy;
  renewalDays: number;
  office: string | null;
  place: string | null;
  reportDate: string;
  warnings: string[];
}

/** Pupils who must still be insured for `insured / students` to reach `target` percent. */
export function neededForTarget(insured: number, students: number, target: number): number {
  // Integers only: target * students / 100 can be fractional, and floats must not round a pupil away.
  const required = Math.ceil((target * students) / 100 - 1e-9);
  return Math.max(0, required - insured);
}

/** The group code of a card number: "HS4797912345678" → "HS"; a 10-digit code says nothing. */
export function cardGroup(number: string | null): string | null {
  return number && /^[A-Z]{2}\d/.test(number) ? number.slice(0, 2) : null;
}

const DAY_MS = 86_400_000;

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / DAY_MS);
}

function renewalsOf(students: StudentLine[], asOf: string, days: number): RenewalCard[] {
  const renewals: RenewalCard[] = [];
  for (const s of students) {
    if (s.status !== 'insured' || !s.card?.to) continue;
    const daysLeft = daysBetween(asOf, s.card.to);
    if (daysLeft >= 0 && daysLeft <= days) {
      renewals.push({ school: s.school, class: s.class, name: s.name, dob: s.dob, bhxh: s.bhxh ?? s.card.code, cardNumber: s.card.number, validTo: s.card.to, daysLeft });
    }
  }
  return renewals.sort((a, b) => a.school.localeCompare(b.school, 'vi') || a.validTo.localeCompare(b.validTo) || (a.class ?? '').localeCompare(b.class ?? '', 'vi', { numeric: true }));
}

const GROUP_WORD: Record<GroupBy, string> = { school: 'trường', commune: 'xã/phường', grade: 'khối', class: 'lớp' };

function sentenceOf(report: Pick<Report, 'totals' | 'target' | 'groupBy' | 'previous'>): string {
  const t = report.totals;
  const parts = [
    `Toàn địa bàn có ${formatCount(t.students)} học sinh, đã tham gia BHYT ${formatCount(t.insured)} em, đạt ${formatPercent(t.coverage)}`,
    `${t.groupsAtTarget}/${t.groups} ${GROUP_WORD[report.groupBy]} đạt chỉ tiêu ${Number.isInteger(report.target) ? `${report.target}%` : formatPercent(report.target)}`,
    `còn ${formatCount(t.students - t.insured)} em chưa tham gia`,
  ];
  if (t.change && report.previous) {
    const points = t.change.coveragePoints;
    const direction = points > 0 ? 'tăng' : points < 0 ? 'giảm' : 'không đổi';
    const size = points ? ` ${formatPercent(Math.abs(points)).replace('%', '')} điểm phần trăm` : '';
    parts.push(`${direction}${size} so với ngày ${formatDateVi(report.previous.asOf)}`);
  }
  return `${parts.join('; ')}.`;
}

export function buildReport(input: ReportInput): Report {
  const { students, target, groupBy } = input;
  const { groups, total } = coverageBy(students, (s) => groupOf(s, groupBy), (s) => s.status);
  const insuredBy = new Map<string, GroupFigures['insuredBy']>();
  const totalBy = { hs: 0, other: 0, unknown: 0 };
  for (const s of students) {
    if (s.status !== 'insured') continue;
    const code = cardGroup(s.card?.number ?? null);
    const kind = code === null ? 'unknown' : code === 'HS' ? 'hs' : 'other';
    const key = groupOf(s, groupBy);
    const counts = insuredBy.get(key) ?? { hs: 0, other: 0, unknown: 0 };
    counts[kind]++;
    totalBy[kind]++;
    insuredBy.set(key, counts);
  }
  const previousGroups = new Map((input.previous?.groups[groupBy] ?? []).map((g) => [g.group, g]));
  const figures: GroupFigures[] = [...groups.entries()].map(([group, c]) => {
    const before = previousGroups.get(group);
    return {
      group,
      ...c,
      needed: neededForTarget(c.insured, c.students, target),
      insuredBy: insuredBy.get(group) ?? { hs: 0, other: 0, unknown: 0 },
      change: before ? { students: c.students - before.students, insured: c.insured - before.insured, coveragePoints: round2(c.coverage - before.coverage) } : null,
    };
  });
  figures.sort((a, b) => b.needed - a.needed || a.coverage - b.coverage || a.group.localeCompare(b.group, 'vi'));
  const before = input.previous?.totals;
  const totals = {
    ...total,
    coverage: rateOf(total.insured, total.students),
    needed: neededForTarget(total.insured, total.students, target),
    insuredBy: totalBy,
    change: before ? { students: total.students - before.students, insured: total.insured - before.insured, coveragePoints: round2(total.coverage - before.coverage) } : null,
    groups: figures.length,
    groupsAtTarget: figures.filter((g) => g.needed === 0).length,
  };
  const previous = input.previous ? { asOf: input.previous.asOf, createdAt: input.previous.createdAt } : null;
  const base = { totals, target, groupBy, previous };
  return {
    office: input.office,
    place: input.place,
    reportDate: input.reportDate,
    asOf: input.run.asOf,
    ...base,
    groups: figures,
    sentence: sentenceOf(base),
    renewalDays: input.renewalDays,
    renewals: renewalsOf(students, input.run.asOf, input.renewalDays),
    trend: trendOf(input.history.filter((r) => r.rosters === input.run.rosters && r.asOf <= input.run.asOf)),
    warnings: input.warnings,
  };
}

/** One point per as-of date, from the latest run made for it, oldest date first. */
function trendOf(runs: RunRecord[]): Report['trend'] {
  const latest = new Map<string, RunRecord>();
  for (const r of runs) if ((latest.get(r.asOf)?.createdAt ?? '') < r.createdAt) latest.set(r.asOf, r);
  return [...latest.values()]
    .sort((a, b) => a.asOf.localeCompare(b.asOf))
    .map((r) => ({ asOf: r.asOf, createdAt: r.createdAt, coverage: r.totals.coverage, students: r.totals.students, insured: r.totals.insured }));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
