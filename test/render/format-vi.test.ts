import { describe, expect, it } from 'vitest';
import { asciiFileName, formatCount, formatDateVi, formatPercent } from '../../src/render/format-vi.js';

describe('formatCount', () => {
  it('groups thousands with dots', () => {
    expect(formatCount(20533)).toBe('20.533');
    expect(formatCount(1298030)).toBe('1.298.030');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(0)).toBe('0');
  });

  it('keeps the sign of a fall', () => {
    expect(formatCount(-149763)).toBe('-149.763');
  });
});

describe('formatPercent', () => {
  it('shows two decimals with a decimal comma', () => {
    expect(formatPercent(99.4321)).toBe('99,43%');
    expect(formatPercent(91.7)).toBe('91,70%');
    expect(formatPercent(0)).toBe('0,00%');
  });

  it('writes a complete school as 100%', () => {
    expect(formatPercent(100)).toBe('100%');
  });

  it('never rounds a school still missing a pupil up to 100', () => {
    expect(formatPercent(99.997)).toBe('99,99%');
  });
});

describe('formatDateVi', () => {
  it('writes day/month/year', () => {
    expect(formatDateVi('2026-11-15')).toBe('15/11/2026');
    expect(formatDateVi('2015-01-05')).toBe('05/01/2015');
  });

  it('keeps a year-only date and writes nothing for no date', () => {
    expect(formatDateVi('2015')).toBe('2015');
    expect(formatDateVi(null)).toBe('');
  });
});

describe('asciiFileName', () => {
  it('strips Vietnamese marks and replaces spaces', () => {
    expect(asciiFileName('Trường Tiểu học Đông Hưng')).toBe('Truong_Tieu_hoc_Dong_Hung');
    expect(asciiFileName('THCS Ðức Trí')).toBe('THCS_Duc_Tri');
  });

  it('accepts decomposed (NFD) text', () => {
    expect(asciiFileName('Nguyễn Huệ'.normalize('NFD'))).toBe('Nguyen_Hue');
  });

  it('collapses runs of unsafe characters and trims the ends', () => {
    expect(asciiFileName('  TH: A/B?*  (cơ sở 2)... ')).toBe('TH_A_B_co_so_2');
    expect(asciiFileName('.hidden.')).toBe('hidden');
  });

  it('limits the length to 80 characters', () => {
    const name = asciiFileName('Trường '.repeat(30));
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^[A-Za-z0-9]/);
    expect(name).toMatch(/[A-Za-z0-9]$/);
  });

  it('is never empty', () => {
    expect(asciiFileName('')).toBe('truong');
    expect(asciiFileName('???')).toBe('truong');
  });

  it('avoids Windows device names', () => {
    expect(asciiFileName('CON')).toBe('CON_');
    expect(asciiFileName('nul')).toBe('nul_');
    expect(asciiFileName('Com1')).toBe('Com1_');
    expect(asciiFileName('lpt9.a')).toBe('lpt9_.a');
    expect(asciiFileName('Console')).toBe('Console');
  });

  it('only ever yields safe characters', () => {
    for (const text of ['Trường THPT Lê Quý Đôn', 'a\u00a0b\tc', '中文', 'ab..cd']) {
      expect(asciiFileName(text)).toMatch(/^[A-Za-z0-9._-]+$/);
    }
  });
});
