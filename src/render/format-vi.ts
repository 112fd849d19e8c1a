/**
 * Numbers, dates and file names the way Vietnamese readers expect them: `20.533`,
 * `99,43%`, `15/11/2026`. Written by hand rather than with `Intl` so the output does not
 * depend on which ICU data the user's Node build carries.
 */

/** A count with `.` between thousands: `1298030` → `1.298.030`. */
export function formatCount(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(Math.round(value)));
  return sign + digits.replace(/\B(?=(\d{3})+$)/g, '.');
}

/**
 * A percentage (already ×100) with two decimals and a decimal comma: `91.7` → `91,70%`.
 * Exactly 100 is written `100%`, the way reports name schools that reached the goal.
 * A rate just below 100 never rounds up to `100,00%`: a school still missing a pupil
 * must not read as complete, so it shows `99,99%`.
 */
export function formatPercent(value: number): string {
  if (value === 100) return '100%';
  const shown = value > 99.99 && value < 100 ? 99.99 : value;
  return `${shown.toFixed(2).replace('.', ',')}%`;
}

export { formatDateVi } from '../dates/dates.js';

const FILE_NAME_MAX_LENGTH = 80;
const FILE_NAME_FALLBACK = 'truong';
const WINDOWS_RESERVED_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file name part that every file system and zip tool accepts:
 * `Trường TH Đông Hưng` → `Truong_TH_Dong_Hung`. Never empty, never a Windows device name.
 */
export function asciiFileName(text: string): string {
  const ascii = stripVietnameseMarks(text)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/_+/g, '_');
  const trimmed = trimFileNameEnds(trimFileNameEnds(ascii).slice(0, FILE_NAME_MAX_LENGTH));
  const name = trimmed === '' ? FILE_NAME_FALLBACK : trimmed;
  return avoidWindowsDeviceName(name);
}

function stripVietnameseMarks(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      // đ has no decomposition; Ð (Icelandic Eth) is a common look-alike of Đ in real lists.
      .replace(/đ/g, 'd')
      .replace(/[ĐÐ]/g, 'D')
  );
}

/** Windows drops trailing dots, and leading or trailing `_` only look like damage. */
function trimFileNameEnds(name: string): string {
  return name.replace(/^[_.]+|[_.]+$/g, '');
}

/** Windows treats `CON`, `nul.txt`, `COM1.xlsx` as devices whatever the extension. */
function avoidWindowsDeviceName(name: string): string {
  const stem = name.split('.')[0];
  return WINDOWS_RESERVED_NAME.test(stem) ? `${stem}_${name.slice(stem.length)}` : name;
}
