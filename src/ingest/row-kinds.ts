/**
 * Which rows of a list are not pupils or cards: totals, place-and-date lines, signature
 * blocks, column-number rows and section rows. Told by their words, never by position,
 * since every school lays its sheet out its own way.
 */
import type { CellValue } from '../read/table.js';
import { foldDiacritics } from '../vn/text.js';

/** Words that end a list: everything after them is a footer until a new header. */
const FOOTER_PATTERNS = [
  /^(tong cong|tong so|cong)\s*(:|\d|$)|^(tong cong|tong so)\s+(hoc sinh|the|nguoi|so)\b|^cong (tang|giam)\b/,
  /\bngay\s*\.*\s*\d{0,2}\s*\.*\s*thang\s*\.*\s*\d{0,2}\s*\.*\s*nam\s*\.*\s*\d{0,4}\s*$/,
  /^(nguoi lap( bieu)?|hieu truong|pho hieu truong|thu truong( don vi)?|ke toan|giam doc|xac nhan|thu quy|giao vien chu nhiem|gvcn)\b/,
  /\(ky,? (ghi ro )?ho (va )?ten/,
];

function cellText(cell: CellValue): string {
  return typeof cell === 'string' ? cell : cell === null || cell instanceof Date ? '' : String(cell);
}

/** A row with dates or long numbers is data: never a header, never a footer. */
export function looksLikeData(cells: CellValue[]): boolean {
  return cells.some(
    (cell) =>
      cell instanceof Date ||
      (typeof cell === 'number' && cell > 10_000) ||
      (typeof cell === 'string' && /^\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{9,})\s*$/.test(cell)),
  );
}

/** A totals, place-and-date or signature row (a pupil named "Tống Công Hiệp" is not one). */
export function isFooterRow(cells: CellValue[]): boolean {
  if (looksLikeData(cells)) return false;
  return cells.some((cell) => {
    const folded = foldDiacritics(cellText(cell));
    return folded.length > 0 && folded.length < 120 && FOOTER_PATTERNS.some((pattern) => pattern.test(folded));
  });
}

/** A row of column numbers under a header: "A", "B", "1", "2", "(3)". */
export function isColumnNumberRow(cells: CellValue[]): boolean {
  const filled = cells.map(cellText).map((t) => t.trim()).filter(Boolean);
  return filled.length >= 3 && filled.every((t) => /^(\(?[A-Za-z]\)?|\(?\d{1,2}\)?|\(?\d{1,2}\s*=.*\)?)$/.test(t));
}

/** A section label such as "I", "II.1", "A." in the sequence column. */
export function isSectionLabel(cell: CellValue): boolean {
  return typeof cell === 'string' && /^\s*([IVXLC]+|[A-D])(\.\d+)*\.?\s*$/.test(cell);
}

const LETTER_RUNS = /[\p{L}\p{M}]+/gu;
const NOT_NAME_CHARACTERS = /[^\p{L}\p{M}\s.'’-]/gu;

/**
 * Whether a text can be a person's full name: two to ten words of letters. A few stray
 * characters ("Nguyễn Văn An *", "Lê Thị Hoa (CĐ)") do not stop a pupil from counting.
 */
export function isPlausibleName(name: string): boolean {
  const words = name.match(LETTER_RUNS) ?? [];
  const stray = name.match(NOT_NAME_CHARACTERS)?.length ?? 0;
  return words.length >= 2 && words.length <= 10 && name.length <= 80 && stray <= 4 && !/^\s*\d/.test(name);
}

/** A section label written in the name column: "I. Tăng", "II. Giảm", "A) Học sinh mới". */
export function isSectionTitle(name: string): boolean {
  return /^\s*([IVXLC]+|[A-D])(\.\d+)*\s*[.)]\s+\S/.test(name);
}

/** A sequence number cell (STT): a whole number. */
export function isSequenceNumber(cell: CellValue): boolean {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell > 0;
  return typeof cell === 'string' && /^\s*\d{1,6}\.?\s*$/.test(cell);
}
