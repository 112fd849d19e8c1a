import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOrderOf, isoFromExcelSerial, isoFromParts, parseDate, parseDateParts, parseUserDate } from '../../src/dates/dates.js';

const day = (iso: string) => ({ ok: true, date: { iso, precision: 'day' } });

describe('parseDate', () => {
  it('reads the ways Vietnamese files write dates', () => {
    expect(parseDate('05/09/2015')).toEqual(day('2015-09-05'));
    expect(parseDate('5/9/15', 2026)).toEqual(day('2015-09-05'));
    expect(parseDate('05-09-2015')).toEqual(day('2015-09-05'));
    expect(parseDate('05.09.2015')).toEqual(day('2015-09-05'));
    expect(parseDate('2015-09-05')).toEqual(day('2015-09-05'));
  });

  it('reads the ways exports write dates: with a time, yyyymmdd, a serial saved as text', () => {
    expect(parseDate('05/09/2015 0:00:00')).toEqual(day('2015-09-05'));
    expect(parseDate('9/5/2015 12:00:00 AM')).toEqual(day('2015-05-09'));
    expect(parseDate('2015/09/05')).toEqual(day('2015-09-05'));
    expect(parseDate('20260101')).toEqual(day('2026-01-01'));
    expect(parseDate(20150905)).toEqual(day('2015-09-05'));
    expect(parseDate('42252')).toEqual(day('2015-09-05'));
    expect(parseDate('20261301')).toMatchObject({ ok: false });
  });

  it('reads date cells without time-zone drift', () => {
    expect(parseDate(new Date(Date.UTC(2015, 8, 5)))).toEqual(day('2015-09-05'));
    expect(parseDate(new Date(Date.UTC(2015, 8, 4, 23, 59, 59, 990)))).toEqual(day('2015-09-05'));
  });

  it('reads Excel serials and year-only values', () => {
    expect(isoFromExcelSerial(42252)).toBe('2015-09-05');
    expect(parseDate(42252)).toEqual(day('2015-09-05'));
    expect(parseDate(2015)).toEqual({ ok: true, date: { iso: '2015-01-01', precision: 'year' } });
    expect(parseDate('2015')).toEqual({ ok: true, date: { iso: '2015-01-01', precision: 'year' } });
  });

  it('reads an impossible day/month as month first, and says so', () => {
    expect(parseDate('09/25/2015')).toEqual({ ok: true, date: { iso: '2015-09-25', precision: 'day' }, swapped: true });
  });

  it('tells a month-first column (English-locale Excel) from the values only it can explain', () => {
    expect(dateOrderOf(['12/1/2026', '5/25/2020', '11/30/2027'])).toBe('mdy');
    expect(dateOrderOf(['12/1/2026', '25/5/2020', '5/25/2020'])).toBe('dmy');
    expect(dateOrderOf(['01/02/2026', '03/04/2026'])).toBe('dmy');
    expect(parseDate('12/1/2026', 2026, 'mdy')).toEqual(day('2026-12-01'));
  });

  it('refuses what is not a date', () => {
    expect(parseDate('31/02/2015')).toMatchObject({ ok: false, problem: 'invalid' });
    expect(parseDate('abc')).toMatchObject({ ok: false, problem: 'invalid' });
    expect(parseDate(null)).toMatchObject({ ok: false, problem: 'empty' });
  });

  it('joins Ngày / Tháng / Năm columns', () => {
    expect(parseDateParts(9, 7, 2020)).toEqual(day('2020-07-09'));
    expect(parseDateParts(null, null, 2020)).toEqual({ ok: true, date: { iso: '2020-01-01', precision: 'year' } });
  });

  it('reads the user\'s --as-of both ways', () => {
    expect(parseUserDate('2026-11-15')).toBe('2026-11-15');
    expect(parseUserDate('15/11/2026')).toBe('2026-11-15');
    expect(parseUserDate('2026')).toBeNull();
    expect(parseUserDate('11/25/2026')).toBeNull();
  });
});

describe('isoFromParts', () => {
  it('agrees with the calendar of Date for any year, month and day, leap years and non-days included', () => {
    const byDate = (year: number, month: number, day: number) => {
      if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
      const probe = new Date(Date.UTC(year, month - 1, day));
      return probe.getUTCMonth() === month - 1 ? probe.toISOString().slice(0, 10) : null;
    };
    fc.assert(
      fc.property(fc.integer({ min: 1890, max: 2210 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }), (year, month, day) => {
        expect(isoFromParts(year, month, day)).toBe(byDate(year, month, day));
      }),
      { numRuns: 20000 },
    );
    expect(isoFromParts(2000, 2, 29)).toBe('2000-02-29');
    expect(isoFromParts(2100, 2, 29)).toBeNull();
    expect(isoFromParts(2015.5, 1, 1)).toBeNull();
  });
});
