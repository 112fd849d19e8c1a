import { describe, expect, it } from 'vitest';
import type { DobLevel, Evidence, IdLevel, NameLevel } from '../../src/match/compare.js';
import { explainMatch, explainMatchOnce } from '../../src/match/score.js';

const NAMES: NameLevel[] = ['exact', 'marks', 'middle', 'middle-typo', 'typo', 'typo-given', 'different'];
const DOBS: DobLevel[] = ['exact', 'swapped', 'off-by-one', 'year', 'same-year', 'different', 'unknown'];
const IDS: IdLevel[] = ['same', 'near', 'other', 'none'];

describe('explainMatchOnce', () => {
  it('says what explainMatch says for every combination of levels, asked twice', () => {
    for (const name of NAMES)
      for (const dob of DOBS)
        for (const bhxh of IDS)
          for (const personalId of IDS)
            for (const nameDetail of [undefined, 'Trươnn / Trương']) {
              const e: Evidence = { name, nameDetail, dob, gender: 'unknown', bhxh, personalId, unit: 'unknown' };
              expect(explainMatchOnce(e)).toBe(explainMatch(e));
              expect(explainMatchOnce(e)).toBe(explainMatch(e));
            }
  });
});
