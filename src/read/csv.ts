/** CSV and text exports: any of the encodings in encoding.ts, separated by `,` `;` or tab. */
import fs from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { decodeBuffer, guessEncoding, type EncodingGuess } from './encoding.js';
import type { TableRow } from './table.js';
import { decodeLegacy } from '../vn/legacy-fonts.js';

const SNIFF_BYTES = 256 * 1024;
const SEPARATORS = [',', ';', '\t', '|'] as const;

/** How a CSV file's table is laid out, from its first lines. */
export interface CsvLayout {
  /** The separator used most consistently over the first lines, quotes respected. */
  separator: string;
  /** How many separators most of those lines have: the table's rows. */
  separators: number;
  /** The first line break: \r\n, \n or \r. */
  lineEnd: string;
}

export function detectLayout(sample: string): CsvLayout {
  const lines = sample.split(/\r?\n/).slice(0, 50).filter((line) => line.trim());
  let best: string = ',';
  let bestMode = 0;
  let bestScore = 0;
  for (const sep of SEPARATORS) {
    const counts = lines.map((line) => countOutsideQuotes(line, sep)).filter((n) => n > 0);
    if (counts.length === 0) continue;
    // Lines with the same number of separators as the commonest one: a table's rows.
    const mode = mostCommon(counts);
    const score = counts.filter((n) => n === mode).length * Math.log2(mode + 1);
    if (score > bestScore) {
      best = sep;
      bestMode = mode;
      bestScore = score;
    }
  }
  return { separator: best, separators: bestMode, lineEnd: /\r\n|\n|\r/.exec(sample)?.[0] ?? '\n' };
}

function countOutsideQuotes(line: string, sep: string): number {
  let inQuotes = false;
  let count = 0;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === sep && !inQuotes) count++;
  }
  return count;
}

function mostCommon(values: number[]): number {
  const tally = new Map<number, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  return [...tally.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
}

export interface CsvSource {
  encoding: EncodingGuess;
  separator: string;
  rows: AsyncIterable<TableRow>;
}

/** Opens a CSV/text file: sniffs its encoding and separator, then streams its rows. */
export async function openCsv(filePath: string): Promise<CsvSource> {
  const head = await readHead(filePath, SNIFF_BYTES);
  const encoding = guessEncoding(head);
  const layout = detectLayout(decodeBuffer(head, encoding));
  return { encoding, separator: layout.separator, rows: csvRows(filePath, encoding, layout) };
}

async function readHead(filePath: string, bytes: number): Promise<Buffer> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const PRIMER_LINES = 1;

/**
 * The file's rows, each numbered by the line it starts on. The parser takes the first row's
 * length for the expected one and builds an error object, stack trace and all, for every row
 * of another length; rosters start with a title row, so every row did. A primer line of the
 * table's width, read first and left out, makes the table's rows the expected ones.
 */
async function* csvRows(filePath: string, encoding: EncodingGuess, layout: CsvLayout): AsyncGenerator<TableRow> {
  const parser = parse({
    delimiter: layout.separator,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  const input = fs.createReadStream(filePath, { start: encoding.bomLength });
  parser.write(layout.separator.repeat(layout.separators) + layout.lineEnd);
  input.pipe(iconv.decodeStream(encoding.encoding)).pipe(parser);
  input.on('error', (error) => parser.destroy(error));
  let nextRow = 1;
  let primed = false;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!primed) {
        primed = true;
        continue;
      }
      const row = nextRow;
      nextRow += 1 + lineBreaksIn(record);
      const cells = encoding.legacy ? record.map((cell) => decodeLegacy(cell, encoding.legacy!)) : record;
      yield { row, cells: trimTrailingEmpty(cells) };
    }
  } catch (error) {
    // The one parse error our options leave: a quote opened and never closed.
    const { code, lines } = error as { code?: string; lines?: number };
    if (code === 'CSV_QUOTE_NOT_CLOSED' && typeof lines === 'number') {
      throw new Error(`dấu ngoặc kép (") mở sau dòng ${nextRow - 1} không được đóng đến hết tệp (dòng ${lines - PRIMER_LINES})`);
    }
    throw error;
  }
}

/** The line breaks inside a record's cells (a quoted cell written over several lines): \r\n, \n or \r, each one. */
function lineBreaksIn(cells: string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (!cell.includes('\n') && !cell.includes('\r')) continue;
    for (let i = 0; i < cell.length; i++) {
      const code = cell.charCodeAt(i);
      if (code === CR && cell.charCodeAt(i + 1) === LF) continue; // counted at its \n
      if (code === CR || code === LF) breaks++;
    }
  }
  return breaks;
}

const CR = 13;
const LF = 10;

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1].trim() === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}
