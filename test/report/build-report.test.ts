import { describe, expect, it } from 'vitest';
import { buildReport, cardGroup, neededForTarget } from '../../src/report/build-report.js';
import type { StudentLine } from '../../src/render/model.js';
import type { RunRecord } from '../../src/store/run-history.js';

function student(school: string, status: StudentLine['status'], cardNumber: string | null = null, to = '2026-12-31'): StudentLine {
  return {
    file: 'a.xlsx', sheet: null, row: 1, school, class: '6A1', commune: null, name: 'Lê An', dob: '2015-01-01', gender: null, bhxh: null,
    status, method: 'bhxh', card: cardNumber ? { number: cardNumber, code: cardNumber.slice(-10), from: '2026-01-01', to, name: 'Lê An', dob: '2015-01-01', unit: null } : null,
    reason: '', flags: [], candidates: [],
  };
}

function record(asOf: string, createdAt: string, insured: number, students: number, groups: RunRecord['groups']['school'] = []): RunRecord {
  const coverage = Math.round((insured / students) * 10000) / 100;
  return {
    id: createdAt, createdAt, asOf, rosters: '/r', outputFolder: `/o/${asOf}`, inputs: [],
    totals: { students, insured, uninsured: students - insured, review: 0, coverage, cards: 0 },
    groups: { school: groups, commune: [], grade: [], class: [] },
  };
}

describe('buildReport', () => {
  it('counts pupils still needed the way an office does', () => {
    expect(neededForTarget(20533, 20651, 100)).toBe(118);
    expect(neededForTarget(95, 100, 95)).toBe(0);
    expect(neededForTarget(94, 100, 95)).toBe(1);
    expect(neededForTarget(3, 7, 50)).toBe(1);
  });

  it('tells HS cards from other groups', () => {
    expect(cardGroup('HS4797912345678')).toBe('HS');
    expect(cardGroup('HN1797912345678')).toBe('HN');
    expect(cardGroup('7912345678')).toBeNull();
  });

  it('writes the sentence, the change since the previous run and the groups furthest from target first', () => {
    const students = [
      student('Trường A', 'insured', 'HS4797912345678'),
      student('Trường A', 'insured', 'HN1797912345679', '2026-11-30'),
      student('Trường B', 'insured', '7912345670'),
      student('Trường B', 'uninsured'),
      student('Trường B', 'review'),
    ];
    const previous = record('2026-10-01', '2026-10-01T00:00:00Z', 2, 5, [{ group: 'Trường B', students: 3, insured: 0, uninsured: 3, review: 0, coverage: 0 }]);
    const run = record('2026-11-15', '2026-11-15T00:00:00Z', 3, 5);
    const report = buildReport({ run, students, previous, history: [previous, run], target: 100, groupBy: 'school', renewalDays: 30, office: null, place: null, reportDate: '2026-11-23', warnings: [] });
    expect(report.sentence).toBe('Toàn địa bàn có 5 học sinh, đã tham gia BHYT 3 em, đạt 60,00%; 1/2 trường đạt chỉ tiêu 100%; còn 2 em chưa tham gia; tăng 20,00 điểm phần trăm so với ngày 01/10/2026.');
    expect(report.groups.map((g) => [g.group, g.needed, g.insuredBy])).toEqual([
      ['Trường B', 2, { hs: 0, other: 0, unknown: 1 }],
      ['Trường A', 0, { hs: 1, other: 1, unknown: 0 }],
    ]);
    expect(report.groups[0].change).toEqual({ students: 0, insured: 1, coveragePoints: 33.33 });
    expect(report.groups[1].change).toBeNull();
    expect(report.renewals.map((r) => [r.school, r.validTo, r.daysLeft])).toEqual([['Trường A', '2026-11-30', 15]]);
    expect(report.trend.map((t) => t.asOf)).toEqual(['2026-10-01', '2026-11-15']);
  });
});
