/**
 * End to end through the CLI entry: `run(argv, output)` in-process on the fixtures of
 * `fixtures/` (made by scripts/make-fixtures.mjs), asserting what a user sees: the exit
 * code, the files of the output folder and the terminal text, against
 * `fixtures/expected.json`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/terminal.js';
import type { StudentLine, Summary } from '../../src/render/model.js';

// ---------------------------------------------------------------------------
// expected.json

interface ExpectedStudent {
  file: string;
  sheet: string | null;
  row: number;
  school: string;
  class: string;
  name: string;
  dob: string;
  gender: 'M' | 'F';
  bhxh: string | null;
  status: StudentLine['status'];
  method?: string;
  card?: string | null;
  candidates?: string[];
  reasonIncludes: string[];
}

interface ExpectedCounts {
  students: number;
  insured: number;
  uninsured: number;
  review: number;
  coverage: number;
}

interface Expected {
  asOf: string;
  sheets: { file: string; sheet: string | null; shows: string }[];
  students: ExpectedStudent[];
  schools: (ExpectedCounts & { school: string })[];
  totals: ExpectedCounts & { schools: number; cards: number; unmatchedCards: number };
  warnings: { file: string; sheet: string | null; row: number; includes: string }[];
  bad: { exitCode: number; errors: { file: string; sheet: string | null }[]; students: ExpectedStudent[] };
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);
const expected: Expected = JSON.parse(fs.readFileSync(fixture('expected.json'), 'utf8'));
const CARD_FILES = [fixture('cards', 'the-bhyt.xlsx'), fixture('cards', 'the-bhyt.csv')];

const keyOf = (s: { file: string; sheet: string | null; row: number }) => `${s.file}|${s.sheet ?? ''}|${s.row}`;

// ---------------------------------------------------------------------------
// Running the CLI.

interface Captured extends Output {
  stdout: string[];
  stderr: string[];
}

/** What a non-terminal sees: no colour, no progress lines. */
function captureOutput(): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), isTerminal: false, env: {} };
}

interface RunResult {
  code: number;
  folder: string;
  stdout: string;
  stderr: string;
}

const temporaryFolders: string[] = [];

function temporaryFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bhyt-'));
  temporaryFolders.push(folder);
  return folder;
}

async function runCli(args: string[]): Promise<RunResult> {
  const folder = path.join(temporaryFolder(), 'out');
  const output = captureOutput();
  const code = await run([...args, '--out', folder], output);
  return { code, folder, stdout: output.stdout.join('\n'), stderr: output.stderr.join('\n') };
}

function reconcileArgs(rosters: string, asOf = expected.asOf): string[] {
  return ['reconcile', rosters, ...CARD_FILES, '--as-of', asOf];
}

function readStudents(folder: string): StudentLine[] {
  return fs
    .readFileSync(path.join(folder, 'students.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

function readSummary(folder: string): Summary {
  return JSON.parse(fs.readFileSync(path.join(folder, 'summary.json'), 'utf8'));
}

afterAll(() => {
  for (const folder of temporaryFolders) fs.rmSync(folder, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// Comparing what a user sees.

/** The fields of a students.ndjson line that expected.json states, in its terms. */
function seen(actual: StudentLine, wanted: ExpectedStudent) {
  const reason = actual.reason.toLocaleLowerCase('vi');
  return {
    key: keyOf(actual),
    school: actual.school,
    class: actual.class,
    name: actual.name,
    dob: actual.dob,
    gender: actual.gender,
    bhxh: actual.bhxh,
    status: actual.status,
    ...(wanted.method === undefined ? {} : { method: actual.method }),
    ...(wanted.card === undefined ? {} : { card: actual.card?.number ?? null }),
    ...(wanted.candidates === undefined ? {} : { candidates: actual.candidates.map((c) => c.number).sort() }),
    reasonLacks: wanted.reasonIncludes.filter((part) => !reason.includes(part.toLocaleLowerCase('vi'))),
  };
}

function wantedView(wanted: ExpectedStudent) {
  return {
    key: keyOf(wanted),
    school: wanted.school,
    class: wanted.class,
    name: wanted.name,
    dob: wanted.dob,
    gender: wanted.gender,
    bhxh: wanted.bhxh,
    status: wanted.status,
    ...(wanted.method === undefined ? {} : { method: wanted.method }),
    ...(wanted.card === undefined ? {} : { card: wanted.card }),
    ...(wanted.candidates === undefined ? {} : { candidates: [...wanted.candidates].sort() }),
    reasonLacks: [],
  };
}

function expectStudents(actual: StudentLine[], wanted: ExpectedStudent[]): void {
  const byKey = new Map(actual.map((line) => [keyOf(line), line]));
  const missing = wanted.filter((w) => !byKey.has(keyOf(w))).map(keyOf);
  expect(missing, 'pupils missing from students.ndjson').toEqual([]);
  expect(wanted.map((w) => seen(byKey.get(keyOf(w))!, w))).toEqual(wanted.map(wantedView));
}

const percentVi = (coverage: number) => (coverage === 100 ? '100%' : `${coverage.toFixed(2).replace('.', ',')}%`);

const countsOf = (c: ExpectedCounts) => ({
  students: c.students,
  insured: c.insured,
  uninsured: c.uninsured,
  review: c.review,
  coverage: c.coverage,
});

// ---------------------------------------------------------------------------
// Workbooks read back.

type Row = Record<string, ExcelJS.CellValue>;

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** The table under the row holding `headerLabel`: one object per row, keyed by header. */
function tableRows(worksheet: ExcelJS.Worksheet, headerLabel: string): Row[] {
  let headers: string[] | null = null;
  const rows: Row[] = [];
  worksheet.eachRow((row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    if (!headers) {
      if (values.includes(headerLabel)) headers = values.map((v) => String(v ?? ''));
      return;
    }
    rows.push(Object.fromEntries(headers.map((header, i) => [header, values[i] ?? null])));
  });
  if (!headers) throw new Error(`no header "${headerLabel}" in sheet ${worksheet.name}`);
  return rows;
}

function sortedNames(lines: { name: string }[]): string[] {
  return lines.map((line) => line.name).sort();
}

// ---------------------------------------------------------------------------
// Input files must never be touched.

function hashTree(folder: string, hashes: Record<string, string> = {}): Record<string, string> {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) hashTree(full, hashes);
    else hashes[path.relative(FIXTURES, full)] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return hashes;
}

const fixtureHashesBefore = hashTree(FIXTURES);

// ---------------------------------------------------------------------------

describe('bhyt reconcile fixtures/rosters with both card exports', () => {
  let result: RunResult;
  let students: StudentLine[];
  let summary: Summary;

  beforeAll(async () => {
    result = await runCli(reconcileArgs(fixture('rosters')));
    students = readStudents(result.folder);
    summary = readSummary(result.folder);
  });

  it('writes the output folder', () => {
    for (const file of ['summary.json', 'students.ndjson', 'tong-hop.xlsx', 'truong']) {
      expect(fs.existsSync(path.join(result.folder, file)), file).toBe(true);
    }
  });

  it('exits 0: the "Huong dan" notes and "Tong hop" summary sheets are not lists, so nothing is unreadable', () => {
    expect(summary.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('skips the notes sheet without calling it an error', () => {
    const sheets = summary.inputs.find((input) => input.file === '01_TH_An_Lac.xlsx')!.sheets;
    expect(sheets.find((s) => s.sheet === 'Huong dan')).toMatchObject({ records: 0 });
    expect(summary.problems.filter((p) => p.sheet === 'Huong dan' && p.level === 'error')).toEqual([]);
  });

  it('lists exactly the expected pupils: no title, header, column-number, section, footer, signer, notes-sheet or "Đã chuyển đi"/"Thôi học" rows', () => {
    expect(students.map(keyOf).sort()).toEqual(expected.students.map(keyOf).sort());
  });

  it('keeps input order: files in name order, sheets and rows as in each file', () => {
    expect(students.map(keyOf)).toEqual(expected.students.map(keyOf));
  });

  describe.each(expected.sheets)('$file $sheet', ({ file, sheet, shows }) => {
    it(`every pupil as expected.json says: ${shows}`, () => {
      expectStudents(
        students,
        expected.students.filter((s) => s.file === file && s.sheet === sheet),
      );
    });
  });

  it('writes every name in Unicode NFC with single spaces, legacy fonts converted', () => {
    for (const line of students) {
      expect(line.name, keyOf(line)).toBe(line.name.normalize('NFC'));
      expect(line.name, keyOf(line)).toMatch(/^\S+( \S+)+$/u);
      expect(line.name, keyOf(line)).not.toMatch(/[\u00a0-\u00bf\u00d0\u00f0§¨©ª«¬®µ¶·¸¹»¼½¾]/u);
    }
  });

  it.each([
    ['a valid card', 'còn hạn đến'],
    ['a card that expired last year', 'hết hạn ngày 31/12/2025'],
    ['a card paid but not yet in force', 'có giá trị từ 01/12/2026'],
    ['a first-grader whose TE card ended on 30/9', 'hết hạn ngày 30/09/2026'],
    ['no card', 'Không tìm thấy thẻ'],
    ["a sibling's code on the roster", 'mã số BHXH trên danh sách là của'],
    ['two cards with the same name and birth date', 'ngày sinh'],
  ])('says why in Vietnamese: %s → "%s"', (_, phrase) => {
    const wanted = expected.students.filter((s) => s.reasonIncludes.some((part) => part.includes(phrase)));
    expect(wanted.length).toBeGreaterThan(0);
    const byKey = new Map(students.map((line) => [keyOf(line), line]));
    for (const w of wanted) expect(byKey.get(keyOf(w))?.reason.toLocaleLowerCase('vi'), keyOf(w)).toContain(phrase.toLocaleLowerCase('vi'));
  });

  it('names the TE card in the reason of a first-grader whose TE card ended', () => {
    const wanted = expected.students.filter((s) => s.reasonIncludes.includes('TE'));
    expect(wanted.length).toBeGreaterThan(0);
    const byKey = new Map(students.map((line) => [keyOf(line), line]));
    for (const w of wanted) expect(byKey.get(keyOf(w))?.reason, keyOf(w)).toMatch(/\bTE\b/);
  });

  it('warns about the personal ID Excel turned into 7.92209E+10, naming file and row', () => {
    for (const warning of expected.warnings) {
      expect(summary.problems).toContainEqual(
        expect.objectContaining({ file: warning.file, sheet: warning.sheet, row: warning.row, level: 'warning', message: expect.stringContaining(warning.includes) }),
      );
    }
  });

  it('names schools from their titles in full, and the file-name school with the diacritics of its card unit', () => {
    expect(summary.schools.map((s) => s.school).sort()).toEqual(expected.schools.map((s) => s.school).sort());
    expect(summary.schools.map((s) => s.school)).toContain('Trường Trung học cơ sở Hòa Lạc');
  });

  describe.each(expected.schools)('summary.json: $school', (school) => {
    it('counts pupils, insured, uninsured, review and the rate as expected.json', () => {
      const actual = summary.schools.find((s) => s.school === school.school);
      expect(actual && countsOf(actual)).toEqual(countsOf(school));
    });
  });

  it('summary.json totals equal expected.json', () => {
    expect(summary.totals).toEqual(expected.totals);
  });

  it('reads all cards of both exports', () => {
    expect(summary.totals.cards).toBe(expected.totals.cards);
    expect(summary.inputs.filter((input) => input.role === 'cards').map((input) => input.file)).toEqual(['the-bhyt.xlsx', 'the-bhyt.csv']);
  });

  it('summary.json agrees with students.ndjson', () => {
    for (const school of summary.schools) {
      const own = students.filter((s) => s.school === school.school);
      expect(school.students, school.school).toBe(own.length);
      for (const status of ['insured', 'uninsured', 'review'] as const) {
        expect(school[status], `${school.school} ${status}`).toBe(own.filter((s) => s.status === status).length);
      }
    }
    expect(summary.totals.students).toBe(students.length);
  });

  it('tong-hop.xlsx has the office sheets, and their rows agree with summary.json and students.ndjson', async () => {
    const workbook = await readWorkbook(path.join(result.folder, 'tong-hop.xlsx'));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Chưa có thẻ', 'Cần kiểm tra', 'Có tên nhiều nơi', 'Thẻ không khớp', 'Lỗi dữ liệu']);

    const coverage = tableRows(workbook.getWorksheet('Tổng hợp')!, 'Trường');
    for (const school of summary.schools) {
      expect(coverage.find((row) => row['Trường'] === school.school), school.school).toMatchObject({
        'Sĩ số': school.students,
        'Có thẻ hợp lệ': school.insured,
        'Chưa có thẻ': school.uninsured,
        'Cần kiểm tra': school.review,
      });
    }
    expect(coverage.find((row) => row['Trường'] === 'Toàn địa bàn')).toMatchObject({ 'Sĩ số': summary.totals.students, 'Có thẻ hợp lệ': summary.totals.insured });

    const uninsured = tableRows(workbook.getWorksheet('Chưa có thẻ')!, 'Họ và tên');
    expect(uninsured.map((row) => String(row['Họ và tên'])).sort()).toEqual(sortedNames(students.filter((s) => s.status === 'uninsured')));

    const review = tableRows(workbook.getWorksheet('Cần kiểm tra')!, 'Họ và tên');
    const reviewPupils = students.filter((s) => s.status === 'review');
    expect(new Set(review.map((row) => String(row['Họ và tên'])))).toEqual(new Set(reviewPupils.map((s) => s.name)));
    expect(review.length).toBe(reviewPupils.reduce((n, s) => n + Math.max(1, s.candidates.length), 0));

    const listedTwice = tableRows(workbook.getWorksheet('Có tên nhiều nơi')!, 'Họ và tên').filter((row) => typeof row['STT'] === 'number');
    expect(listedTwice.map((row) => String(row['Họ và tên'])).sort()).toEqual(sortedNames(students.filter((s) => s.flags.includes('duplicate'))));

    const unmatched = tableRows(workbook.getWorksheet('Thẻ không khớp')!, 'Số thẻ');
    expect(unmatched.length).toBe(summary.totals.unmatchedCards);

    const problems = tableRows(workbook.getWorksheet('Lỗi dữ liệu')!, 'Nội dung');
    expect(problems.length).toBe(summary.problems.length);
  });

  it('writes one workbook per school in truong/, listing the school\'s pupils without a valid card and those to check', async () => {
    const files = fs.readdirSync(path.join(result.folder, 'truong'));
    expect(files).toHaveLength(summary.schools.length);
    const schoolsSeen: string[] = [];
    for (const file of files) {
      expect(file).toMatch(/^[A-Za-z0-9_.-]+\.xlsx$/);
      const workbook = await readWorkbook(path.join(result.folder, 'truong', file));
      const list = workbook.getWorksheet('Chưa có thẻ')!;
      const school = String(list.getCell('A1').value);
      schoolsSeen.push(school);
      const own = students.filter((s) => s.school === school);
      const listed = tableRows(list, 'Họ và tên').filter((row) => typeof row['STT'] === 'number');
      expect(listed.map((row) => String(row['Họ và tên'])).sort(), file).toEqual(sortedNames(own.filter((s) => s.status === 'uninsured')));
      const toCheck = own.filter((s) => s.status === 'review');
      expect(Boolean(workbook.getWorksheet('Cần kiểm tra')), `${file} has a "Cần kiểm tra" sheet`).toBe(toCheck.length > 0);
    }
    expect(schoolsSeen.sort()).toEqual(summary.schools.map((s) => s.school).sort());
  });

  it('prints a plain table without ANSI codes, in Vietnamese number format', () => {
    const everything = `${result.stdout}\n${result.stderr}`;
    expect(everything).not.toMatch(/\u001b\[/);
    expect(result.stdout).toContain('15/11/2026');
    for (const school of summary.schools) expect(result.stdout).toContain(percentVi(school.coverage));
    expect(result.stdout).toContain(percentVi(summary.totals.coverage));
    expect(result.stdout).not.toMatch(/\d\.\d\d%/);
  });

  it('--json prints parseable JSON equal to summary.json, and nothing else on stdout', async () => {
    const json = await runCli([...reconcileArgs(fixture('rosters')), '--json']);
    const printed = JSON.parse(json.stdout);
    expect(printed).toEqual(readSummary(json.folder));
    expect({ ...printed, createdAt: null }).toEqual({ ...summary, createdAt: null });
  });

  it('--as-of 15/11/2026 gives the same result as --as-of 2026-11-15', async () => {
    const dayFirst = await runCli(reconcileArgs(fixture('rosters'), '15/11/2026'));
    expect(dayFirst.code).toBe(result.code);
    expect(readStudents(dayFirst.folder)).toEqual(students);
    expect({ ...readSummary(dayFirst.folder), createdAt: null }).toEqual({ ...summary, createdAt: null });
  });
});

describe('bhyt reconcile: a card holder named like a footer', () => {
  it('reads every card after a holder named "Tống Công …"', async () => {
    const exportFile = path.join(temporaryFolder(), 'the-bhyt.csv');
    const [header, ...rows] = fs.readFileSync(CARD_FILES[1], 'utf8').split('\r\n');
    const footerLike = '7900000001;Tống Công Minh;01/02/2013;1;HS4797900000001;01/01/2026;31/12/2026;THCS Hòa Lạc';
    fs.writeFileSync(exportFile, [header, footerLike, ...rows].join('\r\n'));
    const result = await runCli(['reconcile', fixture('rosters'), CARD_FILES[0], exportFile, '--as-of', expected.asOf]);
    expect(readSummary(result.folder).totals.cards).toBe(expected.totals.cards + 1);
  });
});

describe('bhyt reconcile fixtures/bad: unreadable inputs are named, the rest still counts', () => {
  let result: RunResult;
  let summary: Summary;

  beforeAll(async () => {
    result = await runCli(reconcileArgs(fixture('bad')));
    summary = readSummary(result.folder);
  });

  it('exits 3', () => {
    expect(result.code).toBe(expected.bad.exitCode);
  });

  it.each(expected.bad.errors)('names $file $sheet in stderr and in summary.json problems', ({ file, sheet }) => {
    expect(result.stderr).toContain(file);
    if (sheet) expect(result.stderr).toContain(sheet);
    expect(summary.problems).toContainEqual(expect.objectContaining({ file, sheet, level: 'error' }));
  });

  it("still lists the good file's pupils as expected", () => {
    expectStudents(readStudents(result.folder), expected.bad.students);
  });
});

describe('bhyt reconcile: runs that give no result', () => {
  it('exits 2 when the rosters folder holds only a corrupt workbook, naming it', async () => {
    const rosters = temporaryFolder();
    fs.copyFileSync(fixture('bad', '01_hong.xlsx'), path.join(rosters, '01_hong.xlsx'));
    const result = await runCli(reconcileArgs(rosters));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('01_hong.xlsx');
    expect(fs.existsSync(path.join(result.folder, 'summary.json'))).toBe(false);
  });

  it('says in Vietnamese what is wrong with workbooks that are empty, cut short or not workbooks at all', async () => {
    const rosters = temporaryFolder();
    fs.writeFileSync(path.join(rosters, '01_rong.xlsx'), '');
    fs.writeFileSync(path.join(rosters, '02_van_ban.xlsx'), 'STT;Họ và tên\n1;Nguyễn Văn An\n');
    fs.writeFileSync(path.join(rosters, '03_cat_cut.xlsx'), fs.readFileSync(fixture('bad', '03_TH_An_Lac_lop_1A.xlsx')).subarray(0, 2000));
    const result = await runCli(reconcileArgs(rosters));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('01_rong.xlsx: tệp rỗng');
    expect(result.stderr).toContain('02_van_ban.xlsx: tệp không phải bảng tính Excel');
    expect(result.stderr).toContain('03_cat_cut.xlsx: tệp bị cắt cụt');
    expect(result.stderr).not.toMatch(/zip|archive/i);
  });

  it('reads a workbook by what it holds, not by its name: an .xls saved as .xlsx and an .xlsx saved as .xls', async () => {
    const rosters = temporaryFolder();
    fs.copyFileSync(fixture('xls', '01_TH_An_Lac.xls'), path.join(rosters, '01_TH_An_Lac.xlsx'));
    fs.copyFileSync(fixture('bad', '03_TH_An_Lac_lop_1A.xlsx'), path.join(rosters, '03_TH_An_Lac_lop_1A.xls'));
    const result = await runCli(reconcileArgs(rosters));
    expect(result.stderr).not.toContain('Không đọc được');
    const students = readStudents(result.folder);
    expect(students.some((s) => s.file === '01_TH_An_Lac.xlsx')).toBe(true);
    expect(students.some((s) => s.file === '03_TH_An_Lac_lop_1A.xls')).toBe(true);
  });

  it('names formulas saved without their value as the reason a roster reads empty', async () => {
    const rosters = temporaryFolder();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Lop 1A');
    sheet.addRow(['STT', 'Họ', 'Tên', 'Họ và tên', 'Ngày sinh']);
    sheet.addRow([1, 'Nguyễn Văn', 'An', { formula: 'B2&" "&C2' }, '01/02/2018']);
    sheet.addRow([2, 'Trần Thị', 'Bình', { formula: 'B3&" "&C3' }, '03/04/2018']);
    await workbook.xlsx.writeFile(path.join(rosters, '01_TH_An_Lac.xlsx'));
    const result = await runCli(reconcileArgs(rosters));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('01_TH_An_Lac.xlsx: tệp không có dòng học sinh nào đọc được (2 ô có công thức chưa được tính (ô đầu tiên: D2)');
  });

  it('exits 1 with a message for an unknown option', async () => {
    const result = await runCli([...reconcileArgs(fixture('rosters')), '--frobnicate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--frobnicate');
  });

  it('exits 1 with a message for a date --as-of cannot read', async () => {
    const result = await runCli(reconcileArgs(fixture('rosters'), '31/13/2026'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('31/13/2026');
    expect(result.stderr).toContain('--as-of');
  });
});

describe('inputs', () => {
  it('are unchanged after every run above', () => {
    expect(hashTree(FIXTURES)).toEqual(fixtureHashesBefore);
  });
});
