import { describe, expect, it } from 'vitest';
import { compareNameParts, givenCouldAgree } from '../../src/match/compare.js';
import { namePartsOf } from '../../src/match/name-parts.js';
import { DIFFERENT_NAME_REACHES_REVIEW } from '../../src/match/score.js';
import { nameKey } from '../../src/vn/name.js';

const families = ['Nguyễn', 'Nguyen', 'Nguyễm', 'Trần', 'Tran'];
const middles = ['', 'Văn', 'Van', 'Thị', 'Thị Bích'];
const givens = ['An', 'Ân', 'Anh', 'Vy', 'Vi', 'Lan', 'Lam', 'Hùng', 'Hnug', 'Bích'];
const names = families.flatMap((f) => middles.flatMap((m) => givens.map((g) => [f, m, g].filter(Boolean).join(' '))));

describe('givenCouldAgree', () => {
  it('is false only where compareNameParts finds the names different', () => {
    let passedOver = 0;
    for (const a of names) {
      for (const b of names) {
        const p = namePartsOf(nameKey(a));
        const c = namePartsOf(nameKey(b));
        if (givenCouldAgree(p.at(-1), c.at(-1))) continue;
        passedOver++;
        expect(compareNameParts(p, c, a, b).level, `${a} / ${b}`).toBe('different');
      }
    }
    // Not a vacuous check: most pairs of given names are far apart.
    expect(passedOver).toBeGreaterThan(names.length ** 2 / 2);
    expect(givenCouldAgree(undefined, namePartsOf('an')[0])).toBe(false);
  });

  it('may be used to pass holders over: with these weights a different name never reaches review without an ID', () => {
    expect(DIFFERENT_NAME_REACHES_REVIEW).toBe(false);
  });
});
