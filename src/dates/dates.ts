/** Dates from spreadsheet cells: date cells, Excel serials and the ways people type them. */
import type { CellValue } from '../read/table.js';
import type { BirthDate } from '../ingest/records.js';

const DAY_MS = 86_400_000;
/** Day 0 of Excel's 1900 date system, shifted for its fake 29 February 1900. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** "01" to "31". */
const TWO_DIGITS = Array.from({ length: 32 }, (_, n) => String(n).padStart(2, '0'));

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** `YYYY-MM-DD` for a real calendar day of 1900–2199, else null. Built by hand: a Date per cell costs more than the reading. */
export function isoFromParts(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** A Date cell as the calendar day it shows. Rounds to the nearest day so float noise never shifts it. */
export function isoFromDateCell(date: Date): string | null {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return null;
  return new Date(Math.round(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

export function isoFromExcelSerial(serial: number): string | null {
  if (serial < 1 || serial > 110_000) return null;
  return isoFromDateCell(new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS));
}

/** Two-digit years: the most recent year not after `pivotYear` ends with them. */
function fullYear(year: number, digits: number, pivotYear: number): number {
  if (digits > 2) return year;
  const century = Math.floor(pivotYear / 100) * 100;
  return century + year > pivotYear ? century - 100 + year : century + year;
}

/** Exports often add a time of day ("05/09/2015 0:00:00"); it says nothing about a birth date. */
const DMY = /^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$/i;
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/;
/** yyyymmdd, as BHXH data interfaces write dates. */
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
/** A date cell saved as text without its format: the Excel serial itself. */
const SERIAL_TEXT = /^\d{4,5}(?:\.\d+)?$/;
const YEAR = /^(\d{4})$/;

export type ParsedDate =
  | { ok: true; date: BirthDate; swapped?: boolean }
  | { ok: false; problem: 'empty' | 'invalid'; text: string };

/**
 * Parses a date the way a Vietnamese file writes it: day first. A text date whose
 * "month" is over 12 while its "day" is not came through an English-locale Excel; it
 * is read month first and marked `swapped`.
 */
/** Day first as Vietnamese write dates, or month first as an English-locale Excel does. */
export type DateOrder = 'dmy' | 'mdy';

export function parseDate(cell: CellValue, pivotYear = new Date().getUTCFullYear(), order: DateOrder = 'dmy'): ParsedDate {
  if (cell === null || cell === '' || cell === undefined) return { ok: false, problem: 'empty', text: '' };
  if (cell instanceof Date) return dayResult(isoFromDateCell(cell), String(cell));
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 1900 && cell <= 2199) return yearResult(cell);
    if (Number.isInteger(cell) && cell >= 19_000_101 && cell <= 21_991_231) return parseDate(String(cell), pivotYear, order);
    return dayResult(isoFromExcelSerial(cell), String(cell));
  }
  const text = String(cell).trim();
  if (!text) return { ok: false, problem: 'empty', text };
  const dmy = DMY.exec(text);
  if (dmy) {
    const [day, month] = order === 'dmy' ? [Number(dmy[1]), Number(dmy[2])] : [Number(dmy[2]), Number(dmy[1])];
    const year = fullYear(Number(dmy[3]), dmy[3].length, pivotYear);
    const iso = isoFromParts(year, month, day);
    if (iso) return dayResult(iso, text);
    const swapped = isoFromParts(year, day, month);
    if (swapped) return { ok: true, date: { iso: swapped, precision: 'day' }, swapped: true };
    return { ok: false, problem: 'invalid', text };
  }
  const ymd = YMD.exec(text) ?? COMPACT.exec(text);
  if (ymd) return dayResult(isoFromParts(Number(ymd[1]), Number(ymd[2]), Number(ymd[3])), text);
  const year = YEAR.exec(text);
  if (year && Number(year[1]) >= 1900 && Number(year[1]) <= 2199) return yearResult(Number(year[1]));
  if (SERIAL_TEXT.test(text) && Number(text) >= 10_000) return dayResult(isoFromExcelSerial(Number(text)), text);
  return { ok: false, problem: 'invalid', text };
}

function dayResult(iso: string | null, text: string): ParsedDate {
  return iso ? { ok: true, date: { iso, precision: 'day' } } : { ok: false, problem: 'invalid', text };
}

function yearResult(year: number): ParsedDate {
  return { ok: true, date: { iso: `${year}-01-01`, precision: 'year' } };
}

/**
 * How a column writes its text dates, from sample values: month first only when some
 * value can only be read so ("5/25/2020") and none only day first ("25/5/2020").
 */
export function dateOrderOf(samples: CellValue[]): DateOrder {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const cell of samples) {
    const match = typeof cell === 'string' ? DMY.exec(cell.trim()) : null;
    if (!match) continue;
    if (Number(match[1]) > 12) dayFirst++;
    if (Number(match[2]) > 12) monthFirst++;
  }
  return monthFirst > 0 && dayFirst === 0 ? 'mdy' : 'dmy';
}

/** A date from three cells (Ngày / Tháng / Năm columns). */
export function parseDateParts(day: CellValue, month: CellValue, year: CellValue): ParsedDate {
  const y = Number(String(year ?? '').trim());
  const m = Number(String(month ?? '').trim());
  const d = Number(String(day ?? '').trim());
  const text = [day, month, year].map((c) => String(c ?? '')).join('/');
  if (!String(year ?? '').trim()) return { ok: false, problem: String(day ?? '') || String(month ?? '') ? 'invalid' : 'empty', text };
  if (!String(day ?? '').trim() && !String(month ?? '').trim() && Number.isInteger(y)) return yearResult(y);
  return parseDate(`${d}/${m}/${y}`);
}

/** `2026-11-15` or `15/11/2026` (a user's --as-of). */
export function parseUserDate(text: string): string | null {
  const parsed = parseDate(text.trim());
  return parsed.ok && parsed.date.precision === 'day' && !parsed.swapped ? parsed.date.iso : null;
}

export function todayIso(now = new Date()): string {
  return isoFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate())!;
}

/** `2026-11-15` → `15/11/2026`; a year-only date stays `2015`; null → empty. */
export function formatDateVi(iso: string | null): string {
  if (iso === null) return '';
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return day ? `${day[3]}/${day[2]}/${day[1]}` : iso;
}
