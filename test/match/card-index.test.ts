import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/ingest/records.js';
import { buildCardIndex, cardsOf, peopleIn } from '../../src/match/card-index.js';
import { sideOf } from '../../src/match/compare.js';
import { nameKey } from '../../src/vn/name.js';

function card(index: number, name: string, bhxh: string | null, extra: Partial<Card> = {}): Card {
  return {
    index,
    source: { file: 'the.xlsx', sheet: null, row: index + 2 },
    name,
    nameKey: nameKey(name),
    dob: { iso: '2015-03-0' + ((index % 9) + 1), precision: 'day' },
    gender: index % 2 ? 'M' : 'F',
    bhxh,
    personalId: index % 3 ? null : `0792150${String(index).padStart(5, '0')}`,
    cardNumber: null,
    group: null,
    validFrom: null,
    validTo: null,
    unit: index % 4 ? 'TH An Lạc' : null,
    ...extra,
  };
}

describe('card index', () => {
  it("lists each person's cards in filing order, as grouping the cards by mã số BHXH would", () => {
    // Codes repeat out of order; cards without a code are people of their own.
    const codes = Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? null : String(7_900_000_000 + ((i * 37) % 180))));
    const cards = codes.map((code, i) => card(i, i % 2 ? 'Nguyễn Văn An' : 'Trần Thị Bình', code));
    const expected: Card[][] = [];
    const personOfCode = new Map<string, number>();
    for (const c of cards) {
      const person = c.bhxh ? personOfCode.get(c.bhxh) : undefined;
      if (person === undefined) {
        if (c.bhxh) personOfCode.set(c.bhxh, expected.length);
        expected.push([c]);
      } else expected[person].push(c);
    }
    const index = buildCardIndex(cards);
    expect(peopleIn(index)).toBe(expected.length);
    expected.forEach((personCards, person) => expect(cardsOf(index, person)).toEqual(personCards));
    for (const c of cards) expect(cardsOf(index, index.personOfCard[c.index])).toContain(c);
  });

  it('reads each card holder as a side of the card would', () => {
    const cards = Array.from({ length: 40 }, (_, i) => card(i, i % 3 ? 'Lê Thị Hòa' : 'Phạm Minh Khôi', `79${i}`));
    const index = buildCardIndex(cards);
    cards.forEach((c, at) => {
      const { dob, gender, bhxh, personalId, place, parts, name } = sideOf(c);
      expect({ ...index.holders[at] }).toEqual({ dob, gender, bhxh, personalId, place, parts, name });
    });
  });
});
