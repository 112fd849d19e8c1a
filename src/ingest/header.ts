/**
 * Finds the header of a list among the first rows of a sheet: the row (or two rows,
 * a group label over sub-labels) whose labels name the most columns we know.
 */
import type { CellValue, TableRow } from '../read/table.js';
import { ROLE_WEIGHT, roleOfLabel, roleOfSubLabel, type Role } from './columns.js';
import { looksLikeData } from './row-kinds.js';
import { dateOrderOf } from '../dates/dates.js';

/** Rows scanned for a header. */
export const HEADER_SCAN_ROWS = 30;

export interface HeaderLayout {
  /** Row numbers of the header (one or two). */
  rows: number[];
  /** Index in the scanned rows of the first row after the header. */
  bodyStart: number;
  /** Column index (0 = A) of each role found. */
  columns: Partial<Record<Role, number>>;
  /** Date columns written month first (an English-locale Excel), decided from the rows under the header. */
  monthFirst?: ReadonlySet<number>;
}

export type ListKind = 'roster' | 'cards';

function text(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'string' ? cell.trim() : cell instanceof Date ? '' : String(cell);
}

/** Roles of one header row. */
function singleRowRoles(row: TableRow): (Role | null)[] {
  return row.cells.map((cell) => {
    const label = text(cell);
    return label ? roleOfLabel(label) : null;
  });
}

/**
 * Roles of a two-row header. Where the lower row is empty the upper label stands (a
 * vertically merged cell); otherwise the lower label is read under its group, the
 * nearest upper label to its left (a horizontally merged cell).
 */
function twoRowRoles(upper: TableRow, lower: TableRow): (Role | null)[] {
  const width = Math.max(upper.cells.length, lower.cells.length);
  const roles: (Role | null)[] = [];
  let group = '';
  for (let c = 0; c < width; c++) {
    const top = text(upper.cells[c]);
    if (top) group = top;
    const bottom = text(lower.cells[c]);
    if (!bottom) roles.push(top ? roleOfLabel(top) : null);
    else if (bottom === top || !group) roles.push(roleOfLabel(bottom));
    else roles.push(roleOfSubLabel(group, bottom));
  }
  return roles;
}

function columnsOf(roles: (Role | null)[]): Partial<Record<Role, number>> {
  const columns: Partial<Record<Role, number>> = {};
  roles.forEach((role, column) => {
    if (role && role !== 'ignored' && columns[role] === undefined) columns[role] = column;
  });
  return resolveAmbiguities(columns);
}

/**
 * Labels that mean one thing alone and another beside their neighbours: "Năm" after
 * "Ngày" and "Tháng" is the birth year, not a "Nam" (male) column; "Tên" without a
 * "Họ" column is the whole name.
 */
function resolveAmbiguities(columns: Partial<Record<Role, number>>): Partial<Record<Role, number>> {
  const resolved = { ...columns };
  // "Ngày sinh" | "Tháng sinh" | "Năm sinh": the first is the day, not the whole date.
  if (resolved.dob !== undefined && resolved.dobMonth !== undefined && resolved.dobYear !== undefined && resolved.dobDay === undefined) {
    resolved.dobDay = resolved.dob;
    delete resolved.dob;
  }
  if (resolved.dobDay !== undefined && resolved.dobMonth !== undefined && resolved.male !== undefined && resolved.dobYear === undefined) {
    resolved.dobYear = resolved.male;
    delete resolved.male;
  }
  if (resolved.givenName !== undefined && resolved.familyMiddle === undefined && resolved.fullName === undefined) {
    resolved.fullName = resolved.givenName;
    delete resolved.givenName;
  }
  if (resolved.dobDay === undefined || resolved.dobMonth === undefined) {
    delete resolved.dobDay;
    delete resolved.dobMonth;
  }
  return resolved;
}

/** Weighted roles; among equal weights, the reading that tells more columns apart wins (Ngày / Tháng / Năm over "Ngày sinh"). */
function score(columns: Partial<Record<Role, number>>): number {
  const roles = Object.keys(columns) as Role[];
  return roles.reduce((sum, role) => sum + ROLE_WEIGHT[role], 0) + roles.length / 100;
}

function hasName(columns: Partial<Record<Role, number>>): boolean {
  return columns.fullName !== undefined || (columns.familyMiddle !== undefined && columns.givenName !== undefined);
}

/** Enough to call a row the header of a list of this kind. */
function isHeader(columns: Partial<Record<Role, number>>, kind: ListKind): boolean {
  const roles = Object.keys(columns).length;
  if (kind === 'cards') {
    const identified = hasName(columns) || columns.bhxh !== undefined || columns.cardNumber !== undefined;
    return identified && roles >= 3;
  }
  return hasName(columns) && roles >= 2;
}

/** The best header among the first rows, or null when none names enough columns. */
export function detectHeader(rows: TableRow[], kind: ListKind): HeaderLayout | null {
  let best: HeaderLayout | null = null;
  let bestScore = 0;
  const scanned = Math.min(rows.length, HEADER_SCAN_ROWS);
  for (let i = 0; i < scanned; i++) {
    if (looksLikeData(rows[i].cells) || !rows[i].cells.some((cell) => text(cell))) continue;
    const single = columnsOf(singleRowRoles(rows[i]));
    const candidates: HeaderLayout[] = [{ rows: [rows[i].row], bodyStart: i + 1, columns: single }];
    const next = rows[i + 1];
    if (next && next.row === rows[i].row + 1 && !looksLikeData(next.cells)) {
      const twoRows = columnsOf(twoRowRoles(rows[i], next));
      // A title line right above a header is not its upper row: two rows must say more than the lower alone.
      if (score(twoRows) > score(columnsOf(singleRowRoles(next)))) {
        candidates.push({ rows: [rows[i].row, next.row], bodyStart: i + 2, columns: twoRows });
      }
    }
    for (const candidate of candidates) {
      const s = score(candidate.columns);
      if (isHeader(candidate.columns, kind) && s > bestScore) {
        best = candidate;
        bestScore = s;
      }
    }
  }
  return best && withDateOrders(splitMergedName(best, rows), rows);
}

const DATE_ROLES: Role[] = ['dob', 'validFrom', 'validTo'];

/** A sheet's text dates come from one program: decided over all its date columns together. */
function withDateOrders(layout: HeaderLayout, rows: TableRow[]): HeaderLayout {
  const body = rows.slice(layout.bodyStart);
  const columns = DATE_ROLES.map((role) => layout.columns[role]).filter((column): column is number => column !== undefined);
  const samples = columns.flatMap((column) => body.map((row) => row.cells[column] ?? null));
  return dateOrderOf(samples) === 'mdy' ? { ...layout, monthFirst: new Set(columns) } : layout;
}

const ONE_WORD = /^[\p{L}\p{M}]+$/u;

/**
 * "Họ và tên" merged over two columns, with no sub-labels: the left holds the family and
 * middle names, the right the given name. Told from the data: the unlabelled column
 * right of the name holds one word in most rows.
 */
function splitMergedName(layout: HeaderLayout, rows: TableRow[]): HeaderLayout {
  const name = layout.columns.fullName;
  if (name === undefined) return layout;
  const right = name + 1;
  const headerRows = rows.filter((row) => layout.rows.includes(row.row));
  const labelled = Object.values(layout.columns).includes(right) || headerRows.some((row) => text(row.cells[right]));
  if (labelled) return layout;
  const body = rows.slice(layout.bodyStart, layout.bodyStart + 20).filter((row) => text(row.cells[name]));
  const split = body.filter((row) => ONE_WORD.test(text(row.cells[right])));
  if (body.length < 3 || split.length < body.length * 0.8) return layout;
  const { fullName: _merged, ...others } = layout.columns;
  return { ...layout, columns: { ...others, familyMiddle: name, givenName: right } };
}

/** Whether a single row, met after a list ended, starts a new list of the same kind. */
export function rowIsHeader(row: TableRow, kind: ListKind): HeaderLayout | null {
  if (looksLikeData(row.cells)) return null;
  const columns = columnsOf(singleRowRoles(row));
  return isHeader(columns, kind) ? { rows: [row.row], bodyStart: 0, columns } : null;
}
