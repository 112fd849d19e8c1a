import { describe, expect, it } from 'vitest';
import { DayTableBuilder, type DayTable } from '../../src/match/day-table.js';

function peopleOf(table: DayTable, day: number, syllable: number): number[] {
  const found: number[] = [];
  table.forEachPerson(day, syllable, { visit: (person) => found.push(person) });
  return found;
}

describe('DayTable', () => {
  it('returns the people filed under a day and syllable, in filing order, each once', () => {
    const builder = new DayTableBuilder();
    const expected = new Map<string, number[]>();
    // Days before and after 1970, syllables filed out of order, several people a key.
    let person = 0;
    for (let i = 0; i < 3000; i++) {
      const day = ((i * 7919) % 900) - 450;
      const syllable = (i * 104729) % 37;
      const key = `${day}/${syllable}`;
      builder.add(day, syllable, person);
      builder.add(day, syllable, person); // a second card of the person with the same key
      expected.set(key, [...(expected.get(key) ?? []), person]);
      if (i % 3 !== 0) person++;
    }
    const table = builder.build();
    for (const [key, people] of expected) {
      const [day, syllable] = key.split('/').map(Number);
      expect(peopleOf(table, day, syllable), key).toEqual(people);
    }
  });

  it('finds nothing for a syllable or day not filed, or outside the days filed', () => {
    const builder = new DayTableBuilder();
    builder.add(10, 5, 0);
    builder.add(10, 7, 1);
    builder.add(12, 5, 2);
    const table = builder.build();
    expect(peopleOf(table, 10, 6)).toEqual([]);
    expect(peopleOf(table, 11, 5)).toEqual([]);
    expect(peopleOf(table, 9, 5)).toEqual([]);
    expect(peopleOf(table, 13, 5)).toEqual([]);
    expect(peopleOf(table, 12, 5)).toEqual([2]);
    expect(peopleOf(new DayTableBuilder().build(), 10, 5)).toEqual([]);
  });
});
