/** Rosters that web systems export as ".xls" but that are an HTML page or an XML Spreadsheet 2003 file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/terminal.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

const CARDS = [
  'MA_SO_BHXH;HO_TEN;NGAY_SINH;HAN_THE_TU;HAN_THE_DEN;TEN_DVI',
  '0123456789;Nguyễn Văn An;05/09/2015;01/01/2026;31/12/2026;TH An Lạc',
  '7912345679;Trần Thị Bình;12/01/2015;01/01/2025;31/12/2025;TH An Lạc',
  '',
].join('\n');

const HTML_ROSTER = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style>.text { mso-number-format:"\\@"; }</style></head><body>
<table border="1">
<tr><td colspan=6>TRƯỜNG TIỂU HỌC AN LẠC</td></tr>
<tr><td colspan=6>DANH SÁCH HỌC SINH LỚP 5A</td></tr>
<tr><th>STT</th><th>Họ và tên</th><th>Ngày sinh</th><th>Giới tính</th><th>Mã số BHXH</th><th>Ghi chú</th></tr>
<tr><td>1</td><td>Nguy&#7877;n&nbsp;V&#x103;n An</td><td>05/09/2015</td><td>Nam</td><td class="text">0123456789</td><td></td>
<tr><td>2</td><td>Tr&#7847;n Th&#7883; B&igrave;nh</td><td>12/01/2015</td><td>Nữ</td><td class="text">7912345679</td><td>&nbsp;</td>
<tr><td>3</td><td>Lê Hoàng Cường</td><td>03/04/2015</td><td>Nam</td><td></td><td></td>
<tr><td colspan=4>Tổng số: 3 học sinh</td></tr>
</table></body></html>`;

const SPREADSHEET_ML_ROSTER = `<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Lop 5A"><Table>
  <Row><Cell ss:MergeAcross="5"><Data ss:Type="String">TRƯỜNG TIỂU HỌC AN LẠC</Data></Cell></Row>
  <Row ss:Index="3"><Cell><Data ss:Type="String">STT</Data></Cell><Cell><Data ss:Type="String">Họ và tên</Data></Cell><Cell><Data ss:Type="String">Ngày sinh</Data></Cell><Cell><Data ss:Type="String">Giới tính</Data></Cell><Cell><Data ss:Type="String">Mã số BHXH</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="String">Nguyễn Văn An</Data></Cell><Cell><Data ss:Type="DateTime">2015-09-05T00:00:00.000</Data></Cell><Cell><Data ss:Type="String">Nam</Data></Cell><Cell><Data ss:Type="String">0123456789</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">2</Data></Cell><Cell><Data ss:Type="String">Trần Thị Bình</Data></Cell><Cell><Data ss:Type="DateTime">2015-01-12T00:00:00.000</Data></Cell><Cell><Data ss:Type="String">Nữ</Data></Cell><Cell><Data ss:Type="String">7912345679</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">3</Data></Cell><Cell><Data ss:Type="String">Lê Hoàng Cường</Data></Cell><Cell><Data ss:Type="DateTime">2015-04-03T00:00:00.000</Data></Cell><Cell><Data ss:Type="String">Nam</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>`;

interface Pupil {
  name: string;
  dob: string;
  school: string;
  status: string;
  [key: string]: unknown;
}

async function reconcile(roster: string) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'bhyt-html-xls-'));
  folders.push(cwd);
  const rosters = path.join(cwd, 'rosters');
  fs.mkdirSync(rosters);
  fs.writeFileSync(path.join(rosters, 'DS_hoc_sinh.xls'), roster);
  fs.writeFileSync(path.join(cwd, 'the.csv'), CARDS);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output: Output = { out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTerminal: false, env: {} };
  const out = path.join(cwd, 'ket-qua');
  const code = await run(['reconcile', rosters, path.join(cwd, 'the.csv'), '--as-of', '2026-11-15', '--out', out, '--quiet'], output, cwd);
  const file = path.join(out, 'students.ndjson');
  const pupils = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Pupil)
    : [];
  return { code, pupils, stderr: stderr.join('\n') };
}

describe('.xls rosters that are web pages or XML spreadsheets', () => {
  it.each([
    ['an HTML page', HTML_ROSTER],
    ['an XML Spreadsheet 2003 file', SPREADSHEET_ML_ROSTER],
  ])('reads DS_hoc_sinh.xls when it is %s', async (_kind, roster) => {
    const result = await reconcile(roster);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.pupils.map((p) => [p.row, p.name, p.dob, p.bhxh, p.school, p.class, p.status])).toEqual([
      [4, 'Nguyễn Văn An', '2015-09-05', '0123456789', 'Trường Tiểu học An Lạc', '5A', 'insured'],
      [5, 'Trần Thị Bình', '2015-01-12', '7912345679', 'Trường Tiểu học An Lạc', '5A', 'uninsured'],
      [6, 'Lê Hoàng Cường', '2015-04-03', null, 'Trường Tiểu học An Lạc', '5A', 'uninsured'],
    ]);
    expect(result.pupils.every((p) => p.file === 'DS_hoc_sinh.xls')).toBe(true);
    expect(result.pupils[0].sheet).toBe(roster === HTML_ROSTER ? 'Bảng 1' : 'Lop 5A');
  });

  it('names an HTML page without a table (a login or error page saved as the list) as unreadable', async () => {
    const result = await reconcile('<html><body><h1>Phiên làm việc đã hết hạn</h1><p>Vui lòng đăng nhập lại</p></body></html>');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('không có bảng dữ liệu nào');
  });

  it('still refuses a text file saved as .xls with the Excel 97-2003 message', async () => {
    const result = await reconcile('STT,Họ và tên\n1,Nguyễn Văn An\n');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('không đọc được tệp Excel 97-2003');
  });
});
