/**
 * The report seen for real: the workbook printed by LibreOffice, the web page drawn and
 * printed by Chromium. Without the tools the tests are skipped with a note, except on
 * CI, which installs them: there a missing tool fails.
 * Set BHYT_VISUAL_DIR to a folder to keep the PDFs and screenshots for a look.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateOf } from '../../src/cover/coverage.js';
import { neededForTarget } from '../../src/report/build-report.js';
import type { GroupFigures, Report } from '../../src/report/model.js';
import { REPORT_FORMATS } from '../../src/report/renderers.js';

const run = promisify(execFile);
const ON_CI = Boolean(process.env.CI);
const TOOL_TIMEOUT_MS = 120_000;

/** The first of `names` found as an executable on PATH, or null. */
function findExecutable(...names: string[]): string | null {
  for (const name of names) {
    for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
      const candidate = path.join(folder, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not in this folder
      }
    }
  }
  return null;
}

const tools = {
  soffice: findExecutable('soffice', 'libreoffice'),
  chromium: findExecutable('chromium', 'chromium-browser'),
  pdfinfo: findExecutable('pdfinfo'),
  pdftotext: findExecutable('pdftotext'),
};

/** Which tools a test needs and the Debian packages that bring them. */
function toolCheck(needed: (keyof typeof tools)[], packages: string) {
  const missing = needed.filter((name) => tools[name] === null);
  if (missing.length > 0 && !ON_CI) {
    console.warn(`Bỏ qua / skipped: ${missing.join(', ')} not found. Install with: apt-get install -y ${packages}`);
  }
  return {
    skip: missing.length > 0 && !ON_CI,
    /** On CI a missing tool is a failure, said plainly. */
    require(): void {
      expect(missing, `missing tools on CI (install Debian packages: ${packages})`).toEqual([]);
    },
  };
}

const libreOffice = toolCheck(['soffice', 'pdfinfo', 'pdftotext'], 'libreoffice-calc poppler-utils');
const chromium = toolCheck(['chromium', 'pdfinfo'], 'chromium poppler-utils');

function tool(name: keyof typeof tools): string {
  const file = tools[name];
  if (file === null) throw new Error(`${name} not found`);
  return file;
}

function school(name: string, students: number, insured: number, before: number | null): GroupFigures {
  const coverage = rateOf(insured, students);
  const hs = Math.round(insured * 0.7);
  return {
    group: name,
    students,
    insured,
    uninsured: students - insured,
    review: 0,
    coverage,
    needed: neededForTarget(insured, students, 100),
    insuredBy: { hs, other: insured - hs, unknown: 0 },
    change: before === null ? null : { students: 0, insured: insured - before, coveragePoints: Math.round((coverage - rateOf(before, students)) * 100) / 100 },
  };
}

/** A report with every optional part: the previous run's change columns, renewals, a trend. */
function reportOf(groups: GroupFigures[]): Report {
  const students = groups.reduce((sum, g) => sum + g.students, 0);
  const insured = groups.reduce((sum, g) => sum + g.insured, 0);
  const { group: _, ...totals } = school('', students, insured, insured - 40);
  const sorted = [...groups].sort((a, b) => b.needed - a.needed || a.coverage - b.coverage);
  return {
    office: 'Phòng Giáo dục và Đào tạo huyện Bình Chánh',
    place: 'Bình Chánh',
    reportDate: '2026-11-23',
    asOf: '2026-11-15',
    target: 100,
    groupBy: 'school',
    totals: { ...totals, groups: groups.length, groupsAtTarget: groups.filter((g) => g.needed === 0).length },
    groups: sorted,
    sentence:
      'Toàn địa bàn có 20.651 học sinh, đã tham gia BHYT 20.533 em, đạt 99,43%; 22/30 trường đạt chỉ tiêu 100%; ' +
      'còn 118 em chưa tham gia; tăng 0,45 điểm % so với ngày 15/10/2026.',
    previous: { asOf: '2026-10-15', createdAt: '2026-10-15T08:00:00.000Z' },
    renewalDays: 30,
    renewals: [
      { school: sorted[0].group, class: '1A', name: 'Nguyễn Thị Ngọc Ánh', dob: '2019-05-20', bhxh: '0123456789', cardNumber: 'HS4790123456789', validTo: '2026-12-31', daysLeft: 46 },
      { school: sorted[0].group, class: '2B', name: 'Đỗ Văn Hải', dob: '2018-11-30', bhxh: '7912345678', cardNumber: null, validTo: '2026-12-31', daysLeft: 46 },
    ],
    trend: [
      { asOf: '2026-09-15', createdAt: '2026-09-15T08:00:00.000Z', coverage: 96.8, students, insured: insured - 500 },
      { asOf: '2026-10-15', createdAt: '2026-10-15T08:00:00.000Z', coverage: 98.98, students, insured: insured - 40 },
      { asOf: '2026-11-15', createdAt: '2026-11-15T08:00:00.000Z', coverage: totals.coverage, students, insured },
    ],
    warnings: [],
  };
}

const SMALL = reportOf([
  school('Trường Tiểu học An Lạc <&>', 523, 480, 470),
  school('Trường THCS Đông Hưng', 1240, 1236, 1230),
  school('Trường Tiểu học Nguyễn Văn Trỗi phân hiệu ấp 3 xã Vĩnh Lộc A', 480, 480, null),
]);

const FORTY = reportOf(
  Array.from({ length: 40 }, (_, i) => school(`Trường ${i % 2 ? 'THCS' : 'Tiểu học'} Số ${i + 1} xã Vĩnh Lộc`, 400 + i * 13, 400 + i * 13 - ((i * 7) % 23), 390 + i * 13)),
);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhyt-visual-'));
});
afterAll(() => {
  const keep = process.env.BHYT_VISUAL_DIR;
  if (keep) fs.cpSync(dir, keep, { recursive: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh LibreOffice profile per conversion, so runs never clash on its lock. */
async function workbookToPdf(xlsx: string): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-'));
  try {
    const outdir = path.dirname(xlsx);
    await run(tool('soffice'), [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pdf', '--outdir', outdir, xlsx], { timeout: TOOL_TIMEOUT_MS });
    return xlsx.replace(/\.xlsx$/, '.pdf');
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function pdfInfo(pdf: string): Promise<{ pages: number; width: number; height: number }> {
  const { stdout } = await run(tool('pdfinfo'), [pdf]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(stdout);
  return { pages: Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]), width: Number(size?.[1]), height: Number(size?.[2]) };
}

async function pageText(pdf: string, page: number): Promise<string> {
  const { stdout } = await run(tool('pdftotext'), ['-layout', '-f', String(page), '-l', String(page), pdf, '-']);
  return stdout;
}

async function writeIn(folder: string, format: keyof typeof REPORT_FORMATS, report: Report): Promise<string> {
  return REPORT_FORMATS[format].write(path.join(dir, folder), report);
}

describe('the workbook printed by LibreOffice', () => {
  it.skipIf(libreOffice.skip)('prints a small report on one landscape page per sheet, every column on the page', async () => {
    libreOffice.require();
    const pdf = await workbookToPdf(await writeIn('small', 'xlsx', SMALL));
    const info = await pdfInfo(pdf);
    // Báo cáo, Thẻ sắp hết hạn, Xu hướng: one page each.
    expect(info.pages).toBe(3);
    expect(info.width).toBeGreaterThan(info.height);
    const first = await pageText(pdf, 1);
    expect(first).toContain('BÁO CÁO TỶ LỆ HỌC SINH THAM GIA BẢO HIỂM Y TẾ');
    expect(first).toContain('PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN BÌNH CHÁNH');
    expect(first).toMatch(/Trang 1 \/ \d/);
    // The letterhead names the agency; the page header does so only from page 2 on.
    expect(first.match(/PHÒNG GIÁO DỤC/g)).toHaveLength(1);
    // The last column's header and the totals: nothing cut off at the right or the bottom.
    expect(first).toMatch(/Tỷ lệ \(điểm/);
    expect(first).toMatch(/Toàn địa bàn\s+2,243|Toàn địa bàn\s+2\.243/);
    expect(first).toContain('Nguyễn Văn Trỗi');
  });

  it.skipIf(libreOffice.skip)('repeats the table header on every page of a long report', async () => {
    libreOffice.require();
    const pdf = await workbookToPdf(await writeIn('forty', 'xlsx', FORTY));
    const pages = (await pdfInfo(pdf)).pages;
    const texts = await Promise.all(Array.from({ length: pages }, (_, i) => pageText(pdf, i + 1)));
    // The report sheet's pages come first, up to the one with the totals.
    const reportPages = texts.slice(0, texts.findIndex((text) => /Toàn địa bàn\s+\d/.test(text)) + 1);
    expect(reportPages.length).toBeGreaterThanOrEqual(2);
    for (const text of reportPages) {
      expect(text).toMatch(/STT\s+Trường\s+Sĩ số/);
      expect(text).toMatch(/Tỷ lệ \(điểm/);
    }
    expect(reportPages[1]).toContain('PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN BÌNH CHÁNH');
    expect(reportPages.join('\n').match(/Trường (THCS|Tiểu học) Số \d+ xã Vĩnh Lộc/g)).toHaveLength(40);
  });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const header = fs.readFileSync(file).subarray(0, 24);
  expect(header.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

/** Headless Chromium kept off the network, with a throwaway profile. */
async function chromiumRun(html: string, output: string[]): Promise<void> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  try {
    await run(
      tool('chromium'),
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        ...output,
        pathToFileURL(html).href,
      ],
      { timeout: TOOL_TIMEOUT_MS },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

describe('the web page in Chromium', () => {
  it.skipIf(chromium.skip)('draws the page', async () => {
    chromium.require();
    const html = await writeIn('page', 'html', SMALL);
    const png = path.join(path.dirname(html), 'small.png');
    await chromiumRun(html, [`--screenshot=${png}`, '--window-size=1280,2000']);
    expect(pngSize(png)).toEqual({ width: 1280, height: 2000 });
    // A blank page compresses to a few kilobytes; charts, tables and text do not.
    expect(fs.statSync(png).size).toBeGreaterThan(60_000);
  });

  it.skipIf(chromium.skip)('prints a long report on A4 landscape', async () => {
    chromium.require();
    const html = await writeIn('page-forty', 'html', FORTY);
    const pdf = path.join(path.dirname(html), 'forty.pdf');
    await chromiumRun(html, [`--print-to-pdf=${pdf}`, '--no-pdf-header-footer']);
    const info = await pdfInfo(pdf);
    expect(info.width).toBeCloseTo(842, 0);
    expect(info.height).toBeCloseTo(595, 0);
    expect(info.pages).toBeGreaterThan(1);
  });
});
