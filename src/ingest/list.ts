/**
 * Walks one table as a list: finds its header, then hands over the rows that can hold
 * a record, leaving out title rows, column-number rows, section rows, blank rows and
 * everything from a footer ("Tổng cộng", the place-and-date line, signatures) on.
 */
import type { Table, TableRow } from '../read/table.js';
import { detectHeader, HEADER_SCAN_ROWS, rowIsHeader, type HeaderLayout, type ListKind } from './header.js';
import { cellAt, nameText } from './person.js';
import { isColumnNumberRow, isFooterRow, isPlausibleName, isSequenceNumber, looksLikeData } from './row-kinds.js';

export interface ListRow {
  row: TableRow;
  layout: HeaderLayout;
  /** Rows above the header: title, school, class. */
  titleRows: TableRow[];
}

export type ListOutcome =
  | { found: true; layout: HeaderLayout; titleRows: TableRow[] }
  /** No header: `looksLikeList` tells a sheet of notes apart from a list we failed to read. */
  | { found: false; looksLikeList: boolean; rows: number };

/** A row that looks like a person: a name-like text and a date or a long number beside it. */
function looksLikePersonRow(row: TableRow): boolean {
  return looksLikeData(row.cells) && row.cells.some((cell) => typeof cell === 'string' && isPlausibleName(cell.trim()));
}

function filledCells(row: TableRow): number {
  return row.cells.reduce<number>((n, cell) => (cell === null || cell === '' ? n : n + 1), 0);
}

/**
 * Whether a header met inside a list starts another list: it names other columns and at
 * least as many. A header repeated on each printed page may show only its upper row
 * ("Ngày sinh" over the Ngày / Tháng / Năm the first page spelt out): that is the same list.
 */
function startsAnotherList(repeated: HeaderLayout, current: HeaderLayout): boolean {
  const roles = Object.entries(repeated.columns);
  const same = roles.every(([role, column]) => current.columns[role as keyof HeaderLayout['columns']] === column);
  return !same && roles.length >= Object.keys(current.columns).length;
}

/** A row that is plainly a record: a name, and a sequence number, a date or an ID beside it. */
function looksLikeRecord(row: TableRow, layout: HeaderLayout): boolean {
  const name = nameText(row.cells, layout.columns);
  return isPlausibleName(name) && (isSequenceNumber(cellAt(row.cells, layout.columns.seq)) || looksLikeData(row.cells));
}

/**
 * Calls `onRow` for each row of the list in order and returns what was found. The
 * table's rows are consumed once, streaming.
 */
export async function walkList(table: Table, kind: ListKind, onRow: (row: ListRow) => void): Promise<ListOutcome> {
  const iterator = table.rows[Symbol.asyncIterator]();
  const head: TableRow[] = [];
  while (head.length < HEADER_SCAN_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
  }
  let layout = detectHeader(head, kind);
  if (!layout) {
    let personRows = head.filter(looksLikePersonRow).length;
    let count = head.length;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      count++;
      if (looksLikePersonRow(next.value)) personRows++;
    }
    return { found: false, looksLikeList: personRows >= 3, rows: count };
  }
  const headerIndex = head.findIndex((row) => row.row === layout!.rows[0]);
  const titleRows = head.slice(0, headerIndex);
  const first = layout;
  let inList = true;
  // A footer ("Cộng: 5", a place-and-date line, signatures) pauses the list; a row that is
  // plainly a record resumes it (subtotals between classes), and so does a new header.
  const visit = (row: TableRow): void => {
    if (filledCells(row) === 0) return;
    const record = looksLikeRecord(row, layout!);
    if (!record) {
      const header = rowIsHeader(row, kind);
      if (header) {
        if (!inList || startsAnotherList(header, layout!)) layout = header;
        inList = true;
        return;
      }
      if (!inList || isColumnNumberRow(row.cells)) return;
      if (isFooterRow(row.cells)) {
        inList = false;
        return;
      }
    }
    inList = true;
    onRow({ row, layout: layout!, titleRows });
  };
  for (const row of head.slice(first.bodyStart)) visit(row);
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) visit(next.value);
  return { found: true, layout: first, titleRows };
}
