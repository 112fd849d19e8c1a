import { describe, expect, it } from 'vitest';
import { isVietnameseSyllable } from '../../src/vn/syllable.js';

describe('isVietnameseSyllable', () => {
  it('accepts syllables of every shape, with or without marks', () => {
    for (const syllable of ['A', 'Anh', 'Nguyễn', 'Nguyen', 'Nghiêm', 'Khuya', 'Quỳnh', 'Giang', 'Thuỷ', 'Hoàng', 'Ngoẹo', 'Rượu', 'Oanh', 'Uyên', 'Đức', 'ĐỨC', 'Yến'])
      expect(isVietnameseSyllable(syllable), syllable).toBe(true);
  });

  it('rejects letters no Vietnamese syllable can hold', () => {
    for (const syllable of ['Hnh', 'Oans', 'Tpuấn', 'Trnầ', 'Tdhị', 'Uaên', 'Nnguyễn', 'Lihn', 'Phùns', 'Ksor'])
      expect(isVietnameseSyllable(syllable), syllable).toBe(false);
  });
});
