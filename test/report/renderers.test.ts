import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Chalk } from 'chalk';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateOf } from '../../src/cover/coverage.js';
import { neededForTarget } from '../../src/report/build-report.js';
import type { GroupFigures, RenewalCard, Report, TrendPoint } from '../../src/report/model.js';
import { renderReportHtml } from '../../src/report/render-html.js';
import { renderReportCsv, renderReportLines, renderReportMarkdown } from '../../src/report/render-text.js';
import { REPORT_FORMATS } from '../../src/report/renderers.js';

/** A name with the characters markup and Markdown treat specially: it is user data. */
const AN_LAC = 'Trường TH An Lạc <&> "Tân Kiên"';
const DONG_HUNG = 'Trường THCS Đông Hưng';
const NGUYEN_TRAI = 'Trường TH Nguyễn Trãi';
const OFFICE = 'Phòng Giáo dục và Đào tạo huyện Bình Chánh';

interface GroupSpec {
  name: string;
  students: number;
  insured: number;
  review?: number;
  /** Cards with a bare 10-digit code, whose group is unknown. */
  unknown?: number;
  before?: { students: number; insured: number };
}

function figures(spec: GroupSpec, target: number): GroupFigures {
  const review = spec.review ?? 0;
  const unknown = spec.unknown ?? 0;
  const hs = Math.round((spec.insured - unknown) * 0.75);
  const coverage = rateOf(spec.insured, spec.students);
  const before = spec.before;
  return {
    group: spec.name,
    students: spec.students,
    insured: spec.insured,
    uninsured: spec.students - spec.insured - review,
    review,
    coverage,
    needed: neededForTarget(spec.insured, spec.students, target),
    insuredBy: { hs, other: spec.insured - unknown - hs, unknown },
    change: before
      ? {
          students: spec.students - before.students,
          insured: spec.insured - before.insured,
          coveragePoints: Math.round((coverage - rateOf(before.insured, before.students)) * 100) / 100,
        }
      : null,
  };
}

interface ReportOptions {
  target?: number;
  previous?: boolean;
  trend?: TrendPoint[];
  renewals?: RenewalCard[];
  office?: string | null;
}

function makeReport(specs: GroupSpec[], options: ReportOptions = {}): Report {
  const target = options.target ?? 100;
  const groups = specs
    .map((spec) => figures(spec, target))
    .sort((a, b) => b.needed - a.needed || a.coverage - b.coverage || a.group.localeCompare(b.group, 'vi'));
  const total = (key: 'students' | 'insured' | 'review') => specs.reduce((sum, spec) => sum + (spec[key] ?? 0), 0);
  const withBefore = specs.filter((spec) => spec.before);
  const totalsSpec: GroupSpec = {
    name: '',
    students: total('students'),
    insured: total('insured'),
    review: total('review'),
    unknown: specs.reduce((sum, spec) => sum + (spec.unknown ?? 0), 0),
    before: options.previous
      ? {
          students: withBefore.reduce((sum, spec) => sum + (spec.before?.students ?? 0), 0),
          insured: withBefore.reduce((sum, spec) => sum + (spec.before?.insured ?? 0), 0),
        }
      : undefined,
  };
  const { group: _, ...totals } = figures(totalsSpec, target);
  const insuredBy = groups.reduce(
    (sum, g) => ({ hs: sum.hs + g.insuredBy.hs, other: sum.other + g.insuredBy.other, unknown: sum.unknown + g.insuredBy.unknown }),
    { hs: 0, other: 0, unknown: 0 },
  );
  return {
    office: options.office === undefined ? OFFICE : options.office,
    place: 'Bình Chánh',
    reportDate: '2026-11-23',
    asOf: '2026-11-15',
    target,
    groupBy: 'school',
    totals: { ...totals, insuredBy, groups: groups.length, groupsAtTarget: groups.filter((g) => g.needed === 0).length },
    groups: options.previous ? groups : groups.map((g) => ({ ...g, change: null })),
    sentence: `Toàn địa bàn có ${totals.students} học sinh, đã tham gia BHYT ${totals.insured} em.`,
    previous: options.previous ? { asOf: '2026-10-15', createdAt: '2026-10-15T08:00:00.000Z' } : null,
    renewalDays: 30,
    renewals: options.renewals ?? [],
    trend: options.trend ?? [],
    warnings: [],
  };
}

const THREE_SCHOOLS: GroupSpec[] = [
  { name: AN_LAC, students: 520, insured: 478, review: 12, before: { students: 520, insured: 470 } },
  { name: DONG_HUNG, students: 1240, insured: 1236, review: 2, before: { students: 1238, insured: 1230 } },
  { name: NGUYEN_TRAI, students: 480, insured: 480 },
];

const TREND: TrendPoint[] = [
  { asOf: '2026-09-15', createdAt: '2026-09-15T08:00:00.000Z', coverage: 95.1, students: 2230, insured: 2121 },
  { asOf: '2026-10-15', createdAt: '2026-10-15T08:00:00.000Z', coverage: 97.2, students: 2238, insured: 2175 },
  { asOf: '2026-11-15', createdAt: '2026-11-15T08:00:00.000Z', coverage: 97.95, students: 2240, insured: 2194 },
];

function renewal(index: number): RenewalCard {
  return {
    school: DONG_HUNG,
    class: `6A${(index % 9) + 1}`,
    name: index === 0 ? 'Lê Thị Ánh <b>Hồng</b>' : `Nguyễn Văn Học Sinh ${index + 1}`,
    dob: '2014-03-07',
    bhxh: `079${String(index).padStart(7, '0')}`,
    cardNumber: `HS4797${String(index).padStart(9, '0')}`,
    validTo: '2026-12-31',
    daysLeft: 46,
  };
}

const RENEWALS = [renewal(0), renewal(1)];

/** Forty schools, some far below target, the longest name longer than any column. */
function fortySchools(): GroupSpec[] {
  return Array.from({ length: 40 }, (_, i) => ({
    name:
      i === 7
        ? 'Trường Tiểu học Nguyễn Văn Trỗi phân hiệu ấp 3 xã Vĩnh Lộc A (điểm lẻ Bình Hưng)'
        : `Trường ${i % 2 ? 'THCS' : 'TH'} Số ${i + 1} Bình Chánh`,
    students: 400 + i * 13,
    insured: 400 + i * 13 - (i % 3 === 0 ? 0 : (i * 7) % 23),
    review: i % 5,
    before: { students: 400 + i * 13, insured: 390 + i * 13 },
  }));
}

const SMALL = makeReport(THREE_SCHOOLS, { previous: true, trend: TREND, renewals: RENEWALS });
const PLAIN = makeReport(THREE_SCHOOLS, { office: null });
const FORTY = makeReport(fortySchools(), { previous: true, trend: TREND });

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

/** A row's values from column A, as a reader sees them in order. */
function rowValues(worksheet: ExcelJS.Worksheet, rowNumber: number): ExcelJS.CellValue[] {
  const row = worksheet.getRow(rowNumber);
  return Array.from({ length: worksheet.columnCount }, (_, i) => row.getCell(i + 1).value ?? null);
}

/** The row numbers whose column B holds `text`. */
function rowOf(worksheet: ExcelJS.Worksheet, text: string): number {
  for (let r = 1; r <= worksheet.rowCount; r++) if (worksheet.getRow(r).getCell(2).value === text) return r;
  throw new Error(`no row for ${text}`);
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  return cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhyt-report-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function written(format: keyof typeof REPORT_FORMATS, report: Report, folder: string): Promise<string> {
  return REPORT_FORMATS[format].write(path.join(dir, folder), report);
}

describe('REPORT_FORMATS', () => {
  it('writes each format under bao-cao-bhyt-<asOf>-<groupBy>, into a folder it makes, leaving no temporary file', async () => {
    const files = [];
    for (const format of Object.keys(REPORT_FORMATS) as (keyof typeof REPORT_FORMATS)[]) {
      files.push(path.basename(await written(format, SMALL, 'all/formats')));
    }
    expect(files).toEqual([
      'bao-cao-bhyt-2026-11-15-school.xlsx',
      'bao-cao-bhyt-2026-11-15-school.html',
      'bao-cao-bhyt-2026-11-15-school.csv',
      'bao-cao-bhyt-2026-11-15-school.md',
    ]);
    expect(fs.readdirSync(path.join(dir, 'all/formats')).sort()).toEqual([...files].sort());
  });
});

describe('a run without pupils', () => {
  it('still renders every format', async () => {
    const empty = makeReport([], { previous: true });
    for (const format of Object.keys(REPORT_FORMATS) as (keyof typeof REPORT_FORMATS)[]) {
      expect(fs.existsSync(await written(format, empty, 'empty'))).toBe(true);
    }
    expect(renderReportHtml(empty)).not.toContain('<rect class="bar"');
    expect(renderReportLines(empty, new Chalk({ level: 0 }))).toContain('0/0 trường đạt chỉ tiêu.');
  });
});

describe('report workbook', () => {
  let small: ExcelJS.Workbook;
  let plain: ExcelJS.Workbook;
  let forty: ExcelJS.Workbook;

  beforeAll(async () => {
    small = await readWorkbook(await written('xlsx', SMALL, 'small'));
    plain = await readWorkbook(await written('xlsx', PLAIN, 'plain'));
    forty = await readWorkbook(await written('xlsx', FORTY, 'forty'));
  });

  it('has the report, the renewals and, from two runs on, the trend', () => {
    expect(small.worksheets.map((ws) => ws.name)).toEqual(['Báo cáo', 'Thẻ sắp hết hạn', 'Xu hướng']);
    expect(plain.worksheets.map((ws) => ws.name)).toEqual(['Báo cáo', 'Thẻ sắp hết hạn']);
  });

  it('prints on A4 landscape, one page wide, the table header on every page, page numbers in the footer', () => {
    for (const ws of [sheet(small, 'Báo cáo'), sheet(small, 'Thẻ sắp hết hạn')]) {
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.headerFooter.oddFooter).toContain('&P');
      expect(ws.headerFooter.oddFooter).toContain('&N');
      expect(ws.headerFooter.oddHeader).toContain('PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN BÌNH CHÁNH');
    }
    expect(sheet(small, 'Báo cáo').pageSetup.printTitlesRow).toBe('7:8');
  });

  it('opens with the letterhead, the title, the as-of line and the sentence', () => {
    const ws = sheet(small, 'Báo cáo');
    expect(ws.getCell('A1').value).toBe('PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN BÌNH CHÁNH');
    const row1 = rowValues(ws, 1).filter((value) => value !== null);
    expect(row1).toContain('Bình Chánh, ngày 23 tháng 11 năm 2026');
    expect(ws.getCell('A3').value).toBe('BÁO CÁO TỶ LỆ HỌC SINH THAM GIA BẢO HIỂM Y TẾ');
    expect(ws.getCell('A4').value).toBe('(Tính đến ngày 15/11/2026 — chỉ tiêu 100%)');
    expect(ws.getCell('A5').value).toBe(SMALL.sentence);
    expect(ws.getCell('A5').alignment?.wrapText).toBe(true);
    // The sentence spans the whole table width.
    expect(ws.getCell(5, ws.columnCount).isMerged).toBe(true);
  });

  it('writes the place and date alone when there is no office', () => {
    const ws = sheet(plain, 'Báo cáo');
    expect(ws.getCell('A1').value).toBeNull();
    expect(rowValues(ws, 1)).toContain('Bình Chánh, ngày 23 tháng 11 năm 2026');
    expect(ws.headerFooter.oddHeader).not.toContain('PHÒNG');
  });

  it('heads the table with bands over the card counts and the change since the previous run', () => {
    const ws = sheet(small, 'Báo cáo');
    expect(rowValues(ws, 7)).toEqual([
      'STT', 'Trường', 'Sĩ số', 'Có thẻ BHYT', 'Có thẻ BHYT', 'Có thẻ BHYT', 'Chưa có thẻ', 'Cần kiểm tra', 'Tỷ lệ (%)',
      'Cần thêm để đạt chỉ tiêu', 'Thay đổi so với ngày 15/10/2026', 'Thay đổi so với ngày 15/10/2026',
    ]);
    expect(rowValues(ws, 8).slice(3, 6)).toEqual(['Tổng số', 'Trong đó thẻ HS', 'Thẻ nhóm khác']);
    expect(rowValues(ws, 8).slice(10)).toEqual(['HS có thẻ', 'Tỷ lệ (điểm %)']);
  });

  it('leaves the change columns out when there is no previous run', () => {
    const header = rowValues(sheet(plain, 'Báo cáo'), 7);
    expect(header).toHaveLength(10);
    expect(header.at(-1)).toBe('Cần thêm để đạt chỉ tiêu');
  });

  it('lists the groups furthest from target first, below-target rows filled, numbers as numbers', () => {
    const ws = sheet(small, 'Báo cáo');
    expect([9, 10, 11].map((r) => ws.getRow(r).getCell(2).value)).toEqual([AN_LAC, DONG_HUNG, NGUYEN_TRAI]);
    const anLac = ws.getRow(9);
    expect(rowValues(ws, 9)).toEqual([1, AN_LAC, 520, 478, 359, 119, 30, 12, 0.9192, 42, 8, 1.54]);
    expect(anLac.getCell(3).numFmt).toBe('#,##0');
    expect(anLac.getCell(9).numFmt).toBe('0.00%');
    expect(fillOf(anLac.getCell(2))).toBe('FFFCE4D6');
    expect(fillOf(ws.getRow(10).getCell(9))).toBe('FFFCE4D6');
    expect(fillOf(ws.getRow(11).getCell(2))).toBeUndefined();
    // A new school has no change to show.
    expect(rowValues(ws, 11).slice(10)).toEqual([null, null]);
  });

  it('closes the table with the area totals in bold', () => {
    const ws = sheet(small, 'Báo cáo');
    const totals = rowValues(ws, 12);
    expect(totals.slice(0, 4)).toEqual([null, 'Toàn địa bàn', 2240, 2194]);
    expect(totals[8]).toBeCloseTo(0.9795, 6);
    expect(totals[9]).toBe(46);
    expect(ws.getRow(12).getCell(2).font?.bold).toBe(true);
  });

  it('fills exactly the rows below target in a long report', () => {
    const ws = sheet(forty, 'Báo cáo');
    const totalsRow = rowOf(ws, 'Toàn địa bàn');
    expect(totalsRow).toBe(9 + 40);
    const filled = Array.from({ length: 40 }, (_, i) => fillOf(ws.getRow(9 + i).getCell(2)) === 'FFFCE4D6');
    const below = FORTY.groups.map((g) => g.needed > 0);
    expect(filled).toEqual(below);
    expect(below.filter(Boolean).length).toBeGreaterThan(10);
    // The longest name wraps in a column kept narrow enough for the page.
    expect(ws.getColumn(2).width).toBeLessThanOrEqual(52);
    const longRow = rowOf(ws, FORTY.groups.find((g) => g.group.includes('Trỗi'))?.group ?? '');
    expect(ws.getRow(longRow).height).toBeGreaterThan(20);
  });

  it('shows a column for cards without a group code only when there are some', async () => {
    const specs = THREE_SCHOOLS.map((spec, i) => ({ ...spec, unknown: i * 10 }));
    const workbook = await readWorkbook(await written('xlsx', makeReport(specs), 'unknown'));
    const ws = sheet(workbook, 'Báo cáo');
    expect(rowValues(ws, 8).slice(3, 7)).toEqual(['Tổng số', 'Trong đó thẻ HS', 'Thẻ nhóm khác', 'Chưa rõ nhóm']);
    expect(rowValues(sheet(plain, 'Báo cáo'), 8)).not.toContain('Chưa rõ nhóm');
  });

  it('lists the cards running out with IDs as text and real dates', () => {
    const ws = sheet(small, 'Thẻ sắp hết hạn');
    expect(ws.getCell('A1').value).toBe('Thẻ BHYT của học sinh hết hạn trong 30 ngày kể từ ngày 15/11/2026');
    expect(rowValues(ws, 3)).toEqual(['STT', 'Trường', 'Lớp', 'Họ và tên', 'Ngày sinh', 'Mã số BHXH', 'Số thẻ', 'Hạn đến', 'Còn (ngày)']);
    const first = rowValues(ws, 4);
    expect(first.slice(0, 4)).toEqual([1, DONG_HUNG, '6A1', 'Lê Thị Ánh <b>Hồng</b>']);
    expect(first[5]).toBe('0790000000');
    expect(first[7]).toEqual(new Date(Date.UTC(2026, 11, 31)));
    expect(first[8]).toBe(46);
  });

  it('records the coverage of every run on the trend sheet', () => {
    const ws = sheet(small, 'Xu hướng');
    expect(rowValues(ws, 3)).toEqual(['Ngày tính', 'Sĩ số', 'Có thẻ', 'Tỷ lệ']);
    expect(rowValues(ws, 6)).toEqual([new Date(Date.UTC(2026, 10, 15)), 2240, 2194, 0.9795]);
  });
});

describe('report web page', () => {
  const small = renderReportHtml(SMALL);
  const forty = renderReportHtml(FORTY);
  const plain = renderReportHtml(PLAIN);

  it('is one Vietnamese page with nothing fetched from anywhere', () => {
    for (const html of [small, forty, plain]) {
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).not.toMatch(/https?:/i);
      expect(html).not.toContain('//');
      expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(/i);
      expect(html).toContain('@media print');
      expect(html).toContain('size: A4 landscape');
    }
  });

  it('escapes the names it shows', () => {
    expect(small).toContain('Trường TH An Lạc &lt;&amp;&gt; &quot;Tân Kiên&quot;');
    expect(small).toContain('Lê Thị Ánh &lt;b&gt;Hồng&lt;/b&gt;');
    expect(small).not.toContain('<&>');
    expect(small).not.toContain('<b>');
  });

  it('opens with the letterhead, the sentence and the key figures in Vietnamese numbers', () => {
    expect(small).toContain('PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN BÌNH CHÁNH');
    expect(small).toContain('Bình Chánh, ngày 23 tháng 11 năm 2026');
    expect(small).toContain(SMALL.sentence);
    expect(small).toContain('97,95%');
    expect(small).toContain('2.194');
    expect(small).toContain('1/3');
    expect(small).toContain('+1,25 điểm % so với ngày 15/10/2026');
  });

  it('draws one bar per group, the target line with its label, ticks in Vietnamese percent', () => {
    const bars = (html: string) => html.match(/<rect class="bar"/g)?.length ?? 0;
    expect(bars(small)).toBe(3);
    expect(bars(forty)).toBe(40);
    expect(small).toMatch(/<line [^>]*class="target"/);
    expect(small).toContain('Chỉ tiêu 100%');
    expect(small).toMatch(/>9\d%<\/text>/);
    expect(small).toMatch(/<svg [^>]*role="img"[^>]*>\n<title id="coverage-chart-1-title">/);
    expect(small).toContain('<desc id="coverage-chart-1-desc">1/3 trường đạt chỉ tiêu 100%.');
  });

  it('colours the bars below target apart from the others', () => {
    const belowBars = small.match(/<rect class="bar"[^>]*fill="#dd6b20"/g) ?? [];
    expect(belowBars).toHaveLength(2);
  });

  it('shortens a long name in the chart and keeps it whole in the bar title', () => {
    const long = FORTY.groups.find((g) => g.group.includes('Trỗi'))?.group ?? '';
    expect(forty).toContain(`<title>${long}: `);
    expect(forty).toMatch(/>Trường Tiểu học Nguyễn Văn Trỗi[^<]*…<\/text>/);
  });

  it('grows the chart with the number of groups, in parts that each fit a printed page', () => {
    const heights = (html: string) =>
      [...html.matchAll(/<svg [^>]*viewBox="0 0 1000 (\d+(?:\.\d+)?)"[^>]*aria-labelledby="coverage-chart/g)].map((m) => Number(m[1]));
    expect(heights(small)).toHaveLength(1);
    expect(heights(forty)).toHaveLength(3);
    expect(Math.max(...heights(forty))).toBeLessThanOrEqual(360);
    expect(heights(forty).reduce((a, b) => a + b)).toBeGreaterThan(heights(small)[0] * 5);
    expect(forty).toContain('Tỷ lệ học sinh có thẻ BHYT theo trường (phần 3/3)');
    const huge = renderReportHtml(makeReport(Array.from({ length: 300 }, (_, i) => ({ name: `Trường ${i + 1}`, students: 100 + i, insured: 95 + i }))));
    expect(huge.match(/<rect class="bar"/g)).toHaveLength(300);
    expect(huge).not.toMatch(/font-size="(\d|10)"/);
  });

  it('adds the trend chart from two runs on', () => {
    expect(small.match(/<svg /g)).toHaveLength(2);
    expect(small).toContain('<title id="trend-chart-title">');
    expect(small).toContain('<polyline class="trend"');
    expect(plain.match(/<svg /g)).toHaveLength(1);
  });

  it('has the table with header scopes, below-target rows marked and the totals', () => {
    expect(small).toContain('<th scope="colgroup" colspan="3">Có thẻ BHYT</th>');
    expect(small).toContain('<th scope="col" rowspan="2">Sĩ số</th>');
    expect(small.match(/<tr class="below">/g)).toHaveLength(2);
    expect(small).toMatch(/<tfoot>\n<tr><td class="number"><\/td><th scope="row">Toàn địa bàn<\/th><td class="number">2.240<\/td>/);
    expect(small).toContain('<td class="number">91,92%</td>');
  });

  it('folds a long renewal list and leaves a short one open', () => {
    expect(small).toContain('<details open>');
    const many = renderReportHtml({ ...SMALL, renewals: Array.from({ length: 25 }, (_, i) => renewal(i)) });
    expect(many).toContain('<details>\n<summary>25 thẻ hết hạn trong 30 ngày kể từ ngày 15/11/2026</summary>');
    expect(plain).toContain('Không có thẻ nào hết hạn trong 30 ngày kể từ ngày 15/11/2026.');
  });
});

describe('report CSV', () => {
  const csv = renderReportCsv(SMALL);
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

  it('starts with a BOM and separates cells with semicolons', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0].split(';')).toEqual([
      'STT', 'Trường', 'Sĩ số', 'Có thẻ', 'Trong đó thẻ HS', 'Thẻ nhóm khác', 'Chưa có thẻ', 'Cần kiểm tra', 'Tỷ lệ (%)',
      'Cần thêm để đạt chỉ tiêu', 'Thay đổi số HS có thẻ', 'Thay đổi tỷ lệ (điểm %)',
    ]);
  });

  it('writes numbers as Vietnamese Excel reads them, a row per group and the totals', () => {
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(lines[1]).toBe('1;"Trường TH An Lạc <&> ""Tân Kiên""";520;478;359;119;30;12;91,92;42;8;1,54');
    expect(lines[3]).toBe('3;Trường TH Nguyễn Trãi;480;480;360;120;0;0;100,00;0;;');
    expect(lines[4]).toMatch(/^;Toàn địa bàn;2240;2194;/);
  });

  it('keeps Excel from running a name as a formula', () => {
    const report = makeReport([{ name: '=HYPERLINK("x")', students: 10, insured: 9 }]);
    expect(renderReportCsv(report)).toContain(`1;"'=HYPERLINK(""x"")";10;9;`);
  });
});

describe('report Markdown', () => {
  const markdown = renderReportMarkdown(FORTY);

  it('has a heading, the sentence and a table row per group plus header, rule and totals', () => {
    expect(markdown).toContain('# BÁO CÁO TỶ LỆ HỌC SINH THAM GIA BẢO HIỂM Y TẾ');
    expect(markdown).toContain(FORTY.sentence);
    const tableLines = markdown.split('\n').filter((line) => line.startsWith('|'));
    expect(tableLines).toHaveLength(40 + 3);
    expect(tableLines[1]).toMatch(/^\| ---: \| :--- \| ---: \|/);
    expect(tableLines.at(-1)).toMatch(/^\|  \| \*\*Toàn địa bàn\*\* \| \*\*\d+\.\d{3}\*\* \|/);
  });

  it('escapes what Markdown would read as markup', () => {
    const small = renderReportMarkdown(SMALL);
    expect(small).toContain('Trường TH An Lạc \\<\\&\\> "Tân Kiên"');
    expect(small).toContain('| 91,92% |');
  });
});

describe('report terminal lines', () => {
  const plainColour = new Chalk({ level: 0 });

  it('gives the sentence, the groups below target, how many reached it and the cards running out', () => {
    const lines = renderReportLines(SMALL, plainColour);
    expect(lines[0]).toBe(SMALL.sentence);
    expect(lines).toContain('Các trường chưa đạt chỉ tiêu 100%:');
    const table = lines.slice(lines.indexOf('Các trường chưa đạt chỉ tiêu 100%:') + 1, lines.indexOf('Các trường chưa đạt chỉ tiêu 100%:') + 4);
    expect(table[0]).toMatch(/^Trường\s+Sĩ số\s+Có thẻ\s+Tỷ lệ\s+Cần thêm\s+Thay đổi$/);
    expect(table[1]).toMatch(/^Trường TH An Lạc <&> "Tân Kiên"\s+520\s+478\s+91,92%\s+42\s+\+1,54 điểm$/);
    expect(table[2]).toMatch(/^Trường THCS Đông Hưng\s+1.240\s+1.236\s+99,68%\s+4\s+\+0,33 điểm$/);
    expect(lines).not.toContainEqual(expect.stringContaining(NGUYEN_TRAI));
    expect(lines).toContain('1/3 trường đạt chỉ tiêu.');
    expect(lines.at(-1)).toBe('2 thẻ hết hạn trong 30 ngày kể từ ngày 15/11/2026 (danh sách trong tệp báo cáo).');
  });

  it('shows the first groups of a long list and says how many more there are', () => {
    const lines = renderReportLines(FORTY, plainColour, 10);
    const below = FORTY.groups.filter((g) => g.needed > 0).length;
    expect(lines).toContain(`... và ${below - 10} trường khác (xem tệp báo cáo).`);
  });

  it('colours only through the chalk instance it is given', () => {
    const plain = renderReportLines(SMALL, plainColour).join('\n');
    const coloured = renderReportLines(SMALL, new Chalk({ level: 1 })).join('\n');
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});
