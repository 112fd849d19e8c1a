import { describe, expect, it } from 'vitest';
import { parseBhxhCode, parseCardNumber, parsePersonalId, personalIdFacts } from '../../src/ids/ids.js';

describe('parseBhxhCode', () => {
  it('pads a number cell that lost its leading zero', () => {
    expect(parseBhxhCode(120878811)).toEqual({ ok: true, value: '0120878811', padded: true });
    expect(parseBhxhCode('0120878811')).toEqual({ ok: true, value: '0120878811', padded: false });
  });

  it('treats scientific notation as no code', () => {
    expect(parseBhxhCode('7.92209E+10')).toMatchObject({ ok: false, problem: 'scientific' });
  });

  it('refuses numbers that are not a damaged code', () => {
    expect(parseBhxhCode('12345')).toMatchObject({ ok: false, problem: 'malformed' });
    expect(parseBhxhCode('')).toMatchObject({ ok: false, problem: 'empty' });
  });
});

describe('parsePersonalId', () => {
  it('pads up to two lost zeros', () => {
    expect(parsePersonalId(79220911772)).toMatchObject({ ok: true, value: '079220911772' });
    expect(parsePersonalId(1220853412)).toMatchObject({ ok: true, value: '001220853412' });
    expect(parsePersonalId('7.92201E+10')).toMatchObject({ ok: false, problem: 'scientific' });
  });

  it('reads century, sex and birth year', () => {
    expect(personalIdFacts('079315279769')).toEqual({ gender: 'F', birthYear: 2015 });
    expect(personalIdFacts('001085123456')).toEqual({ gender: 'M', birthYear: 1985 });
  });
});

describe('parseCardNumber', () => {
  it('reads the 15-character format with any group code', () => {
    expect(parseCardNumber('HS4797912345678')).toEqual({ ok: true, card: { number: 'HS4797912345678', group: 'HS', bhxh: '7912345678' } });
    expect(parseCardNumber('lh 2 79 7912345678')).toMatchObject({ ok: true, card: { group: 'LH', bhxh: '7912345678' } });
  });

  it('reads a 10-digit code as the card number', () => {
    expect(parseCardNumber('7912345678')).toMatchObject({ ok: true, card: { group: null, bhxh: '7912345678' } });
  });
});
