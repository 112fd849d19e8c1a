import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardView, RunResult, SchoolSummary, StudentLine } from '../../src/render/model.js';
import { writeSchoolWorkbooks } from '../../src/render/school-workbooks.js';
import { writeSummaryWorkbook } from '../../src/render/summary-workbook.js';

const AN_LAC = 'Trường Tiểu học An Lạc';
const DONG_HUNG = 'Trường THCS Đông Hưng';
const BINH_MINH = 'Trường TH Bình Minh';
/** Same file name as AN_LAC once the marks are gone. */
const AN_LAC_UNMARKED = 'Truong Tieu hoc An Lac';

function student(fields: Partial<StudentLine> & Pick<StudentLine, 'school' | 'name' | 'status'>): StudentLine {
  return {
    file: 'rosters/an-lac.xlsx',
    sheet: 'DS',
    row: 5,
    class: '1A',
    commune: null,
    dob: '2019-05-20',
    gender: null,
    bhxh: null,
    method: fields.status === 'uninsured' ? 'none' : 'bhxh',
    card: null,
    reason: fields.status === 'insured' ? 'Thẻ còn hạn.' : 'Không tìm thấy thẻ.',
    flags: [],
    candidates: [],
    ...fields,
  };
}

function card(fields: Partial<CardView>): CardView {
  return {
    number: null,
    code: null,
    from: '2026-01-01',
    to: '2026-12-31',
    name: 'Nguyễn Văn An',
    dob: '2019-05-20',
    unit: 'TH An Lạc',
    ...fields,
  };
}

function school(name: string, students: StudentLine[]): SchoolSummary {
  const count = (status: StudentLine['status']) => students.filter((s) => s.status === status).length;
  const insured = count('insured');
  return {
    school: name,
    students: students.length,
    insured,
    uninsured: count('uninsured'),
    review: count('review'),
    coverage: Math.round((insured / students.length) * 10000) / 100,
  };
}

const students: StudentLine[] = [
  student({ school: AN_LAC, name: 'Nguyễn Văn An', status: 'insured', row: 5, flags: ['duplicate'], reason: 'Khớp họ tên và ngày sinh; có tên cả ở Trường TH Bình Minh (chuyển trường?)' }),
  student({ school: AN_LAC, name: 'Lê Thị Bình', status: 'insured', row: 6 }),
  student({
    school: AN_LAC,
    name: 'Trần Văn Cường',
    status: 'uninsured',
    row: 7,
    dob: '2015',
    bhxh: '0123456789',
  }),
  student({
    school: AN_LAC,
    name: 'Phạm Thị Dung',
    status: 'review',
    row: 8,
    bhxh: '7912345678',
    reason: 'Hai thẻ cùng họ tên và ngày sinh.',
    candidates: [
      { ...card({ name: 'Phạm Thị Dung', code: '7900000001', number: 'HS4797900000001' }), agrees: ['họ tên', 'ngày sinh'], differs: [] },
      { ...card({ name: 'Phạm Thị Dung', code: '0100000002', number: 'TE1010100000002', to: '2025-09-30' }), agrees: ['họ tên', 'ngày sinh'], differs: ['thẻ thuộc trường khác'] },
    ],
  }),
  student({
    school: DONG_HUNG,
    file: 'rosters/dong-hung.xlsx',
    name: 'Nguyễn Thị Ngọc Ánh',
    status: 'uninsured',
    class: '6A10',
    row: 12,
    dob: '2013-03-07',
  }),
  student({
    school: DONG_HUNG,
    file: 'rosters/dong-hung.xlsx',
    name: 'Đỗ Văn Hải',
    status: 'uninsured',
    class: '6A2',
    row: 20,
    dob: '2013-11-30',
  }),
  student({ school: DONG_HUNG, file: 'rosters/dong-hung.xlsx', name: 'Vũ Minh Khoa', status: 'insured', class: '6A1' }),
  student({ school: BINH_MINH, file: 'rosters/binh-minh.xlsx', name: 'Hoàng Gia Bảo', status: 'insured' }),
  student({ school: BINH_MINH, file: 'rosters/binh-minh.xlsx', name: 'Hoàng Gia Huy', status: 'insured' }),
  student({ school: AN_LAC_UNMARKED, file: 'rosters/khac.xlsx', name: 'Mai Anh Tú', status: 'uninsured', flags: ['duplicate'] }),
];

const schools = [AN_LAC, DONG_HUNG, BINH_MINH, AN_LAC_UNMARKED].map((name) =>
  school(
    name,
    students.filter((s) => s.school === name),
  ),
);

const result: RunResult = {
  summary: {
    tool: 'bhyt',
    version: '0.1.0',
    rosters: '/data/rosters',
    asOf: '2026-11-15',
    createdAt: '2026-11-15T08:00:00.000Z',
    inputs: [],
    totals: { ...school('all', students), schools: schools.length, cards: 9, unmatchedCards: 1 },
    schools,
    problems: [
      { file: 'cards/the.xlsx', sheet: 'Sheet1', row: 14, level: 'warning', message: 'Ngày sinh không hợp lệ: 31/02/2015.' },
    ],
  },
  students,
  unmatchedCards: [
    {
      ...card({ name: 'Lý Văn Tâm', code: '0987654321', number: 'HS4010987654321', dob: '2014-02-01' }),
      file: 'cards/the.xlsx',
      sheet: 'Sheet1',
      row: 30,
    },
  ],
};

/** Cell values of a sheet's rows, column A first, empty cells as null. */
function rowsOf(worksheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  for (let r = 1; r <= worksheet.rowCount; r++) {
    const row = worksheet.getRow(r);
    const values: ExcelJS.CellValue[] = [];
    for (let c = 1; c <= worksheet.columnCount; c++) values.push(row.getCell(c).value ?? null);
    rows.push(values);
  }
  return rows;
}

/** The table under its header: the row whose first cell is `firstHeader`. */
function tableOf(worksheet: ExcelJS.Worksheet, firstHeader: string) {
  const rows = rowsOf(worksheet);
  const headerIndex = rows.findIndex((row) => row[0] === firstHeader);
  expect(headerIndex).toBeGreaterThanOrEqual(0);
  const header = rows[headerIndex].filter((value) => value !== null);
  const body = rows.slice(headerIndex + 1).map((row) => row.slice(0, header.length));
  const column = (name: string) => body.map((row) => row[header.indexOf(name)]);
  return { headerRow: headerIndex + 1, header, body, column };
}

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const worksheet = workbook.getWorksheet(name);
  if (!worksheet) throw new Error(`no sheet ${name}`);
  return worksheet;
}

describe('summary workbook', () => {
  let dir: string;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhyt-'));
    await writeSummaryWorkbook(path.join(dir, 'tong-hop.xlsx'), result);
    workbook = await readWorkbook(path.join(dir, 'tong-hop.xlsx'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has the six sheets, in order, and leaves no temporary file', () => {
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual([
      'Tổng hợp',
      'Chưa có thẻ',
      'Cần kiểm tra',
      'Có tên nhiều nơi',
      'Thẻ không khớp',
      'Lỗi dữ liệu',
    ]);
    expect(fs.readdirSync(dir)).toEqual(['tong-hop.xlsx']);
  });

  it('lists coverage per school, lowest rate first, with the area totals in bold', () => {
    const ws = sheet(workbook, 'Tổng hợp');
    expect(ws.getCell('A1').value).toBe('Kết quả đối chiếu thẻ BHYT học sinh, tính đến ngày 15/11/2026');
    const table = tableOf(ws, 'STT');
    expect(table.header).toEqual(['STT', 'Trường', 'Sĩ số', 'Có thẻ hợp lệ', 'Chưa có thẻ', 'Cần kiểm tra', 'Tỷ lệ (%)']);
    expect(table.column('Trường')).toEqual([AN_LAC_UNMARKED, DONG_HUNG, AN_LAC, BINH_MINH, 'Toàn địa bàn']);
    expect(table.column('STT')).toEqual([1, 2, 3, 4, null]);
    expect(table.column('Sĩ số')).toEqual([1, 3, 4, 2, 10]);
    expect(table.column('Có thẻ hợp lệ').at(-1)).toBe(5);
    expect(table.column('Tỷ lệ (%)')).toEqual([0, 0.3333, 0.5, 1, 0.5]);

    const rateCell = ws.getCell(table.headerRow + 2, 7);
    expect(rateCell.numFmt).toBe('0.00%');
    const totalsRow = ws.getRow(table.headerRow + 5);
    expect(totalsRow.getCell(2).font?.bold).toBe(true);
    expect(totalsRow.getCell(3).font?.bold).toBe(true);
  });

  it('lists uninsured pupils by school and class, with IDs as text and real dates', () => {
    const table = tableOf(sheet(workbook, 'Chưa có thẻ'), 'STT');
    expect(table.header).toEqual([
      'STT', 'Trường', 'Lớp', 'Họ và tên', 'Ngày sinh', 'Mã số BHXH', 'Lý do', 'Tệp', 'Trang tính', 'Dòng',
    ]);
    // Schools in Vietnamese order (u before ư, THCS before Tiểu), classes 6A2 before 6A10.
    expect(table.column('Họ và tên')).toEqual(['Mai Anh Tú', 'Đỗ Văn Hải', 'Nguyễn Thị Ngọc Ánh', 'Trần Văn Cường']);
    expect(table.column('Mã số BHXH')[3]).toBe('0123456789');
    expect(table.column('Ngày sinh')[3]).toBe('2015');
    expect(table.column('Ngày sinh')[2]).toEqual(new Date(Date.UTC(2013, 2, 7)));
    expect(table.column('Dòng')[2]).toBe(12);
  });

  it('shows each candidate card beside the pupil to check, the pupil repeated on each row', () => {
    const table = tableOf(sheet(workbook, 'Cần kiểm tra'), 'Trường');
    expect(table.header.slice(0, 6)).toEqual([
      'Trường', 'Lớp', 'Họ và tên', 'Ngày sinh', 'Mã số BHXH (trên danh sách)', 'Thẻ: Họ và tên',
    ]);
    expect(table.header).toContain('Lý do');
    expect(table.header.slice(-3)).toEqual(['Tệp', 'Trang tính', 'Dòng']);
    expect(table.body).toHaveLength(2);
    expect(table.column('Họ và tên')).toEqual(['Phạm Thị Dung', 'Phạm Thị Dung']);
    expect(table.column('Thẻ: Mã số BHXH')).toEqual(['7900000001', '0100000002']);
    expect(table.column('Giống nhau')).toEqual(['họ tên, ngày sinh', 'họ tên, ngày sinh']);
    expect(table.column('Khác nhau')).toEqual([null, 'thẻ thuộc trường khác']);
    expect(table.column('Thẻ: Hạn đến')).toEqual([
      new Date(Date.UTC(2026, 11, 31)),
      new Date(Date.UTC(2025, 8, 30)),
    ]);
  });

  it('lists the pupils listed in several places, the rows of one child together, with what was decided', () => {
    const table = tableOf(sheet(workbook, 'Có tên nhiều nơi'), 'STT');
    expect(table.column('Họ và tên')).toEqual(['Mai Anh Tú', 'Nguyễn Văn An']);
    expect(table.column('Trường')).toEqual([AN_LAC_UNMARKED, AN_LAC]);
    expect(table.column('Kết quả')).toEqual(['Chưa có thẻ', 'Có thẻ hợp lệ']);
    expect(table.column('Lý do')[1]).toContain('chuyển trường?');
  });

  it('lists unmatched cards and input problems', () => {
    const cards = tableOf(sheet(workbook, 'Thẻ không khớp'), 'Họ và tên');
    expect(cards.body).toEqual([
      [
        'Lý Văn Tâm',
        new Date(Date.UTC(2014, 1, 1)),
        '0987654321',
        'HS4010987654321',
        new Date(Date.UTC(2026, 0, 1)),
        new Date(Date.UTC(2026, 11, 31)),
        'TH An Lạc',
        'cards/the.xlsx',
        'Sheet1',
        30,
      ],
    ]);
    const problems = tableOf(sheet(workbook, 'Lỗi dữ liệu'), 'Mức');
    expect(problems.header).toEqual(['Mức', 'Tệp', 'Trang tính', 'Dòng', 'Nội dung']);
    expect(problems.body).toEqual([
      ['Cảnh báo', 'cards/the.xlsx', 'Sheet1', 14, 'Ngày sinh không hợp lệ: 31/02/2015.'],
    ]);
  });

  it('freezes, filters and prints every sheet under its header', () => {
    for (const ws of workbook.worksheets) {
      // One title line and a blank line above the header; the review and listed-twice sheets have two title lines.
      const headerRow = ws.name === 'Cần kiểm tra' || ws.name === 'Có tên nhiều nơi' ? 4 : 3;
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
      expect(String(ws.autoFilter)).toMatch(new RegExp(`^A${headerRow}:[A-Z]+\\d+$`));
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1, printTitlesRow: `${headerRow}:${headerRow}` });
      expect(ws.getCell(headerRow, 1).font?.bold).toBe(true);
    }
    expect(sheet(workbook, 'Cần kiểm tra').pageSetup.orientation).toBe('landscape');
  });

  it('fits column widths to the content', () => {
    const ws = sheet(workbook, 'Chưa có thẻ');
    const widths = ws.columns.map((column) => column.width ?? 0);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...widths)).toBeLessThanOrEqual(50);
    expect(widths[3]).toBeGreaterThanOrEqual('Nguyễn Thị Ngọc Ánh'.length);
  });
});

describe('school workbooks', () => {
  let dir: string;
  let fileNames: string[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhyt-'));
    fileNames = await writeSchoolWorkbooks(dir, result);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one workbook per school, with ASCII-safe unique names', () => {
    expect(fileNames).toEqual([
      'Truong_Tieu_hoc_An_Lac.xlsx',
      'Truong_THCS_Dong_Hung.xlsx',
      'Truong_TH_Binh_Minh.xlsx',
      'Truong_Tieu_hoc_An_Lac-2.xlsx',
    ]);
    for (const name of fileNames) expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(fs.readdirSync(dir).sort()).toEqual([...fileNames].sort());
  });

  it('lists the school’s uninsured pupils under a title with its counts, by class', async () => {
    const workbook = await readWorkbook(path.join(dir, 'Truong_THCS_Dong_Hung.xlsx'));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Chưa có thẻ']);
    const ws = sheet(workbook, 'Chưa có thẻ');
    expect(ws.getCell('A1').value).toBe(DONG_HUNG);
    expect(ws.getCell('A2').value).toBe('Danh sách học sinh chưa có thẻ BHYT hợp lệ tính đến ngày 15/11/2026');
    expect(ws.getCell('A3').value).toBe('Sĩ số: 3 — Có thẻ: 1 (33,33%) — Chưa có thẻ: 2 — Cần kiểm tra: 0');
    const table = tableOf(ws, 'STT');
    expect(table.header).toEqual(['STT', 'Lớp', 'Họ và tên', 'Ngày sinh', 'Mã số BHXH', 'Lý do', 'Ghi chú']);
    expect(table.column('Lớp')).toEqual(['6A2', '6A10']);
    expect(table.column('STT')).toEqual([1, 2]);
  });

  it('adds the pupils to check when there are some', async () => {
    const workbook = await readWorkbook(path.join(dir, 'Truong_Tieu_hoc_An_Lac.xlsx'));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Chưa có thẻ', 'Cần kiểm tra']);
    const uninsured = tableOf(sheet(workbook, 'Chưa có thẻ'), 'STT');
    expect(uninsured.column('Mã số BHXH')).toEqual(['0123456789']);
    const review = tableOf(sheet(workbook, 'Cần kiểm tra'), 'Lớp');
    expect(review.body).toHaveLength(2);
    expect(review.column('Thẻ: Số thẻ')).toEqual(['HS4797900000001', 'TE1010100000002']);
  });

  it('says nobody is missing at a school with every pupil insured', async () => {
    const workbook = await readWorkbook(path.join(dir, 'Truong_TH_Binh_Minh.xlsx'));
    const ws = sheet(workbook, 'Chưa có thẻ');
    expect(ws.getCell('A3').value).toBe('Sĩ số: 2 — Có thẻ: 2 (100%) — Chưa có thẻ: 0 — Cần kiểm tra: 0');
    const table = tableOf(ws, 'STT');
    expect(table.body).toEqual([['Không có học sinh nào chưa có thẻ BHYT hợp lệ.', null, null, null, null, null, null]]);
  });
});
