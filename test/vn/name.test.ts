import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayName, nameKey, nameSkeleton, syllableKey } from '../../src/vn/name.js';
import { foldLabel, tidyText } from '../../src/vn/text.js';

describe('nameKey', () => {
  it('treats tone placement in oa/oe/uy as style', () => {
    expect(nameKey('Nguyễn Thị Hòa')).toBe(nameKey('Nguyễn Thị Hoà'));
    expect(nameKey('Lê Thủy')).toBe(nameKey('Lê Thuỷ'));
    expect(nameKey('Khỏe')).toBe(nameKey('Khoẻ'));
  });

  it('ignores NFD, case, Ð look-alike and spacing', () => {
    expect(nameKey('Đặng  Văn\u00a0Hùng ')).toBe(nameKey('ÐẶNG VĂN HÙNG'.normalize('NFD')));
  });

  it('keeps only the letters of a name', () => {
    expect(nameKey('Nguyễn Văn An *')).toBe(nameKey('Nguyễn Văn An'));
    expect(nameKey('Lê Thị Hoa (2)')).toBe(nameKey('Lê Thị Hoa'));
  });

  it('keeps real differences apart', () => {
    expect(nameKey('Trần Thị Vy')).not.toBe(nameKey('Trần Thị Vi'));
    expect(nameKey('Lê Văn Hùng')).not.toBe(nameKey('Lê Văn Hưng'));
    expect(nameKey('Lê Văn Hùng')).not.toBe(nameKey('Lê Văn Hung'));
  });

  it('moves the tone to the end as a Telex letter', () => {
    expect(syllableKey('Quý')).toBe('quys');
    expect(syllableKey('nguyễn')).toBe('nguyênx');
  });

  it('is the same for any tone placement and normal form (property)', () => {
    const syllables = ['hòa', 'hoà', 'Thủy', 'THUỶ', 'khỏe', 'khoẻ', 'Ánh', 'Đức'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...syllables), { minLength: 1, maxLength: 4 }), fc.constantFrom('NFC', 'NFD') as fc.Arbitrary<'NFC' | 'NFD'>, (words, form) => {
        const name = words.join(' ');
        expect(nameKey(name.normalize(form).toUpperCase())).toBe(nameKey(name));
      }),
    );
  });
});

describe('displayName and skeleton', () => {
  it('keeps the letters as written, tidied', () => {
    expect(displayName(' Ðoàn  Bách Du ')).toBe('Đoàn Bách Du');
    expect(displayName('NGUYẼN LÊ THẾ VINH')).toBe('NGUYẼN LÊ THẾ VINH');
  });

  it('skeleton drops every mark', () => {
    expect(nameSkeleton('Đặng Thị Ánh')).toBe('dang thi anh');
  });
});

describe('labels', () => {
  it('fold camelCase, snake_case and diacritics alike', () => {
    expect(foldLabel('maSoBhxh')).toBe('ma so bhxh');
    expect(foldLabel('MA_SO_BHXH')).toBe('ma so bhxh');
    expect(foldLabel('Mã số BHXH')).toBe('ma so bhxh');
    expect(tidyText('a\u00a0\u00a0b')).toBe('a b');
  });
});
