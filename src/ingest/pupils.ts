/** Roster tables → pupils. */
import type { CellValue, Table } from '../read/table.js';
import { foldLabel } from '../vn/text.js';
import { walkList, type ListOutcome } from './list.js';
import { cellAt, dateOrderNoter, nameText, readPerson, textAt, type Columns } from './person.js';
import type { InputProblem, Pupil } from './records.js';
import { isPlausibleName, isSectionLabel, isSectionTitle, isSequenceNumber } from './row-kinds.js';
import { classCode, classFromSheet, classInText, fullSchoolName, schoolFromFileName, schoolFromSheetName, schoolFromTitle } from './school.js';

export interface SheetIngest {
  outcome: ListOutcome;
  records: number;
  /** Pupils left out because the status column says they no longer study here. */
  notStudying: number;
}

export interface RosterContext {
  /** Receives each pupil; its index is set by the receiver. */
  addPupil: (pupil: Omit<Pupil, 'index'>) => void;
  addProblem: (problem: InputProblem) => void;
  /** The school found in an earlier sheet of the same file, for sheets without a title. */
  fileSchool: string | null;
}

/** A class column's value as a class code ("Lớp 3B" → "3B"); other spellings are kept as written. */
function classOf(value: string): string | null {
  return value ? (classCode(value) ?? value) : null;
}

/** Only pupils "Đang học" count; an empty status means the list did not say otherwise. */
function isStudying(cells: CellValue[], columns: Columns): boolean {
  if (columns.status === undefined) return true;
  const status = foldLabel(textAt(cells, columns.status));
  return status === '' || status.startsWith('dang hoc');
}

/** Reads one roster table; returns what it found and the school its title names, if any. */
export async function ingestRosterTable(table: Table, context: RosterContext): Promise<SheetIngest & { school: string | null }> {
  let records = 0;
  const noteDateOrder = dateOrderNoter(table, context.addProblem);
  let notStudying = 0;
  let titleSchool: string | null | undefined;
  /** The school and class of rows that do not name their own: worked out once per table. */
  let tableDefaults: { school: string; class: string | null } | undefined;
  const schoolsByCell = new Map<string, string>();
  /** The class a section row ("I. Lớp 1A") names, for the pupils under it. */
  let sectionClass: string | null = null;
  const outcome = await walkList(table, 'roster', ({ row, layout, titleRows }) => {
    const columns = layout.columns;
    const where = { file: table.file, sheet: table.sheet, row: row.row };
    noteDateOrder(layout.monthFirst);
    const warn = (message: string) => context.addProblem({ ...where, level: 'warning', message });
    const seq = cellAt(row.cells, columns.seq);
    const firstName = nameText(row.cells, columns);
    if (isSectionLabel(seq) || isSectionTitle(firstName)) {
      sectionClass = classInText(row.cells.map((cell) => (typeof cell === 'string' ? cell : '')).join(' ')) ?? sectionClass;
      return;
    }
    const problems: string[] = [];
    const person = readPerson(row.cells, columns, (message) => problems.push(message), layout.monthFirst);
    if (!person.fields.name) return;
    if (!isPlausibleName(person.fields.name)) {
      if (person.fields.dob && person.fields.name) warn(`"${person.fields.name}" không giống họ tên: bỏ qua dòng này`);
      return;
    }
    const identified = person.fields.dob !== null || person.fields.bhxh !== null || person.fields.personalId !== null;
    if (!identified && !isSequenceNumber(seq)) {
      warn(`"${person.fields.name}" không có ngày sinh, mã số hay số thứ tự: không coi là học sinh`);
      return;
    }
    if (!isStudying(row.cells, columns)) {
      notStudying++;
      return;
    }
    problems.forEach(warn);
    if (!person.fields.dob) warn(`học sinh "${person.fields.name}" thiếu ngày sinh`);
    if (tableDefaults === undefined) {
      titleSchool = schoolFromTitle(titleRows) ?? schoolFromSheetName(table.sheet);
      tableDefaults = { school: titleSchool ?? context.fileSchool ?? schoolFromFileName(table.file), class: classFromSheet(table.sheet, titleRows) };
    }
    const schoolCell = textAt(row.cells, columns.school);
    let school = tableDefaults.school;
    if (schoolCell) {
      school = schoolsByCell.get(schoolCell) ?? fullSchoolName(schoolCell);
      schoolsByCell.set(schoolCell, school);
    }
    records++;
    // Object.assign, not a spread: a spread with more fields gives every record its own hidden class in V8, which slows matching.
    context.addPupil(
      Object.assign(person.fields, {
        source: where,
        school,
        class: classOf(textAt(row.cells, columns.class)) ?? sectionClass ?? tableDefaults.class,
        commune: textAt(row.cells, columns.commune) || null,
      }),
    );
  });
  return { outcome, records, notStudying, school: titleSchool ?? null };
}
