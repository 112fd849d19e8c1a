/** HTML pages saved as .xls by government web systems: tables, spans, entities, encodings, broken markup. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtmlBytes, decodeHtmlEntities, readHtmlTables } from '../../src/read/html-tables.js';
import { sniffXlsLookalike } from '../../src/read/xls.js';

const ROSTER = `<!DOCTYPE html>
<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>DS hoc sinh <td>not a cell</td></title>
<style>td { mso-number-format:"\\@"; } .x<td>{}</style>
<script>var s = "<table><tr><td>not a table</td></tr></table>";</script>
</head>
<body>
<!-- <table><tr><td>commented out</td></tr></table> -->
<table border=1>
  <tr><td colspan=6>TRƯỜNG TIỂU HỌC AN LẠC</td></tr>
  <tr><td colspan="6" align=center><b>DANH SÁCH HỌC SINH</b><br>NĂM HỌC 2025&nbsp;-&nbsp;2026</td></tr>
  <tr></tr>
  <tr><th>STT</th><th>Họ và tên</th><th>Ngày sinh</th><th>Lớp</th><th>Mã số BHXH</th><th>Ghi chú</th></tr>
  <tr><td>1</td><td>Nguy&#7877;n V&#x103;n&nbsp;&nbsp;An</td><td>05/09/2015</td><td>5A</td><td style='mso-number-format:"\\@"'>0123456789</td><td></td></tr>
  <tr><td>2</td><td>  Trần
     Thị   <span>Bình</span> </td><td>12/01/2015</td><td>5A</td><td>7912345679</td><td>&nbsp;</td></tr>
  <tr><td>3</td><td>L&ecirc; Ho&agrave;ng C&#432;&#7901;ng</td><td>03/04/2015</td><td>5A</td><td>7912345680</td><td>Con &amp; ch&aacute;u</td></tr>
  <tr><td colspan=4>Tổng cộng: 3 học sinh</td><td></td></tr>
</table>
</body></html>`;

describe('readHtmlTables', () => {
  it('reads a roster page: title, header, pupils with entities and leading zeros, footer', () => {
    const tables = readHtmlTables(ROSTER);
    expect(tables).toHaveLength(1);
    expect(tables[0].name).toBe('Bảng 1');
    expect(tables[0].rows).toEqual([
      { row: 1, cells: ['TRƯỜNG TIỂU HỌC AN LẠC'] },
      { row: 2, cells: ['DANH SÁCH HỌC SINH NĂM HỌC 2025 - 2026'] },
      { row: 4, cells: ['STT', 'Họ và tên', 'Ngày sinh', 'Lớp', 'Mã số BHXH', 'Ghi chú'] },
      { row: 5, cells: ['1', 'Nguyễn Văn An', '05/09/2015', '5A', '0123456789'] },
      { row: 6, cells: ['2', 'Trần Thị Bình', '12/01/2015', '5A', '7912345679'] },
      { row: 7, cells: ['3', 'Lê Hoàng Cường', '03/04/2015', '5A', '7912345680', 'Con & cháu'] },
      { row: 8, cells: ['Tổng cộng: 3 học sinh'] },
    ]);
  });

  it('puts a colspan value in its first column and a rowspan value in its first row', () => {
    const [table] = readHtmlTables(`<table>
      <tr><td rowspan=2>A</td><td colspan=2>B</td><td>C</td></tr>
      <tr><td>D</td><td>E</td><td>F</td></tr>
      <tr><td colspan="2" rowspan="2">G</td><td>H</td></tr>
      <tr><td>I</td></tr>
    </table>`);
    expect(table.rows).toEqual([
      { row: 1, cells: ['A', 'B', null, 'C'] },
      { row: 2, cells: [null, 'D', 'E', 'F'] },
      { row: 3, cells: ['G', null, 'H'] },
      { row: 4, cells: [null, null, 'I'] },
    ]);
  });

  it('reads several tables, named by caption or the heading before them, and nested tables apart', () => {
    const tables = readHtmlTables(`<h2>Lớp 6A1</h2>
      <table><tr><td>x</td><td><table><caption>Ghi chú</caption><tr><td>inner</td></tr></table>after</td><td>y</td></tr></table>
      <p>text</p>
      <table><tr><td>second</td></tr></table>
      <h3>${'Một tiêu đề rất dài '.repeat(5)}</h3>
      <table><tr><td>third</td></tr></table>
      <table></table>
      <table><tr><td>&nbsp;</td></tr></table>`);
    expect(tables).toEqual([
      { name: 'Lớp 6A1', rows: [{ row: 1, cells: ['x', 'after', 'y'] }] },
      { name: 'Ghi chú', rows: [{ row: 1, cells: ['inner'] }] },
      { name: 'Bảng 3', rows: [{ row: 1, cells: ['second'] }] },
      { name: 'Bảng 4', rows: [{ row: 1, cells: ['third'] }] },
    ]);
  });

  it('survives broken HTML: unclosed cells and rows, stray end tags, tbody, a stray "<", unclosed table', () => {
    const [table] = readHtmlTables(`<TABLE><TBODY><TR><TD>1<TD>a < b</td></span></td>
      <tr><td>2</tr></tr><td>3</td><TD Colspan = "2" >c</TD>
      <tr><td>4&amp;5&bogus;&#0;</td>
      <tr><td>last`);
    expect(table.rows).toEqual([
      { row: 1, cells: ['1', 'a < b'] },
      { row: 2, cells: ['2'] },
      { row: 3, cells: ['3', 'c'] },
      { row: 4, cells: ['4&5&bogus;\ufffd'] },
      { row: 5, cells: ['last'] },
    ]);
    // An unclosed quote ends at the tag's ">" rather than swallowing the page.
    expect(readHtmlTables('<table><tr><td>a</td><td title="unclosed>b</td></tr></table>')[0].rows).toEqual([{ row: 1, cells: ['a', 'b'] }]);
    expect(readHtmlTables('<table><tr><td>a</td></tr><script>never closed')[0].rows).toEqual([{ row: 1, cells: ['a'] }]);
    expect(readHtmlTables('no tables here <p>at all')).toEqual([]);
  });

  it('is linear on large and pathological input', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<tr><td>${i}</td><td>Nguyễn Văn ${i}</td><td>01/01/2015</td>`).join('\n');
    let started = performance.now();
    const [table] = readHtmlTables(`<table>${rows}</table>`);
    expect(table.rows).toHaveLength(20_000);
    expect(table.rows[19_999]).toEqual({ row: 20_000, cells: ['19999', 'Nguyễn Văn 19999', '01/01/2015'] });
    expect(performance.now() - started).toBeLessThan(3000);
    started = performance.now();
    readHtmlTables('<table><tr>' + '<td x="'.repeat(50_000) + '<!--'.repeat(50_000) + '<'.repeat(50_000) + '&#'.repeat(50_000));
    readHtmlTables('<table>' + '<table><tr><td>'.repeat(20_000));
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

/** Windows-1258 bytes as Vietnamese Windows writes them: precomposed base letters, tone marks as combining characters. */
function windows1258(text: string): Buffer {
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const spelled = [...text.normalize('NFC')]
    .map((ch) => {
      if (!iconv.encode(ch, 'windows1258').includes(0x3f) || ch === '?') return ch;
      const nfd = ch.normalize('NFD');
      return nfd.replace(TONES, '').normalize('NFC') + (nfd.match(TONES) ?? []).join('');
    })
    .join('');
  return iconv.encode(spelled, 'windows1258');
}

describe('decoding the page', () => {
  const body = '<table><tr><td>Trường Tiểu học An Lạc</td><td>Nguyễn Thị Hương</td></tr></table>';

  it('follows <meta charset> for windows-1258 bytes', () => {
    const page = `<html><head><meta charset="windows-1258"></head><body>${body}</body></html>`;
    const bytes = windows1258(page);
    expect(bytes.equals(Buffer.from(page, 'utf8'))).toBe(false);
    expect(readHtmlTables(decodeHtmlBytes(bytes))[0].rows[0].cells).toEqual(['Trường Tiểu học An Lạc', 'Nguyễn Thị Hương']);
    const httpEquiv = windows1258(`<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Windows-1258"></head>${body}`);
    expect(readHtmlTables(decodeHtmlBytes(httpEquiv))[0].rows[0].cells[1]).toBe('Nguyễn Thị Hương');
  });

  it('reads UTF-8 with or without a BOM, and falls back to windows-1258 when the bytes are not UTF-8', () => {
    expect(decodeHtmlBytes(Buffer.from(`\ufeff${body}`, 'utf8'))).toBe(body);
    expect(decodeHtmlBytes(Buffer.from(body, 'utf8'))).toBe(body);
    expect(decodeHtmlBytes(windows1258(body))).toBe(body);
    expect(decodeHtmlBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]))).toBe(body);
  });

  it('decodes named and numeric entities', () => {
    expect(decodeHtmlEntities('&#7853;&#x1EAD;&#X1ead;&Dstrok;&amp;lt;&nbsp;&#150;&unknown;')).toBe('ậậậĐ&lt;\u00a0–&unknown;');
  });

  it('is told apart from a real .xls by sniffXlsLookalike', () => {
    expect(sniffXlsLookalike(Buffer.from(ROSTER))).toBe('html');
    expect(sniffXlsLookalike(Buffer.from('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'))).toBe('spreadsheet-ml');
    expect(sniffXlsLookalike(Buffer.from('STT,Họ và tên\n1,An\n'))).toBeNull();
    expect(sniffXlsLookalike(Buffer.alloc(0))).toBeNull();
  });
});
