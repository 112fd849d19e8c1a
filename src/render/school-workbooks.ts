/**
 * One workbook per school, ready to send: the pupils still without a valid card, with a
 * column for the school's notes, and the pupils to check beside their candidate cards.
 */
import path from 'node:path';
import { asciiFileName, formatCount, formatDateVi, formatPercent } from './format-vi.js';
import type { RunResult, SchoolSummary, StudentLine } from './model.js';
import {
  PUPIL_COLUMNS,
  REASON_COLUMN,
  REVIEW_COLUMNS,
  REVIEW_HINT,
  reviewRows,
  sortedForLists,
  type ReviewRow,
} from './summary-workbook.js';
import { addTableSheet, ORDINAL_COLUMN, writeWorkbookFile, type Column, type TableSheet } from './workbook-style.js';

/** Writes every school's workbook into `folder`; returns the file names, in school order. */
export async function writeSchoolWorkbooks(folder: string, result: RunResult): Promise<string[]> {
  const studentsBySchool = groupBySchool(result.students);
  const fileNames = uniqueFileNames(result.summary.schools.map((s) => asciiFileName(s.school)));
  const asOf = formatDateVi(result.summary.asOf);
  for (const [index, school] of result.summary.schools.entries()) {
    const students = sortedForLists(studentsBySchool.get(school.school) ?? []);
    await writeWorkbookFile(path.join(folder, fileNames[index]), (workbook) => {
      addTableSheet(workbook, uninsuredTable(school, students, asOf));
      const review = students.filter((s) => s.status === 'review');
      if (review.length > 0) addTableSheet(workbook, reviewTable(school, review, asOf));
    });
  }
  return fileNames;
}

function groupBySchool(students: readonly StudentLine[]): Map<string, StudentLine[]> {
  const bySchool = new Map<string, StudentLine[]>();
  for (const student of students) {
    const list = bySchool.get(student.school);
    if (list) list.push(student);
    else bySchool.set(student.school, [student]);
  }
  return bySchool;
}

/**
 * `<name>.xlsx`, with `-2`, `-3` added when two schools come out the same. Compared
 * without case because Windows file names are case-insensitive.
 */
function uniqueFileNames(baseNames: readonly string[]): string[] {
  const taken = new Set<string>();
  return baseNames.map((base) => {
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    return `${name}.xlsx`;
  });
}

const UNINSURED_COLUMNS: Column<{ student: StudentLine }>[] = [
  ORDINAL_COLUMN,
  ...PUPIL_COLUMNS,
  REASON_COLUMN,
  { header: 'Ghi chú', kind: 'text', value: () => null, width: 30 },
];

function uninsuredTable(
  school: SchoolSummary,
  students: readonly StudentLine[],
  asOf: string,
): TableSheet<{ student: StudentLine }> {
  return {
    name: 'Chưa có thẻ',
    titles: [
      school.school,
      `Danh sách học sinh chưa có thẻ BHYT hợp lệ tính đến ngày ${asOf}`,
      countsLine(school),
    ],
    columns: UNINSURED_COLUMNS,
    rows: students.filter((s) => s.status === 'uninsured').map((student) => ({ student })),
    emptyNote: 'Không có học sinh nào chưa có thẻ BHYT hợp lệ.',
  };
}

function countsLine(school: SchoolSummary): string {
  return [
    `Sĩ số: ${formatCount(school.students)}`,
    `Có thẻ: ${formatCount(school.insured)} (${formatPercent(school.coverage)})`,
    `Chưa có thẻ: ${formatCount(school.uninsured)}`,
    `Cần kiểm tra: ${formatCount(school.review)}`,
  ].join(' — ');
}

function reviewTable(school: SchoolSummary, review: readonly StudentLine[], asOf: string): TableSheet<ReviewRow> {
  return {
    name: 'Cần kiểm tra',
    titles: [school.school, `Học sinh cần kiểm tra thẻ BHYT, tính đến ngày ${asOf}`, REVIEW_HINT],
    columns: REVIEW_COLUMNS,
    rows: reviewRows(review),
  };
}
