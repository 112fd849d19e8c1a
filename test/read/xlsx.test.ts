import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { TableRow } from '../../src/read/table.js';
import { readXlsxSheets, XlsxFormatError, type XlsxSheet } from '../../src/read/xlsx.js';

const workDir = realpathSync(mkdtempSync(join(tmpdir(), 'xlsx-test-')));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let fileCount = 0;
function tempPath(name = 'book.xlsx'): string {
  return join(workDir, `${++fileCount}-${name}`);
}

const fixture = (name: string) => new URL(`../fixtures/xlsx/${name}`, import.meta.url).pathname;
const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

interface SheetContents {
  name: string;
  rows: TableRow[];
}

async function readAll(path: string): Promise<SheetContents[]> {
  const sheets: SheetContents[] = [];
  for await (const sheet of readXlsxSheets(path)) {
    const rows: TableRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    sheets.push({ name: sheet.name, rows });
  }
  return sheets;
}

async function cellsOf(path: string): Promise<unknown[][]> {
  const [sheet] = await readAll(path);
  return sheet.rows.map((r) => r.cells);
}

async function writeWorkbook(wb: ExcelJS.Workbook): Promise<string> {
  const path = tempPath();
  await wb.xlsx.writeFile(path);
  return path;
}

// ---------------------------------------------------------------------------------------------
// A small zip writer and reader, to rebuild workbooks in another order or damage them on purpose.

interface ZipPart {
  name: string;
  data: string | Buffer;
  /** Written instead of the real CRC, to damage the entry. */
  crc?: number;
  /** Keeps only this many compressed bytes (the directory agrees), to cut the entry short. */
  keepBytes?: number;
}

function zip(parts: ZipPart[], { zip64 = false, stored = false } = {}): Buffer {
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = Buffer.from(part.data);
    const packed = (stored ? data : deflateRawSync(data)).subarray(0, part.keepBytes);
    const name = Buffer.from(part.name);
    const crc = part.crc ?? crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const extra = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(packed.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(zip64 ? 0xffffffff : packed.length, 20);
    central.writeUInt32LE(zip64 ? 0xffffffff : data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    chunks.push(local, name, packed);
    directory.push(central, name, extra);
    offset += local.length + name.length + packed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : directoryBytes.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...chunks, directoryBytes, ...(zip64 ? zip64End(parts.length, directoryBytes.length, offset) : []), end]);
}

function zip64End(count: number, directorySize: number, directoryOffset: number): Buffer[] {
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
  locator.writeUInt32LE(1, 16);
  return [record, locator];
}

/** The entries of a zip in the order its central directory lists them. */
function unzip(buffer: Buffer): ZipPart[] {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const parts: ZipPart[] = [];
  let pos = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < buffer.readUInt16LE(end + 10); i++) {
    const nameLength = buffer.readUInt16LE(pos + 28);
    const local = buffer.readUInt32LE(pos + 42);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const packed = buffer.subarray(start, start + buffer.readUInt32LE(pos + 20));
    const data = buffer.readUInt16LE(pos + 10) === 8 ? inflateRawSync(packed) : packed;
    parts.push({ name: buffer.toString('utf8', pos + 46, pos + 46 + nameLength), data });
    pos += 46 + nameLength + buffer.readUInt16LE(pos + 30) + buffer.readUInt16LE(pos + 32);
  }
  return parts;
}

/** The parts with one of them changed. */
function replacePart(parts: ZipPart[], name: string, change: Partial<ZipPart>): ZipPart[] {
  return parts.map((part) => (part.name === name ? { ...part, ...change } : part));
}

function writeZip(parts: ZipPart[], options?: { zip64?: boolean; stored?: boolean }): string {
  const path = tempPath();
  writeFileSync(path, zip(parts, options));
  return path;
}

// ---------------------------------------------------------------------------------------------
// Hand-written workbooks, for what exceljs and LibreOffice do not write.

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CONTENT_TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const WORKBOOK_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';

/** A relationships part; each relationship is [id, type (last segment), target]. */
const relationships = (...items: [string, string, string][]) =>
  `<Relationships xmlns="${PACKAGE_REL_NS}">${items
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${target}"/>`)
    .join('')}</Relationships>`;
const worksheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="${MAIN_NS}"><sheetData>${rows}</sheetData></worksheet>`;
const sst = (items: string) => `<sst xmlns="${MAIN_NS}">${items}</sst>`;

interface HandSheet {
  name: string;
  /** The part's XML; a chart sheet when `chart` is set. */
  xml: string;
  chart?: boolean;
}

/** The parts of a workbook laid out as Excel does, with optional shared strings and styles. */
function handWorkbook(sheets: HandSheet[], { sharedStrings, styles }: { sharedStrings?: string; styles?: string } = {}) {
  const sheetPart = (sheet: HandSheet, i: number) => `${sheet.chart ? 'chartsheets' : 'worksheets'}/sheet${i + 1}.xml`;
  const sheetRelationships = sheets.map((s, i): [string, string, string] => [
    `rId${i + 1}`,
    s.chart ? 'chartsheet' : 'worksheet',
    sheetPart(s, i),
  ]);
  const optional: [string, string, string][] = [];
  if (sharedStrings) optional.push(['rIdS', 'sharedStrings', 'sharedStrings.xml']);
  if (styles) optional.push(['rIdT', 'styles', 'styles.xml']);
  const sheetList = sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return [
    {
      name: '[Content_Types].xml',
      data: `<Types xmlns="${CONTENT_TYPES_NS}"><Override PartName="/xl/workbook.xml" ContentType="${WORKBOOK_TYPE}"/></Types>`,
    },
    { name: '_rels/.rels', data: relationships(['rId1', 'officeDocument', 'xl/workbook.xml']) },
    { name: 'xl/workbook.xml', data: `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheetList}</sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: relationships(...sheetRelationships, ...optional) },
    ...sheets.map((s, i) => ({ name: `xl/${sheetPart(s, i)}`, data: s.xml })),
    ...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', data: sharedStrings }] : []),
    ...(styles ? [{ name: 'xl/styles.xml', data: styles }] : []),
  ];
}

// ---------------------------------------------------------------------------------------------

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Thị', 'Văn', 'Ngọc', 'Minh', 'Hữu', 'Thanh', 'Đức', 'Quốc'];
const GIVEN = ['Ánh', 'Hùng', 'Hải', 'Lan', 'Tuấn', 'Trâm', 'Khoa', 'Yến', 'Ưng', 'Phúc', 'Quỳnh', 'Tiến', 'Thắm', 'Hòa', 'Ẩn', 'Ỷ'];
/** Distinct Vietnamese names, written in NFC and in NFD (as some Mac and web tools save them). */
const pupilNames = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const nfc = `${SURNAMES[i % 16]} ${MIDDLE[(i >> 4) % 8]} ${GIVEN[(i >> 7) % 16]} ${i}, Trường Tiểu học Lê Minh Xuân, ấp Ổ Đà`;
    return [nfc, nfc.normalize('NFD')];
  });

describe('readXlsxSheets: Vietnamese text across chunk boundaries', () => {
  const names = pupilNames(3000);

  async function viaWorkbook(): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Học sinh');
    for (const pair of names) sheet.addRow(pair);
    return writeWorkbook(wb);
  }

  async function viaStreamingWriter(useSharedStrings: boolean): Promise<string> {
    const path = tempPath();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings });
    const sheet = wb.addWorksheet('Học sinh');
    for (const pair of names) sheet.addRow(pair).commit();
    sheet.commit();
    await wb.commit();
    return path;
  }

  it('has a shared string table long enough that a 64 KB boundary falls inside a character', async () => {
    const strings = unzip(readFileSync(await viaWorkbook())).find((p) => p.name === 'xl/sharedStrings.xml')!.data as Buffer;
    const boundaries = Array.from({ length: Math.floor(strings.length / 65536) }, (_, k) => strings[(k + 1) * 65536]);
    expect(boundaries.length).toBeGreaterThan(4);
    expect(boundaries.filter((byte) => byte >= 0x80 && byte < 0xc0).length).toBeGreaterThan(0);
  });

  it.each([
    ['exceljs Workbook, shared strings', viaWorkbook],
    ['exceljs WorkbookWriter, shared strings', () => viaStreamingWriter(true)],
    ['exceljs WorkbookWriter, inline strings', () => viaStreamingWriter(false)],
  ])('returns every NFC and NFD string exactly (%s)', async (_, write) => {
    const rows = (await readAll(await write()))[0].rows;
    expect(rows.map((r) => r.cells)).toEqual(names);
    expect(rows.map((r) => r.row)).toEqual(names.map((_, i) => i + 1));
  });
});

describe('readXlsxSheets on exceljs workbooks', () => {
  it('returns worksheets in tab order with their names, hidden ones included', async () => {
    const wb = new ExcelJS.Workbook();
    for (const [name, state] of [
      ['Lớp 1A', 'visible'],
      ['Ẩn', 'hidden'],
      ['Tổng & hợp', 'veryHidden'],
      ['Lớp 1B', 'visible'],
    ] as const) {
      wb.addWorksheet(name, { state }).addRow([name]);
    }
    const sheets = await readAll(await writeWorkbook(wb));
    expect(sheets.map((s) => s.name)).toEqual(['Lớp 1A', 'Ẩn', 'Tổng & hợp', 'Lớp 1B']);
    expect(sheets.map((s) => s.rows[0].cells[0])).toEqual(['Lớp 1A', 'Ẩn', 'Tổng & hợp', 'Lớp 1B']);
  });

  it('reads dates by their number format, leaving other numbers (IDs, elapsed times) as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Ngày');
    const formats: [ExcelJS.CellValue, string][] = [
      [day(2015, 3, 7), 'dd/mm/yyyy'],
      [day(2014, 12, 31), 'd "tháng" m "năm" yyyy'],
      [day(2016, 1, 1), 'mm-dd-yy'], // built-in format 14
      [new Date(Date.UTC(2015, 2, 7, 18, 30)), 'dd/mm/yyyy hh:mm'],
      [44926.99999999999, 'dd/mm/yyyy'], // a midnight with float noise
      [59, 'dd/mm/yyyy'],
      [61, 'dd/mm/yyyy'],
      [1.5, '[h]:mm'],
      [79220911772, '0'],
      [3.25, '0.00'],
    ];
    formats.forEach(([value, numFmt], i) => {
      const cell = sheet.getCell(i + 1, 1);
      cell.value = value;
      cell.numFmt = numFmt;
    });
    sheet.getCell('B1').value = '079220911772';
    expect((await cellsOf(await writeWorkbook(wb))).map((cells) => cells[0])).toEqual([
      day(2015, 3, 7),
      day(2014, 12, 31),
      day(2016, 1, 1),
      day(2015, 3, 7),
      day(2023, 1, 1),
      day(1900, 2, 28),
      day(1900, 3, 1),
      1.5,
      79220911772,
      3.25,
    ]);
    expect((await cellsOf(await writeWorkbook(wb)))[0][1]).toBe('079220911772');
  });

  it('reads dates of the 1904 date system', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const cell = wb.addWorksheet('1904').getCell('A1');
    cell.value = day(2015, 3, 7);
    cell.numFmt = 'dd/mm/yyyy';
    expect(await cellsOf(await writeWorkbook(wb))).toEqual([[day(2015, 3, 7)]]);
  });

  it('reads booleans, errors as empty, and the cached results of formulas', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Công thức');
    sheet.addRow([1, 'Nguyễn Thị Ngọc Ánh', day(2015, 3, 7), true, false, { error: '#N/A' }, 'x']);
    sheet.addRow([
      { formula: 'A1*2', result: 2 },
      { formula: 'B1&" (HS)"', result: 'Nguyễn Thị Ngọc Ánh (HS)' },
      { formula: 'C1+1', result: day(2015, 3, 8) },
      { formula: 'NOT(E1)', result: true },
      { formula: '1/0', result: { error: '#DIV/0!' } },
      { formula: 'IF(A1=1,"","x")', result: '' },
      'y',
    ]);
    sheet.getColumn(3).numFmt = 'dd/mm/yyyy';
    expect(await cellsOf(await writeWorkbook(wb))).toEqual([
      [1, 'Nguyễn Thị Ngọc Ánh', day(2015, 3, 7), true, false, null, 'x'],
      [2, 'Nguyễn Thị Ngọc Ánh (HS)', day(2015, 3, 8), true, null, null, 'y'],
    ]);
  });

  it('skips empty rows, keeps row numbers, fills holes with null and gives merged values once', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Lớp');
    sheet.getCell('A1').value = 'STT';
    sheet.getCell('D1').value = 'Ghi chú';
    sheet.getCell('B3').font = { bold: true }; // styled but empty: row 3 holds no value
    sheet.getCell('A5').value = 'Tổng cộng: 3 học sinh';
    sheet.mergeCells('A5:C5');
    const rows = (await readAll(await writeWorkbook(wb)))[0].rows;
    expect(rows).toEqual([
      { row: 1, cells: ['STT', null, null, 'Ghi chú'], fonts: ['Calibri', undefined, undefined, 'Calibri'] },
      { row: 5, cells: ['Tổng cộng: 3 học sinh'], fonts: ['Calibri'] },
    ]);
  });

  it('joins rich text and gives each cell its font name, the first run of rich text overriding', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Phông');
    const row = sheet.addRow([
      'NguyÔn V¨n An',
      { richText: [{ text: 'Ng', font: { name: '.VnTime' } }, { text: 'uyÔn', font: { name: 'Arial' } }] },
      { richText: [{ text: 'Tr' }, { text: 'ần', font: { bold: true } }] },
      'Trần',
    ]);
    row.getCell(1).font = { name: '.VnTime', size: 13 };
    row.getCell(3).font = { name: 'VNI-Times' };
    expect((await readAll(await writeWorkbook(wb)))[0].rows).toEqual([
      { row: 1, cells: ['NguyÔn V¨n An', 'NguyÔn', 'Trần', 'Trần'], fonts: ['.VnTime', '.VnTime', 'VNI-Times', 'Calibri'] },
    ]);
  });

  it('reads a workbook whose zip lists xl/workbook.xml after its sheets', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Lớp 1A').addRow(['Trần Văn Hải', 79220911772]);
    wb.addWorksheet('Lớp 1B').addRow(['Lê Thị Hoa']);
    const original = await writeWorkbook(wb);
    const parts = unzip(readFileSync(original));
    const isWorkbook = (p: ZipPart) => p.name.startsWith('xl/workbook') || p.name.startsWith('xl/_rels/workbook');
    const reordered = [...parts.filter((p) => !isWorkbook(p)).reverse(), ...parts.filter(isWorkbook)];
    expect(reordered.at(-1)!.name).toMatch(/^xl\/(workbook|_rels\/workbook)/);
    const path = writeZip(reordered);
    expect(await readAll(path)).toEqual(await readAll(original));
    expect((await readAll(path)).map((s) => s.rows[0].cells)).toEqual([['Trần Văn Hải', 79220911772], ['Lê Thị Hoa']]);
  });
});

describe('readXlsxSheets on LibreOffice workbooks', () => {
  it('reads the roster converted from the .xls fixture like the .xls reader does', async () => {
    const sheets = await readAll(fixture('roster.xlsx'));
    expect(sheets.map((s) => s.name)).toEqual(['Lớp 1A', 'Danh sách', 'Ẩn']);
    const roster = sheets[0].rows;
    expect(roster.map((r) => r.cells)).toEqual([
      ['STT', 'Họ và tên', 'Ngày sinh', 'Mã số BHXH', 'Số thẻ', 'Đã có thẻ', 'Ghi chú'],
      [1, 'Nguyễn Thị Ngọc Ánh', day(2015, 3, 7), 79220911772, 120878811, true, 'Chuyển đến'],
      [2, 'Đặng Văn Hùng', day(2014, 12, 31), 7922091177, 3.25, false],
      [3, 'NguyÔn V¨n An', day(2016, 1, 1)],
      [4, 'Nguyễn Thị Ngọc Ánh (HS)', day(2015, 3, 8), 158441823544, 13],
      ['Tổng cộng: 3 học sinh'],
    ]);
    expect(roster.map((r) => r.row)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(roster[3].fonts).toEqual(['Calibri', '.VnTime', 'Calibri']);
    expect(sheets[1].rows).toHaveLength(62);
    expect(sheets[1].rows[1].cells[0]).toBe('Nguyễn Thị Ngọc Ánh số 1');
    expect(sheets[2].rows).toEqual([{ row: 1, cells: ['bí mật'], fonts: ['Calibri'] }]);
  });

  it('reads dates of a 1904 workbook (date1904="true")', async () => {
    expect(await cellsOf(fixture('dates1904.xlsx'))).toEqual([['Ngày sinh', day(2015, 3, 7)]]);
  });
});

describe('readXlsxSheets on hand-written parts', () => {
  it('leaves out chart sheets', async () => {
    const chart = `<chartsheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><drawing r:id="rId1"/></chartsheet>`;
    const path = writeZip(
      handWorkbook([
        { name: 'Dữ liệu', xml: worksheet('<row r="1"><c r="A1"><v>1</v></c></row>') },
        { name: 'Biểu đồ', xml: chart, chart: true },
        { name: 'Cuối', xml: worksheet('<row r="1"><c r="A1"><v>2</v></c></row>') },
      ]),
    );
    expect((await readAll(path)).map((s) => [s.name, s.rows[0].cells])).toEqual([
      ['Dữ liệu', [1]],
      ['Cuối', [2]],
    ]);
  });

  it('reads prefixed elements, missing references, entities, escapes, CDATA, a BOM, inline and ISO date cells', async () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- written by a .NET exporter, with a byte order mark -->
<x:worksheet xmlns:x="${MAIN_NS}"><x:sheetData>
  <x:row><x:c t="inlineStr"><x:is><x:t>Trần &amp; Lê &#x1EA0; &#7840;</x:t></x:is></x:c><x:c><x:v>7</x:v></x:c></x:row>
  <x:row r="3" spans="1:3"><x:c r="C3" t='str'><x:v>A_x000D_B _x005F_x000D_</x:v></x:c></x:row>
  <x:row><x:c r="B4" t="d"><x:v>2015-03-07T00:00:00</x:v></x:c><x:c t="e"><x:v>#REF!</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c></x:row>
  <x:row><x:c t="str"><x:v><![CDATA[<b>đậm</b>]]></x:v></x:c><x:c t="str"><x:v>dòng 1\r\ndòng 2</x:v></x:c></x:row>
</x:sheetData></x:worksheet>`;
    const rows = (await readAll(writeZip(handWorkbook([{ name: 'A', xml }]))))[0].rows;
    expect(rows.map((r) => [r.row, r.cells])).toEqual([
      [1, ['Trần & Lê Ạ Ạ', 7]],
      [3, [null, null, 'A\rB _x000D_']],
      [4, [null, day(2015, 3, 7), null, false]],
      [5, ['<b>đậm</b>', 'dòng 1\ndòng 2']],
    ]);
  });

  it('reads shared strings with rich runs, phonetic guides and kept spaces, and fonts through styles', async () => {
    const strings = sst(
      '<si><t xml:space="preserve">  Hải  </t></si>' +
        '<si><r><rPr><rFont val=".VnTime"/></rPr><t>Ng</t></r><r><t>uyÔn</t></r><rPh sb="0" eb="1"><t>グエン</t></rPh></si>' +
        '<si><t/></si>',
    );
    const styles = `<styleSheet xmlns="${MAIN_NS}"><numFmts><numFmt numFmtId="200" formatCode="dd/mm/yyyy;@"/></numFmts>
<fonts><font><name val="Calibri"/></font><font><b/><name val="VNI-Times"/></font></fonts>
<cellStyleXfs><xf numFmtId="14" fontId="0"/></cellStyleXfs>
<cellXfs><xf numFmtId="0" fontId="0"/><xf numFmtId="200" fontId="1"/><xf numFmtId="49" fontId="1"/></cellXfs>
<dxfs><dxf><font><name val="Wingdings"/></font><numFmt numFmtId="0" formatCode="yyyy"/></dxf></dxfs></styleSheet>`;
    const xml = worksheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s" s="2"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
        '<c r="D1" s="1"><v>42070</v></c><c r="E1" s="2"><v>42070</v></c><c r="F1" s="7"><v>5</v></c></row>',
    );
    const path = writeZip(handWorkbook([{ name: 'A', xml }], { sharedStrings: strings, styles }));
    expect((await readAll(path))[0].rows).toEqual([
      {
        row: 1,
        cells: ['  Hải  ', 'NguyÔn', null, day(2015, 3, 7), 42070, 5],
        fonts: ['Calibri', '.VnTime', undefined, 'VNI-Times', 'VNI-Times', undefined],
      },
    ]);
  });

  it('follows relationships to a workbook not at xl/workbook.xml, with absolute and relative targets in any case', async () => {
    const parts: ZipPart[] = [
      { name: '_rels/.rels', data: relationships(['a', 'officeDocument', '/excel/book.xml']) },
      {
        name: 'excel/book.xml',
        data: `<workbook xmlns="${MAIN_NS}" xmlns:rel="${REL_NS}"><sheets><sheet name="Một" rel:id="s1"/></sheets></workbook>`,
      },
      {
        name: 'excel/_rels/book.xml.rels',
        data: relationships(['s1', 'worksheet', '/Excel/Data/Sheet%201.XML'], ['t', 'sharedStrings', '../shared/strings.xml']),
      },
      { name: 'excel/data/sheet 1.xml', data: worksheet('<row r="2"><c r="A2" t="s"><v>0</v></c></row>') },
      { name: 'shared/strings.xml', data: sst('<si><t>Ở đây</t></si>') },
    ];
    expect(await readAll(writeZip(parts))).toEqual([{ name: 'Một', rows: [{ row: 2, cells: ['Ở đây'], fonts: [undefined] }] }]);
  });

  it('finds the workbook through [Content_Types].xml when the package relationships are missing', async () => {
    const parts = handWorkbook([{ name: 'A', xml: worksheet('<row r="1"><c r="A1"><v>1</v></c></row>') }]);
    expect(await cellsOf(writeZip(parts.filter((p) => p.name !== '_rels/.rels')))).toEqual([[1]]);
  });

  it('reads zip64 archives and stored (uncompressed) entries', async () => {
    const parts = handWorkbook([{ name: 'A', xml: worksheet('<row r="1"><c r="A1"><v>64</v></c></row>') }]);
    expect(await cellsOf(writeZip(parts, { zip64: true }))).toEqual([[64]]);
    expect(await cellsOf(writeZip(parts, { stored: true }))).toEqual([[64]]);
  });
});

describe('readXlsxSheets on files it cannot read', () => {
  async function firstError(path: string): Promise<unknown> {
    try {
      await readAll(path);
    } catch (error) {
      return error;
    }
    throw new Error('expected an error');
  }

  async function exceljsWorkbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('A');
    for (const [nfc] of pupilNames(2000)) sheet.addRow([nfc]);
    return readFileSync(await writeWorkbook(wb));
  }

  function writeBytes(data: Buffer | string): string {
    const path = tempPath();
    writeFileSync(path, data);
    return path;
  }

  const sheetParts = (xml: string, sharedStrings?: string) => handWorkbook([{ name: 'A', xml }], { sharedStrings });

  it.each([
    ['an empty file', '', /not a zip archive: the file is empty/],
    ['a CSV file', 'STT,Họ và tên\n1,Nguyễn Văn An\n', /not a zip archive/],
    ['an Excel 97-2003 file', readFileSync(new URL('../fixtures/xls/roster.xls', import.meta.url)), /Office compound file/],
  ])('refuses %s', async (_, data, message) => {
    const error = await firstError(writeBytes(data));
    expect(error).toBeInstanceOf(XlsxFormatError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a truncated file', async () => {
    const whole = await exceljsWorkbook();
    for (const length of [10, 1000, Math.floor(whole.length * 0.6), whole.length - 30]) {
      const error = await firstError(writeBytes(whole.subarray(0, length)));
      expect(error).toBeInstanceOf(XlsxFormatError);
      expect((error as Error).message).toMatch(/damaged zip archive|not a zip/);
    }
  });

  it.each<[string, ZipPart[], RegExp]>([
    ['no workbook', [{ name: 'readme.txt', data: 'hello' }], /no workbook in the zip archive/],
    [
      'a Word document',
      [
        { name: '_rels/.rels', data: relationships(['a', 'officeDocument', 'word/document.xml']) },
        { name: 'word/document.xml', data: '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>' },
      ],
      /no Excel workbook: its main part is a <document>/,
    ],
    ['a binary workbook', [{ name: '_rels/.rels', data: relationships(['a', 'officeDocument', 'xl/workbook.bin']) }], /\.xlsb/],
    ['a missing sheet part', handWorkbook([{ name: 'A', xml: '' }]).slice(0, -1), /sheet "A" \(xl\/worksheets\/sheet1\.xml\) is missing/],
    ['broken workbook XML', replacePart(handWorkbook([]), 'xl/workbook.xml', { data: '<workbook><sheets></workbook>' }), /<\/workbook> where <\/sheets> belongs/],
  ])('refuses a zip with %s', async (_, parts, message) => {
    const error = await firstError(writeZip(parts));
    expect(error).toBeInstanceOf(XlsxFormatError);
    expect((error as Error).message).toMatch(message);
  });

  /** Reads until the rows fail; the sheet itself must have been opened. */
  async function rowsUntilError(path: string): Promise<{ rows: number; error: unknown }> {
    let rows = 0;
    for await (const sheet of readXlsxSheets(path)) {
      try {
        for await (const _ of sheet.rows) rows++;
      } catch (error) {
        return { rows, error };
      }
    }
    throw new Error('expected an error from the rows');
  }

  const manyRows = Array.from(
    { length: 3000 },
    (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>Học sinh số ${i + 1}</t></is></c></row>`,
  ).join('');
  const SHEET = 'xl/worksheets/sheet1.xml';
  const twoSharedStringCells = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>';

  it.each([
    ['XML that ends early', sheetParts(worksheet(manyRows).replace('</sheetData></worksheet>', '')), /sheet1\.xml: the XML ends early/, 3000],
    ['compressed data cut short', replacePart(sheetParts(worksheet(manyRows)), SHEET, { keepBytes: 4000 }), /sheet1\.xml cannot be unpacked/, 1],
    ['a wrong checksum', replacePart(sheetParts(worksheet(manyRows)), SHEET, { crc: 1234 }), /sheet1\.xml does not match its checksum/, 3000],
    ['a missing shared string', sheetParts(worksheet(twoSharedStringCells), sst('<si><t>a</t></si>')), /shared string 1, which does not exist/, 0],
    ['mismatched tags', sheetParts(worksheet('<row r="1"><c r="A1"><v>1</c></row>')), /<\/c> where <\/v> belongs/, 0],
  ])('throws from the rows of a sheet with %s', async (_, parts, message, minimumRows) => {
    const { rows, error } = await rowsUntilError(writeZip(parts));
    expect(error).toBeInstanceOf(XlsxFormatError);
    expect((error as Error).message).toMatch(message);
    expect(rows).toBeGreaterThanOrEqual(minimumRows);
  });
});

describe('readXlsxSheets when the reader stops early', () => {
  /** How many descriptors this process holds open on the file (Linux only). */
  const openDescriptors = (path: string) =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;

  async function twoSheets(): Promise<string> {
    const path = tempPath();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    for (const name of ['Một', 'Hai']) {
      const sheet = wb.addWorksheet(name);
      for (let i = 1; i <= 20000; i++) sheet.addRow([name, i, `Học sinh số ${i}`]).commit();
      sheet.commit();
    }
    await wb.commit();
    return path;
  }

  it.runIf(existsSync('/proc/self/fd'))('closes the file when the loop breaks in the middle of a sheet', async () => {
    const path = await twoSheets();
    let seen = 0;
    for await (const sheet of readXlsxSheets(path)) {
      for await (const row of sheet.rows) {
        expect(openDescriptors(path)).toBe(1);
        seen = row.row;
        if (row.row === 5) break;
      }
      break;
    }
    expect(seen).toBe(5);
    expect(openDescriptors(path)).toBe(0);
  });

  it('goes on to the next sheet after a sheet is left unfinished', async () => {
    const sheets: [string, number][] = [];
    for await (const sheet of readXlsxSheets(await twoSheets())) {
      let count = 0;
      for await (const _ of sheet.rows) if (++count === 3 && sheet.name === 'Một') break;
      sheets.push([sheet.name, count]);
    }
    expect(sheets).toEqual([
      ['Một', 3],
      ['Hai', 20000],
    ]);
  });

  it('refuses to read the rows of a sheet after the next sheet was asked for', async () => {
    const sheets: XlsxSheet[] = [];
    for await (const sheet of readXlsxSheets(await twoSheets())) sheets.push(sheet);
    expect(() => sheets[0].rows[Symbol.asyncIterator]()).toThrow(/after the next sheet/);
  });
});

describe('formulas saved without their value', () => {
  async function notesOf(path: string): Promise<{ row: number; message: string }[]> {
    const notes = [];
    for await (const sheet of readXlsxSheets(path)) {
      for await (const _row of sheet.rows);
      notes.push(...sheet.notes());
    }
    return notes;
  }

  it('reads them as empty and says how many, naming the first cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(['Họ', 'Tên', 'Họ và tên']);
    ws.addRow(['Nguyễn Văn', 'An', { formula: 'A2&" "&B2' }]);
    ws.addRow(['Trần Thị', 'Bình', { formula: 'A3&" "&B3' }]);
    const path = await writeWorkbook(wb);
    expect((await cellsOf(path))[1]).toEqual(['Nguyễn Văn', 'An']);
    expect(await notesOf(path)).toEqual([{ row: 2, message: expect.stringContaining('2 ô có công thức chưa được tính (ô đầu tiên: C2)') }]);
  });

  it('says nothing of formulas saved with their value, even an empty one', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(['Nguyễn Văn', 'An', { formula: 'A1&" "&B1', result: 'Nguyễn Văn An' }, { formula: 'IF(1,"","x")', result: '' }]);
    const path = await writeWorkbook(wb);
    expect((await cellsOf(path))[0][2]).toBe('Nguyễn Văn An');
    expect(await notesOf(path)).toEqual([]);
  });
});
