import { describe, expect, it } from 'vitest';
import { isVietnameseSyllable } from '../../src/vn/syllable.js';

describe('isVietnameseSyllable', () => {
  it('accepts syllables of every shape, with or without marks', () => {
    for (const syllable of ['A', 'Anh', 'Nguyễn', 'Nguyen', 'Nghiêm', 'Khuya', 'Quỳnh', 'Huỳnh', 'Giang', 'Thuỷ', 'Hoàng', 'Ngoẹo', 'Rượu', 'Oanh', 'Uyên', 'Đức', 'ĐỨC', 'Yến', 'Khuếch', 'Xoong', 'Tuấn', 'Mười', 'Hiếu', 'Yêu', 'Phát', 'Đạt', 'Bích', 'QUỐC', 'Phat', 'Dat'])
      expect(isVietnameseSyllable(syllable), syllable).toBe(true);
  });

  it('rejects letters no Vietnamese syllable can hold', () => {
    for (const syllable of ['Hnh', 'Oans', 'Tpuấn', 'Trnầ', 'Tdhị', 'Uaên', 'Nnguyễn', 'Lihn', 'Phùns', 'Ksor', 'Luinh', 'Lie', 'Thaon', 'Sơt', 'Hàt', 'Đat', 'Lôc', 'Phủc', 'Thãp'])
      expect(isVietnameseSyllable(syllable), syllable).toBe(false);
  });
});
