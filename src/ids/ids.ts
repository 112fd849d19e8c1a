/**
 * BHXH codes, card numbers and personal IDs from spreadsheet cells, including the
 * damage spreadsheets do to them (lost leading zeros, scientific notation).
 */
import type { CellValue } from '../read/table.js';

export type IdResult =
  | { ok: true; value: string; padded: boolean }
  | { ok: false; problem: 'empty' | 'scientific' | 'malformed'; text: string };

const SCIENTIFIC = /^\d+(?:[.,]\d+)?e\+?\d+$/i;

/** The digits of a cell, or why there are none. Numbers become their exact integer digits. */
function cellDigits(cell: CellValue): { digits: string } | { problem: 'empty' | 'scientific' | 'malformed'; text: string } {
  if (cell === null || cell === undefined || cell === '') return { problem: 'empty', text: '' };
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell) || cell < 0) return { problem: 'malformed', text: String(cell) };
    return { digits: String(cell) };
  }
  const text = String(cell).trim();
  if (!text) return { problem: 'empty', text };
  if (SCIENTIFIC.test(text)) return { problem: 'scientific', text };
  // Spaces, dots and a leading apostrophe are typing habits, not part of the code.
  const digits = text.replace(/^'/, '').replace(/[\s.\-]/g, '');
  if (!/^\d+$/.test(digits)) return { problem: 'malformed', text };
  return { digits };
}

/**
 * Pads digits that lost leading zeros back to `length`. Only as many zeros as the
 * code's province part can start with (`maxZeros`) are restored: more is not damage but
 * another number.
 */
function padDigits(digits: string, length: number, maxZeros: number): { value: string; padded: boolean } | null {
  if (digits.length === length) return { value: digits, padded: false };
  if (digits.length < length && length - digits.length <= maxZeros) {
    return { value: digits.padStart(length, '0'), padded: true };
  }
  return null;
}

/** A 10-digit mã số BHXH. Province codes start at 01, so at most one zero can be lost. */
export function parseBhxhCode(cell: CellValue): IdResult {
  const d = cellDigits(cell);
  if ('problem' in d) return { ok: false, ...d };
  const padded = padDigits(d.digits, 10, 1);
  return padded ? { ok: true, ...padded } : { ok: false, problem: 'malformed', text: d.digits };
}

/** A 12-digit số định danh cá nhân; province codes are 001-096, so up to two zeros can be lost. */
export function parsePersonalId(cell: CellValue): IdResult {
  const d = cellDigits(cell);
  if ('problem' in d) return { ok: false, ...d };
  const padded = padDigits(d.digits, 12, 2);
  return padded ? { ok: true, ...padded } : { ok: false, problem: 'malformed', text: d.digits };
}

export interface CardNumber {
  /** As printed, upper case without spaces. */
  number: string;
  /** Group code (HS, TE, HN, ...) for the 15-character format, else null. */
  group: string | null;
  bhxh: string;
}

const OLD_CARD = /^([A-Z]{2})(\d)(\d{2})(\d{10})$/;

/**
 * A card number: the 15-character format (group + benefit digit + province + mã số
 * BHXH) or, since 2021, the 10-digit code itself. Group codes are not checked against a
 * list: any group counts and new ones appear.
 */
export function parseCardNumber(cell: CellValue): { ok: true; card: CardNumber } | { ok: false; problem: 'empty' | 'scientific' | 'malformed'; text: string } {
  if (typeof cell === 'string') {
    const compact = cell.replace(/[\s.\-]/g, '').toUpperCase();
    const old = OLD_CARD.exec(compact);
    if (old) return { ok: true, card: { number: compact, group: old[1], bhxh: old[4] } };
  }
  const code = parseBhxhCode(cell);
  if (!code.ok) return code;
  return { ok: true, card: { number: code.value, group: null, bhxh: code.value } };
}

/**
 * What the middle digits of a personal ID say: century/sex digit and two-digit year.
 * 0/1 = male/female born 1900s, 2/3 = 2000s (4/5 2100s ...).
 */
export function personalIdFacts(id: string): { gender: 'M' | 'F'; birthYear: number } | null {
  if (!/^\d{12}$/.test(id)) return null;
  const centurySex = Number(id[3]);
  if (centurySex > 9) return null;
  const century = 1900 + Math.floor(centurySex / 2) * 100;
  return { gender: centurySex % 2 === 0 ? 'M' : 'F', birthYear: century + Number(id.slice(4, 6)) };
}
