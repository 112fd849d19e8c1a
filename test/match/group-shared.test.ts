import { describe, expect, it } from 'vitest';
import { SharedKeys, type KeyOf, type KeyWriter } from '../../src/match/group-shared.js';

/** Groups as a Map of the whole keys as text would, keeping only groups of two or more, in the order of their first item. */
function plainGroups(items: number[][]): number[][][] {
  const groups = new Map<string, number[][]>();
  for (const item of items) {
    if (item.length === 0) continue;
    const key = item.join(',');
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].filter((group) => group.length >= 2);
}

/** An item is its key's numbers; no numbers, no key. */
const writeNumbers = {
  write(numbers: number[], key: KeyWriter): boolean {
    for (const n of numbers) key.add(n);
    return numbers.length > 0;
  },
};

/** Notes each item's key in turn, then groups, as matchPupils does. */
function groupShared<T>(items: T[], keyOf: KeyOf<T>): T[][] {
  const keys = new SharedKeys(keyOf, items.length);
  items.forEach((item, i) => keys.note(i, item));
  return keys.groups(items);
}

describe('SharedKeys', () => {
  it('groups items sharing a key as a Map of whole keys would', () => {
    const items: number[][] = [];
    for (let i = 0; i < 3000; i++) items.push(i % 11 === 0 ? [] : [i % 40, 17, 20150100 + (i % 9) + 1, ...(i % 3 ? [] : [i % 7])]);
    items.push([2 ** 31 - 1, 0], [2 ** 31 - 1, 0], [12345]);
    const groups = groupShared(items, writeNumbers);
    expect(groups).toEqual(plainGroups(items));
    expect(groups).toContainEqual([[2 ** 31 - 1, 0], [2 ** 31 - 1, 0]]);
    expect(groups.flat()).not.toContainEqual([12345]);
  });

  it('keeps apart keys whose digests collide', () => {
    // A leading 0 leaves the digest as it was: [5] and [0, 5] have one digest.
    const items = [[5], [0, 5], [5], [0, 5], [0, 0, 5], [5, 0]];
    expect(groupShared(items, writeNumbers)).toEqual(plainGroups(items));
    expect(groupShared([[5], [0, 5]], writeNumbers)).toEqual([]);
  });
});
