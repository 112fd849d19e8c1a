/** The fields of a person (pupil or card holder) read from one row, with warnings for doubtful values. */
import type { CellValue } from '../read/table.js';
import { parseDate, parseDateParts, type ParsedDate } from '../dates/dates.js';
import { parseBhxhCode, parseCardNumber, parsePersonalId, type CardNumber } from '../ids/ids.js';
import { displayName, nameKey } from '../vn/name.js';
import { foldLabel, tidyText } from '../vn/text.js';
import type { Role } from './columns.js';
import type { Gender, InputProblem, PersonFields } from './records.js';

export type Columns = Partial<Record<Role, number>>;

/** Collects warnings about one row's values. */
export type Warn = (message: string) => void;

export function cellAt(cells: CellValue[], column: number | undefined): CellValue {
  return column === undefined ? null : (cells[column] ?? null);
}

export function textAt(cells: CellValue[], column: number | undefined): string {
  const cell = cellAt(cells, column);
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return tidyText(String(cell));
}

/** The full name, joined from "Họ và tên đệm" + "Tên" when the list splits it. */
export function nameText(cells: CellValue[], columns: Columns): string {
  if (columns.fullName !== undefined) return textAt(cells, columns.fullName);
  return tidyText(`${textAt(cells, columns.familyMiddle)} ${textAt(cells, columns.givenName)}`);
}

/** Columns whose text dates are month first (see HeaderLayout.monthFirst). */
export type MonthFirst = ReadonlySet<number> | undefined;

/** A date cell of a column, read in the column's own order. */
export function dateAt(cells: CellValue[], column: number | undefined, monthFirst: MonthFirst): ParsedDate {
  return parseDate(cellAt(cells, column), undefined, column !== undefined && monthFirst?.has(column) ? 'mdy' : 'dmy');
}

/** Notes once per table, as a warning, that its dates are read month first. */
export function dateOrderNoter(table: { file: string; sheet: string | null }, addProblem: (problem: InputProblem) => void): (monthFirst: MonthFirst) => void {
  let noted = false;
  return (monthFirst) => {
    if (noted) return;
    noted = true;
    const note = monthFirstNote(monthFirst);
    if (note) addProblem({ file: table.file, sheet: table.sheet, row: null, level: 'warning', message: note });
  };
}

/** The sheet-level note when some date columns are read month first. */
function monthFirstNote(monthFirst: MonthFirst): string | null {
  if (!monthFirst?.size) return null;
  const columns = [...monthFirst].map((c) => columnLetter(c)).join(', ');
  return `ngày ở cột ${columns} ghi theo kiểu tháng/ngày/năm (Excel tiếng Anh): đã đọc tháng trước`;
}

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function birthDate(cells: CellValue[], columns: Columns, monthFirst: MonthFirst): ParsedDate {
  if (columns.dob !== undefined) return dateAt(cells, columns.dob, monthFirst);
  if (columns.dobDay !== undefined) {
    return parseDateParts(cellAt(cells, columns.dobDay), cellAt(cells, columns.dobMonth), cellAt(cells, columns.dobYear));
  }
  return parseDate(cellAt(cells, columns.dobYear));
}

const MARKED = /^(x|v|✓|✔|1|có|co)$/i;

/** Gender as Nam/Nữ, 1/0 or 1/2 (1 = Nam, the BHXH convention), or a mark in a "Nữ" or "Nam" column. */
export function genderOf(cells: CellValue[], columns: Columns): Gender | null {
  if (columns.gender !== undefined) {
    const folded = foldLabel(textAt(cells, columns.gender));
    if (/^(nam|m|male|1|trai)$/.test(folded)) return 'M';
    if (/^(nu|f|female|0|2|gai)$/.test(folded)) return 'F';
    return null;
  }
  if (columns.female !== undefined) return MARKED.test(textAt(cells, columns.female)) ? 'F' : 'M';
  if (columns.male !== undefined) return MARKED.test(textAt(cells, columns.male)) ? 'M' : 'F';
  return null;
}

function describeIdProblem(label: string, problem: 'scientific' | 'malformed', text: string): string {
  return problem === 'scientific'
    ? `${label} "${text}" đã bị Excel đổi sang dạng số mũ, mất chữ số: coi như không có mã`
    : `${label} "${text}" không đúng định dạng: bỏ qua`;
}

/** The mã số BHXH: from its column, else from a card-number column (the last 10 characters). */
function bhxhOf(cells: CellValue[], columns: Columns, warn: Warn): { bhxh: string | null; card: CardNumber | null } {
  let card: CardNumber | null = null;
  if (columns.cardNumber !== undefined) {
    const parsed = parseCardNumber(cellAt(cells, columns.cardNumber));
    if (parsed.ok) card = parsed.card;
    else if (parsed.problem !== 'empty') warn(describeIdProblem('Số thẻ BHYT', parsed.problem, parsed.text));
  }
  if (columns.bhxh !== undefined) {
    const parsed = parseBhxhCode(cellAt(cells, columns.bhxh));
    if (parsed.ok) return { bhxh: parsed.value, card };
    // Some lists put the whole 15-character card number in the code column.
    const asCard = parseCardNumber(cellAt(cells, columns.bhxh));
    if (asCard.ok) return { bhxh: asCard.card.bhxh, card: card ?? asCard.card };
    if (parsed.problem !== 'empty') warn(describeIdProblem('Mã số BHXH', parsed.problem, parsed.text));
  }
  return { bhxh: card?.bhxh ?? null, card };
}

function personalIdOf(cells: CellValue[], columns: Columns, warn: Warn): string | null {
  if (columns.personalId === undefined) return null;
  const parsed = parsePersonalId(cellAt(cells, columns.personalId));
  if (parsed.ok) return parsed.value;
  // Old 9-digit ID cards and passport numbers are not personal IDs: nothing to say about them.
  if (parsed.problem === 'scientific') warn(describeIdProblem('Số định danh', parsed.problem, parsed.text));
  return null;
}

export interface PersonRead {
  fields: PersonFields;
  card: CardNumber | null;
  /** The birth date was read month first (an English-locale Excel swapped it). */
  dobSwapped: boolean;
}

export function readPerson(cells: CellValue[], columns: Columns, warn: Warn, monthFirst?: MonthFirst): PersonRead {
  const name = nameText(cells, columns);
  const dob = birthDate(cells, columns, monthFirst);
  if (!dob.ok && dob.problem === 'invalid') warn(`ngày sinh "${dob.text}" không đọc được`);
  if (dob.ok && dob.swapped) warn(`ngày sinh "${textAt(cells, columns.dob)}" không đọc được theo thứ tự của cột: đọc đảo ngày/tháng`);
  const { bhxh, card } = bhxhOf(cells, columns, warn);
  return {
    fields: {
      name: displayName(name),
      nameKey: nameKey(name),
      dob: dob.ok ? dob.date : null,
      gender: genderOf(cells, columns),
      bhxh,
      personalId: personalIdOf(cells, columns, warn),
    },
    card,
    dobSwapped: dob.ok && Boolean(dob.swapped),
  };
}
