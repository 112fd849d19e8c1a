/**
 * `tong-hop.xlsx`: the office's view of a run: coverage per school, the pupils without
 * a card, the pupils to check beside their candidate cards, pupils listed in several
 * places, cards nobody matched, and the problems found in the inputs.
 */
import type { InputProblem } from '../ingest/records.js';
import { formatDateVi } from './format-vi.js';
import type { CandidateView, CardView, Counts, RunResult, StudentLine, UnmatchedCard } from './model.js';
import { addTableSheet, ORDINAL_COLUMN, writeWorkbookFile, type Column, type TableSheet } from './workbook-style.js';

/** One line of the coverage table: a school, or the whole area for the totals. */
type CoverageRow = Counts & { school: string };

/** One candidate card beside the pupil it may belong to. */
export interface ReviewRow {
  student: StudentLine;
  /** A candidate card (with what agrees and differs), or the card the decision rests on. */
  card: CandidateView | CardView | null;
}

/** What agrees or differs with a candidate card, joined for one cell. */
function agreementCell(card: ReviewRow['card'], side: 'agrees' | 'differs'): string | null {
  return card && side in card ? (card as CandidateView)[side].join(', ') || null : null;
}

const vietnamese = new Intl.Collator('vi', { numeric: true });

export async function writeSummaryWorkbook(path: string, result: RunResult): Promise<void> {
  const asOf = formatDateVi(result.summary.asOf);
  await writeWorkbookFile(path, (workbook) => {
    addTableSheet(workbook, coverageTable(result, asOf));
    addTableSheet(workbook, uninsuredTable(result, asOf));
    addTableSheet(workbook, reviewTable(result, asOf));
    addTableSheet(workbook, listedTwiceTable(result, asOf));
    addTableSheet(workbook, unmatchedCardsTable(result.unmatchedCards));
    addTableSheet(workbook, problemsTable(result.summary.problems));
  });
}

const COVERAGE_COLUMNS: Column<CoverageRow>[] = [
  ORDINAL_COLUMN,
  { header: 'Trường', kind: 'text', value: (r) => r.school },
  { header: 'Sĩ số', kind: 'count', value: (r) => r.students },
  { header: 'Có thẻ hợp lệ', kind: 'count', value: (r) => r.insured },
  { header: 'Chưa có thẻ', kind: 'count', value: (r) => r.uninsured },
  { header: 'Cần kiểm tra', kind: 'count', value: (r) => r.review },
  { header: 'Tỷ lệ (%)', kind: 'rate', value: (r) => r.coverage / 100 },
];

/** Lowest rate first: the schools that need a push are the ones read first. */
function coverageTable(result: RunResult, asOf: string): TableSheet<CoverageRow> {
  const schools = [...result.summary.schools].sort(
    (a, b) => a.coverage - b.coverage || vietnamese.compare(a.school, b.school),
  );
  return {
    name: 'Tổng hợp',
    titles: [`Kết quả đối chiếu thẻ BHYT học sinh, tính đến ngày ${asOf}`],
    columns: COVERAGE_COLUMNS,
    rows: schools,
    totals: { ...result.summary.totals, school: 'Toàn địa bàn' },
  };
}

const SCHOOL_COLUMN: Column<{ student: StudentLine }> = {
  header: 'Trường',
  kind: 'text',
  value: (r) => r.student.school,
};

/** Class, name and birth date: how a school finds the pupil. */
const PUPIL_IDENTITY_COLUMNS: Column<{ student: StudentLine }>[] = [
  { header: 'Lớp', kind: 'text', value: (r) => r.student.class },
  { header: 'Họ và tên', kind: 'text', value: (r) => r.student.name },
  { header: 'Ngày sinh', kind: 'date', value: (r) => r.student.dob },
];

/** The pupil as the roster gives them. */
export const PUPIL_COLUMNS: Column<{ student: StudentLine }>[] = [
  ...PUPIL_IDENTITY_COLUMNS,
  { header: 'Mã số BHXH', kind: 'id', value: (r) => r.student.bhxh },
];

export const REASON_COLUMN: Column<{ student: StudentLine }> = {
  header: 'Lý do',
  kind: 'text',
  value: (r) => r.student.reason,
};

/** Where the pupil is in the roster files, so the list can be checked against them. */
const SOURCE_COLUMNS: Column<{ student: StudentLine }>[] = [
  { header: 'Tệp', kind: 'text', value: (r) => r.student.file },
  { header: 'Trang tính', kind: 'text', value: (r) => r.student.sheet },
  { header: 'Dòng', kind: 'number', value: (r) => r.student.row },
];

const CARD_COLUMNS: Column<ReviewRow>[] = [
  { header: 'Thẻ: Họ và tên', kind: 'text', value: (r) => r.card?.name ?? null },
  { header: 'Thẻ: Ngày sinh', kind: 'date', value: (r) => r.card?.dob ?? null },
  { header: 'Thẻ: Mã số BHXH', kind: 'id', value: (r) => r.card?.code ?? null },
  { header: 'Thẻ: Số thẻ', kind: 'id', value: (r) => r.card?.number ?? null },
  { header: 'Thẻ: Hạn từ', kind: 'date', value: (r) => r.card?.from ?? null },
  { header: 'Thẻ: Hạn đến', kind: 'date', value: (r) => r.card?.to ?? null },
  { header: 'Thẻ: Đơn vị', kind: 'text', value: (r) => r.card?.unit ?? null },
];

/** A review pupil beside one candidate card, the school column left to the caller. */
export const REVIEW_COLUMNS: Column<ReviewRow>[] = [
  ...PUPIL_IDENTITY_COLUMNS,
  { header: 'Mã số BHXH (trên danh sách)', kind: 'id', value: (r) => r.student.bhxh },
  ...CARD_COLUMNS,
  { header: 'Giống nhau', kind: 'text', value: (r) => agreementCell(r.card, 'agrees') },
  { header: 'Khác nhau', kind: 'text', value: (r) => agreementCell(r.card, 'differs') },
  REASON_COLUMN,
  ...SOURCE_COLUMNS,
];

export const REVIEW_HINT =
  'Mỗi dòng là một thẻ có thể là của học sinh: đối chiếu họ tên, ngày sinh, mã số BHXH.';

/**
 * One row per candidate card with the pupil repeated on each, so filtering by class or
 * name never loses the pupil. A review pupil without candidates (a duplicate roster
 * row, say) still gets one row, showing the card the decision rests on if any.
 */
export function reviewRows(students: readonly StudentLine[]): ReviewRow[] {
  return students.flatMap((student) => {
    const cards = student.candidates.length > 0 ? student.candidates : [student.card];
    return cards.map((card) => ({ student, card }));
  });
}

/** School, then class (`6A2` before `6A10`), then the roster's own order. */
export function sortedForLists(students: readonly StudentLine[]): StudentLine[] {
  return [...students].sort(
    (a, b) => vietnamese.compare(a.school, b.school) || vietnamese.compare(a.class ?? '', b.class ?? ''),
  );
}

function uninsuredTable(result: RunResult, asOf: string): TableSheet<{ student: StudentLine }> {
  const uninsured = sortedForLists(result.students.filter((s) => s.status === 'uninsured'));
  return {
    name: 'Chưa có thẻ',
    titles: [`Học sinh chưa có thẻ BHYT hợp lệ, tính đến ngày ${asOf}`],
    columns: [ORDINAL_COLUMN, SCHOOL_COLUMN, ...PUPIL_COLUMNS, REASON_COLUMN, ...SOURCE_COLUMNS],
    rows: uninsured.map((student) => ({ student })),
    emptyNote: 'Tất cả học sinh đều có thẻ BHYT hợp lệ.',
  };
}

function reviewTable(result: RunResult, asOf: string): TableSheet<ReviewRow> {
  const review = sortedForLists(result.students.filter((s) => s.status === 'review'));
  return {
    name: 'Cần kiểm tra',
    titles: [`Học sinh cần kiểm tra, tính đến ngày ${asOf}`, REVIEW_HINT],
    columns: [SCHOOL_COLUMN, ...REVIEW_COLUMNS],
    rows: reviewRows(review),
    emptyNote: 'Không có học sinh nào cần kiểm tra.',
  };
}

const STATUS_WORDS: Record<StudentLine['status'], string> = { insured: 'Có thẻ hợp lệ', uninsured: 'Chưa có thẻ', review: 'Cần kiểm tra' };

/** Pupils flagged `duplicate`, the rows of one child next to each other: for the schools to say where the child studies now. */
function listedTwiceTable(result: RunResult, asOf: string): TableSheet<{ student: StudentLine }> {
  const listed = result.students
    .filter((s) => s.flags.includes('duplicate'))
    .sort((a, b) => vietnamese.compare(a.name, b.name) || (a.dob ?? '').localeCompare(b.dob ?? '') || vietnamese.compare(a.school, b.school));
  return {
    name: 'Có tên nhiều nơi',
    titles: [`Học sinh có tên trong danh sách của nhiều trường (chuyển trường?), tính đến ngày ${asOf}`, 'Các dòng của cùng một em nằm liền nhau: xác nhận em đang học ở trường nào.'],
    columns: [ORDINAL_COLUMN, SCHOOL_COLUMN, ...PUPIL_COLUMNS, { header: 'Kết quả', kind: 'text', value: (r) => STATUS_WORDS[r.student.status] }, REASON_COLUMN, ...SOURCE_COLUMNS],
    rows: listed.map((student) => ({ student })),
    emptyNote: 'Không có học sinh nào có tên ở nhiều nơi.',
  };
}

const UNMATCHED_CARD_COLUMNS: Column<UnmatchedCard>[] = [
  { header: 'Họ và tên', kind: 'text', value: (c) => c.name },
  { header: 'Ngày sinh', kind: 'date', value: (c) => c.dob },
  { header: 'Mã số BHXH', kind: 'id', value: (c) => c.code },
  { header: 'Số thẻ', kind: 'id', value: (c) => c.number },
  { header: 'Hạn từ', kind: 'date', value: (c) => c.from },
  { header: 'Hạn đến', kind: 'date', value: (c) => c.to },
  { header: 'Đơn vị', kind: 'text', value: (c) => c.unit },
  { header: 'Tệp', kind: 'text', value: (c) => c.file },
  { header: 'Trang tính', kind: 'text', value: (c) => c.sheet },
  { header: 'Dòng', kind: 'number', value: (c) => c.row },
];

function unmatchedCardsTable(cards: UnmatchedCard[]): TableSheet<UnmatchedCard> {
  return {
    name: 'Thẻ không khớp',
    titles: ['Thẻ BHYT không khớp với học sinh nào trong danh sách'],
    columns: UNMATCHED_CARD_COLUMNS,
    rows: cards,
    emptyNote: 'Thẻ nào cũng khớp với một học sinh.',
  };
}

const PROBLEM_COLUMNS: Column<InputProblem>[] = [
  { header: 'Mức', kind: 'text', value: (p) => (p.level === 'error' ? 'Lỗi' : 'Cảnh báo') },
  { header: 'Tệp', kind: 'text', value: (p) => p.file },
  { header: 'Trang tính', kind: 'text', value: (p) => p.sheet },
  { header: 'Dòng', kind: 'number', value: (p) => p.row },
  { header: 'Nội dung', kind: 'text', value: (p) => p.message },
];

function problemsTable(problems: InputProblem[]): TableSheet<InputProblem> {
  return {
    name: 'Lỗi dữ liệu',
    titles: ['Lỗi và cảnh báo khi đọc dữ liệu'],
    columns: PROBLEM_COLUMNS,
    rows: problems,
    emptyNote: 'Không có lỗi hay cảnh báo nào.',
  };
}
