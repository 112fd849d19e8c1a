/** Card-export tables → cards. */
import type { Table } from '../read/table.js';
import type { ParsedDate } from '../dates/dates.js';
import { walkList } from './list.js';
import { dateAt, dateOrderNoter, readPerson, textAt } from './person.js';
import type { Card, InputProblem } from './records.js';
import type { SheetIngest } from './pupils.js';
import { schoolFromSheetName, schoolFromTitle } from './school.js';

export interface CardContext {
  addCard: (card: Omit<Card, 'index'>) => void;
  addProblem: (problem: InputProblem) => void;
}

function validityDate(parsed: ParsedDate, label: string, warn: (m: string) => void): string | null {
  if (parsed.ok && parsed.swapped) warn(`${label} không đọc được theo thứ tự ngày/tháng của cột: đọc đảo ngày/tháng`);
  if (parsed.ok && parsed.date.precision === 'day') return parsed.date.iso;
  if (!parsed.ok && parsed.problem === 'empty') return null;
  warn(`${label} "${parsed.ok ? parsed.date.iso.slice(0, 4) : parsed.text}" không phải một ngày`);
  return null;
}

export async function ingestCardTable(table: Table, context: CardContext): Promise<SheetIngest> {
  let records = 0;
  const noteDateOrder = dateOrderNoter(table, context.addProblem);
  let tableUnit: string | null | undefined;
  const unitOfTable = (titleRows: Parameters<typeof schoolFromTitle>[0]) => {
    if (tableUnit === undefined) tableUnit = schoolFromTitle(titleRows) ?? schoolFromSheetName(table.sheet);
    return tableUnit;
  };
  const outcome = await walkList(table, 'cards', ({ row, layout, titleRows }) => {
    const columns = layout.columns;
    const where = { file: table.file, sheet: table.sheet, row: row.row };
    noteDateOrder(layout.monthFirst);
    const warn = (message: string) => context.addProblem({ ...where, level: 'warning', message });
    const person = readPerson(row.cells, columns, warn, layout.monthFirst);
    if (!person.fields.bhxh && !(person.fields.name && person.fields.dob)) return;
    records++;
    // Object.assign, not a spread: a spread with more fields gives every record its own hidden class in V8, which slows matching.
    context.addCard(Object.assign(person.fields, {
      source: where,
      cardNumber: person.card?.number ?? null,
      group: person.card?.group ?? null,
      validFrom: validityDate(dateAt(row.cells, columns.validFrom, layout.monthFirst), 'Hạn thẻ từ', warn),
      validTo: validityDate(dateAt(row.cells, columns.validTo, layout.monthFirst), 'Hạn thẻ đến', warn),
      // An export per unit may name the unit only in its title or sheet name.
      unit: textAt(row.cells, columns.school) || unitOfTable(titleRows),
    }));
  });
  return { outcome, records, notStudying: 0 };
}
