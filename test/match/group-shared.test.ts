import { describe, expect, it } from 'vitest';
import { groupShared, keyText, type KeyWriter } from '../../src/match/group-shared.js';

/** Groups as a Map of the whole keys would, keeping only groups of two or more. */
function plainGroups(items: string[][]): Map<string, string[][]> {
  const groups = new Map<string, string[][]>();
  for (const item of items) {
    if (item.length === 0) continue;
    const key = item.join('');
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const [key, group] of groups) if (group.length < 2) groups.delete(key);
  return groups;
}

/** An item is its key's pieces; no pieces, no key. */
const writePieces = (pieces: string[], key: KeyWriter) => {
  for (const piece of pieces) key.add(piece);
  return pieces.length > 0;
};

describe('groupShared', () => {
  it('groups items sharing a key as a Map of whole keys would, however the keys are cut into pieces', () => {
    const items: string[][] = [];
    for (let i = 0; i < 3000; i++) {
      const key = `Trường ${i % 40}|nguyen|2015-0${i % 9 + 1}-1${i % 7}`;
      const cut = (i * 7) % key.length;
      items.push(i % 11 === 0 ? [] : [key.slice(0, cut), key.slice(cut)]);
    }
    items.push(['a', 'b'], ['ab'], ['x']);
    const groups = groupShared(items, writePieces);
    expect(groups).toEqual(plainGroups(items));
    expect(groups.get('ab')).toEqual([['a', 'b'], ['ab']]);
    expect(groups.has('x')).toBe(false);
    expect(keyText(['a', 'b'], writePieces)).toBe('ab');
    expect(keyText([], writePieces)).toBeNull();
  });

  it('keeps apart keys whose digests collide', () => {
    // "Aa" and "BB" have the same rolling hash (31·65 + 97 = 31·66 + 66).
    const items = [['Aa'], ['BB'], ['Aa'], ['BB'], ['BB', 'Aa'], ['AaBB']];
    expect(groupShared(items, writePieces)).toEqual(plainGroups(items));
    expect(groupShared([['Aa'], ['BB']], writePieces).size).toBe(0);
  });
});
