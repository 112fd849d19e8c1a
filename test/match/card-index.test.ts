import { describe, expect, it } from 'vitest';
import type { Card, Pupil } from '../../src/ingest/records.js';
import { buildCardIndex, cardsOf, peopleIn, pupilKeys, visitFarPeople, yearPairsAskedBy } from '../../src/match/card-index.js';
import { sideOf } from '../../src/match/compare.js';
import { namePartsOf, type NameParts } from '../../src/match/name-parts.js';
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
    expect(index.holders.map((holder) => holder.record).sort((a, b) => a.index - b.index)).toEqual(cards);
    for (const holder of index.holders) {
      expect(holder).toEqual(sideOf(holder.record));
    }
  });
});

function pupil(index: number, name: string, dob: Pupil['dob']): Pupil {
  return { index, source: { file: 'ds.xlsx', sheet: null, row: index + 2 }, name, nameKey: nameKey(name), dob, gender: null, bhxh: null, personalId: null, school: 'TH An Lạc', class: null, commune: null };
}

/** A name's first two and last two syllables without marks (none for a name of two). */
function pairsOf(parts: NameParts): string[] {
  const n = parts.length;
  return n < 3 ? [] : [`${parts[0].skeleton} ${parts[1].skeleton}`, `${parts[n - 2].skeleton} ${parts[n - 1].skeleton}`];
}

describe('year pairs', () => {
  it('finds for a pupil with a year alone the people filing every card holder under its year pairs would', () => {
    const given = ['An', 'Bình', 'Lan', 'Ân'];
    const names = given.flatMap((g) => [`Nguyễn Văn ${g}`, `Nguyen Thị Thu ${g}`, `Lê Văn ${g}`, `Trần ${g}`]);
    const cards = Array.from({ length: 400 }, (_, i) =>
      card(i, names[(i * 7) % names.length], i % 5 === 0 ? null : String(7_900_000_000 + ((i * 13) % 150)), { dob: { iso: `${2014 + (i % 3)}-0${(i % 9) + 1}-11`, precision: i % 4 ? 'day' : 'year' } }),
    );
    const pupils = names.flatMap((name, i) => [pupil(2 * i, name, { iso: `${2014 + (i % 3)}-01-01`, precision: 'year' }), pupil(2 * i + 1, name, { iso: '2015-03-11', precision: 'day' })]);
    const index = buildCardIndex(cards, yearPairsAskedBy(pupils));
    const unpaired = buildCardIndex(cards);
    // Every card holder under every year pair, as the simple version files them.
    const everyPair = (year: number, pair: string) =>
      Array.from({ length: peopleIn(index) }, (_, person) => person).filter((person) =>
        cardsOf(index, person).some((c) => c.dob && Number(c.dob.iso.slice(0, 4)) === year && pairsOf(namePartsOf(c.nameKey)).includes(pair)),
      );
    let paired = 0;
    for (const p of pupils.filter((p) => p.dob!.precision === 'year')) {
      const side = sideOf(p);
      const found: number[] = [];
      visitFarPeople(index, pupilKeys(side, null), side.parts, { visit: (person) => found.push(person) });
      const withoutPairs: number[] = [];
      visitFarPeople(unpaired, pupilKeys(side, null), side.parts, { visit: (person) => withoutPairs.push(person) });
      const year = Number(p.dob!.iso.slice(0, 4));
      const expected = [...new Set(pairsOf(side.parts))].flatMap((pair) => everyPair(year, pair));
      expect(found, p.name).toEqual([...expected, ...withoutPairs]);
      paired += expected.length;
    }
    expect(paired).toBeGreaterThan(50);
  });
});
