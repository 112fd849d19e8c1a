/** ISO date arithmetic for card windows and birth dates, in UTC so no time zone shifts a day. */

const DAY_MS = 86_400_000;

export function isoOf(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the month `months` after the month of `iso`. */
export function firstOfMonthAfter(iso: string, months: number): string {
  const d = new Date(Date.parse(iso));
  return isoOf(d.getUTCFullYear(), d.getUTCMonth() + 1 + months, 1);
}

export function endOfMonth(year: number, month: number): string {
  return isoOf(year, month + 1, 0);
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

export function monthOf(iso: string): number {
  return Number(iso.slice(5, 7));
}

export function dayOf(iso: string): number {
  return Number(iso.slice(8, 10));
}

export interface Window {
  from: string;
  to: string;
}

/**
 * The payment window of `months` months containing `date`, for windows aligned on
 * `anchorMonth` (1 = calendar year, 10 = school year 1/10–30/9). A 6-month window
 * anchored on 10 runs 1/10–31/3 or 1/4–30/9.
 */
export function windowContaining(date: string, anchorMonth: number, months: number): Window {
  const monthIndex = yearOf(date) * 12 + monthOf(date) - 1;
  const offset = (((monthIndex - (anchorMonth - 1)) % months) + months) % months;
  const start = monthIndex - offset;
  const from = isoOf(Math.floor(start / 12), (start % 12) + 1, 1);
  return { from, to: addDays(firstOfMonthAfter(from, months), -1) };
}

/** The window of the same length just before `window`. */
export function previousWindow(window: Window, months: number): Window {
  const to = addDays(window.from, -1);
  return { from: firstOfMonthAfter(to, 1 - months), to };
}

/**
 * When a TE card (children under six) ends: 30/9 of the year the child turns six, or
 * the end of that month for a child born after 30/9 (DOMAIN.md).
 */
export function childCardEnd(dob: string): string {
  const sixth = yearOf(dob) + 6;
  return monthOf(dob) <= 9 ? isoOf(sixth, 9, 30) : endOfMonth(sixth, monthOf(dob));
}
