import { describe, expect, it } from 'vitest';
import { KeyTableBuilder } from '../../src/match/key-table.js';

function peopleOf(table: ReturnType<KeyTableBuilder['build']>, key: number): number[] {
  const found: number[] = [];
  table.forEachPerson(key, { visit: (person) => found.push(person) });
  return found;
}

describe('KeyTable', () => {
  it('returns each key\'s people in filing order, for keys up to 2^52, and nothing for unknown keys', () => {
    const builder = new KeyTableBuilder();
    const expected = new Map<number, number[]>();
    // Keys that differ only in their high bits, and many keys, so slots collide.
    const keys = [0, 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52 - 1, 2 ** 52 - 2, ...Array.from({ length: 5000 }, (_, i) => i * 2 ** 33 + (i % 7))];
    keys.forEach((key, i) => {
      for (let person = i; person < i + (i % 3) + 1; person++) {
        builder.add(key, person);
        expected.set(key, [...(expected.get(key) ?? []), person]);
      }
    });
    builder.add(0, 99);
    expected.get(0)!.push(99);
    const table = builder.build();
    for (const [key, people] of expected) expect(peopleOf(table, key), String(key)).toEqual(people);
    expect(peopleOf(table, 3)).toEqual([]);
    expect(peopleOf(table, 2 ** 51)).toEqual([]);
  });
});
