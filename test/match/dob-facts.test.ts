import { describe, expect, it } from 'vitest';
import type { BirthDate } from '../../src/ingest/records.js';
import { dayNumber, dobFactsOf } from '../../src/match/compare.js';

/** The facts read from the text the simple way. */
function plainFacts({ iso, precision }: BirthDate) {
  const [year, month, day] = [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  return { year, month, day, dayNumber: precision === 'day' ? dayNumber(year, month, day) : NaN };
}

describe('dobFactsOf', () => {
  it('reads a birth date as slicing its text would, for every form, and shares the facts of equal dates', () => {
    const isos = ['2015-03-04', '1900-01-01', '2155-12-31', '1899-12-31', '2156-01-01', '2019-02-29', '2019-13-01', '2019-00-10', '2019-05-00', '2019-05-32', '0099-05-01', '20x9-05-01', '2019/05/01', '2019-05-1', ' 2019-05-01', '9999-12-31'];
    for (let day = 0; day < 3000; day += 7) isos.push(new Date(Date.UTC(2005, 0, 1 + day)).toISOString().slice(0, 10));
    for (const iso of isos) {
      for (const precision of ['day', 'year'] as const) {
        const facts = dobFactsOf({ iso, precision });
        expect(facts, `${iso} ${precision}`).toEqual(plainFacts({ iso, precision }));
        expect(dobFactsOf({ iso: `${iso}`, precision })).toBe(facts);
      }
    }
    expect(dobFactsOf(null)).toBeNull();
  });
});
