import { describe, expect, it } from 'vitest';
import { coverageBy, rateOf } from '../../src/cover/coverage.js';
import { gradeOf, groupOf } from '../../src/cover/groups.js';

describe('coverage', () => {
  it('is a percentage with two decimals that never rounds a missing pupil up to 100', () => {
    expect(rateOf(20533, 20651)).toBe(99.43);
    expect(rateOf(99999, 100000)).toBe(99.99);
    expect(rateOf(5, 5)).toBe(100);
    expect(rateOf(0, 0)).toBe(0);
  });

  it('counts each group and the total', () => {
    const { groups, total } = coverageBy(
      [
        { school: 'A', status: 'insured' as const },
        { school: 'A', status: 'review' as const },
        { school: 'B', status: 'uninsured' as const },
      ],
      (s) => s.school,
      (s) => s.status,
    );
    expect(groups.get('A')).toEqual({ students: 2, insured: 1, uninsured: 0, review: 1, coverage: 50 });
    expect(total).toEqual({ students: 3, insured: 1, uninsured: 1, review: 1, coverage: 33.33 });
  });

  it('groups by grade, class and commune', () => {
    const pupil = { school: 'Trường Tiểu học An Lạc', commune: null, class: '10A2' };
    expect(gradeOf('10A2')).toBe(10);
    expect(gradeOf('Lớp lá')).toBeNull();
    expect(groupOf(pupil, 'grade')).toBe('Khối 10');
    expect(groupOf(pupil, 'class')).toBe('10A2 – Trường Tiểu học An Lạc');
    expect(groupOf(pupil, 'commune')).toBe('Không rõ xã/phường');
  });
});
