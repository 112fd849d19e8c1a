/**
 * Turns text written in the legacy fonts TCVN3 and VNI into Unicode, cell by cell:
 * where the cell's font says so, and, for cells whose font does not, where the sheet's
 * text as a whole reads like legacy-font bytes.
 */
import { decodeLegacy, detectLegacyEncoding, fontEncoding, type LegacyEncoding } from '../vn/legacy-fonts.js';
import type { TableRow } from './table.js';

const SAMPLE_ROWS = 40;

export async function* undoLegacyFonts(rows: AsyncIterable<TableRow>): AsyncGenerator<TableRow> {
  const buffered: TableRow[] = [];
  const iterator = rows[Symbol.asyncIterator]();
  while (buffered.length < SAMPLE_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    buffered.push(next.value);
  }
  const sheetGuess = detectLegacyEncoding(unfontedStrings(buffered));
  for (const row of buffered) yield convertRow(row, sheetGuess);
  while (true) {
    const next = await iterator.next();
    if (next.done) return;
    yield convertRow(next.value, sheetGuess);
  }
}

/** Strings in cells without a legacy font: what the sheet-wide guess is made from. */
function unfontedStrings(rows: TableRow[]): string[] {
  const strings: string[] = [];
  for (const row of rows) {
    row.cells.forEach((cell, i) => {
      if (typeof cell === 'string' && !fontEncoding(row.fonts?.[i])) strings.push(cell);
    });
  }
  return strings;
}

function convertRow(row: TableRow, sheetGuess: LegacyEncoding | null): TableRow {
  let cells = row.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (typeof cell !== 'string') continue;
    const font = fontEncoding(row.fonts?.[i]);
    const encoding = font?.encoding ?? sheetGuess;
    if (!encoding) continue;
    if (cells === row.cells) cells = [...row.cells];
    cells[i] = decodeLegacy(cell, encoding, font?.upperCase ?? false);
  }
  return cells === row.cells ? row : { ...row, cells };
}
