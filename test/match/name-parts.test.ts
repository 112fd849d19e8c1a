import { describe, expect, it } from 'vitest';
import { NameBook, namePartsOf } from '../../src/match/name-parts.js';
import { nameKey, skeletonOfKey } from '../../src/vn/name.js';

describe('namePartsOf', () => {
  it('takes a name key apart as splitting it at each space would, one shared syllable per key', () => {
    const names = ['Nguyễn Văn An', 'Nguyen Van An', 'Hồ Thị Thu Thủy', 'Hô Thi Thu Thuy', 'An', 'Lê  Lan', ' Lê Lan ', 'Đặng Thanh Thảo'];
    // Many syllables, so the table grows and its slots collide.
    const many = Array.from({ length: 6000 }, (_, i) => `${nameKey('Trần')} x${i.toString(36)} ${nameKey('Bình')}${i % 5 ? '' : 's'}`);
    const seen = new Map<string, object>();
    const numberOf = new Map<string, number>();
    for (const key of [...names.map(nameKey), ' a  b ', ...many, ...many]) {
      const parts = namePartsOf(key);
      expect(parts.map((s) => s.key)).toEqual(key.split(' '));
      for (const syllable of parts) {
        expect(syllable.skeleton).toBe(skeletonOfKey(syllable.key));
        expect(seen.get(syllable.key) ?? syllable).toBe(syllable);
        seen.set(syllable.key, syllable);
        expect(numberOf.get(syllable.skeleton) ?? syllable.skeletonNumber).toBe(syllable.skeletonNumber);
        numberOf.set(syllable.skeleton, syllable.skeletonNumber);
      }
    }
    // Different skeletons, different numbers.
    expect(new Set(numberOf.values()).size).toBe(numberOf.size);
    expect(namePartsOf('')).toEqual([]);
  });
});

describe('NameBook', () => {
  it('takes a name apart as namePartsOf does, once per name', () => {
    const names = new NameBook();
    // Many names, so the table grows past 2^16 slots and its slots collide.
    const keys = ['Nguyễn Văn An', 'Nguyen Van An', '', 'Hồ Thị Thu Thủy', 'An', 'Văn An'].map(nameKey);
    const le = nameKey('Lê');
    for (let i = 0; i < 40_000; i++) keys.push(`${le} y${(i % 97).toString(36)} z${(i % 499).toString(36)}`);
    const first = new Map<string, readonly object[]>();
    for (const key of [...keys, ...keys]) {
      const parts = names.partsOf(key);
      const plain = namePartsOf(key);
      if (parts.length !== plain.length || parts.some((syllable, i) => syllable !== plain[i])) expect(parts).toEqual(plain);
      if (parts !== (first.get(key) ?? parts)) expect(parts, key).toBe(first.get(key));
      first.set(key, parts);
    }
  });
});
