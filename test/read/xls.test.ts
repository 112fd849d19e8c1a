import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCompoundStream } from '../../src/read/cfb.js';
import { excelSerialToDate, isDateFormatCode, readXls, XlsFormatError, type XlsSheet } from '../../src/read/xls.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/xls/${name}`, import.meta.url));
const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

function sheetNamed(sheets: XlsSheet[], name: string): XlsSheet {
  const sheet = sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

/** The records of a fixture's workbook stream, to check what the fixture exercises. */
function biffRecords(xls: Buffer): { type: number; body: Buffer }[] {
  const stream = readCompoundStream(xls, 'Workbook')!;
  const records = [];
  for (let pos = 0; pos + 4 <= stream.length; pos += 4 + stream.readUInt16LE(pos + 2)) {
    records.push({ type: stream.readUInt16LE(pos), body: stream.subarray(pos + 4, pos + 4 + stream.readUInt16LE(pos + 2)) });
  }
  return records;
}

describe('readXls on LibreOffice-written workbooks', () => {
  const roster = fixture('roster.xls');
  const sheets = readXls(roster);

  it('returns worksheets in tab order, very hidden ones included', () => {
    expect(sheets.map((s) => s.name)).toEqual(['Lớp 1A', 'Danh sách', 'Ẩn']);
    expect(sheetNamed(sheets, 'Ẩn').rows).toEqual([{ row: 1, cells: ['bí mật'], fonts: ['Calibri'] }]);
  });

  it('reads Vietnamese text, numbers as numbers, dd/mm/yyyy dates, booleans and formula results', () => {
    const rows = sheetNamed(sheets, 'Lớp 1A').rows;
    expect(rows.map((r) => r.cells)).toEqual([
      ['STT', 'Họ và tên', 'Ngày sinh', 'Mã số BHXH', 'Số thẻ', 'Đã có thẻ', 'Ghi chú'],
      [1, 'Nguyễn Thị Ngọc Ánh', day(2015, 3, 7), 79220911772, 120878811, true, 'Chuyển đến'],
      [2, 'Đặng Văn Hùng', day(2014, 12, 31), 7922091177, 3.25, false],
      [3, 'NguyÔn V¨n An', day(2016, 1, 1)],
      // Formulas: a cached string (STRING record), a date, a large number, an integer.
      [4, 'Nguyễn Thị Ngọc Ánh (HS)', day(2015, 3, 8), 158441823544, 13],
      // Merged A7:C7: the value sits in the top-left cell only.
      ['Tổng cộng: 3 học sinh'],
    ]);
  });

  it('numbers rows from 1 and leaves out the empty row', () => {
    expect(sheetNamed(sheets, 'Lớp 1A').rows.map((r) => r.row)).toEqual([1, 2, 3, 5, 6, 7]);
  });

  it('gives the font name of every cell, so legacy fonts can be spotted', () => {
    const legacyRow = sheetNamed(sheets, 'Lớp 1A').rows.find((r) => r.row === 5)!;
    expect(legacyRow.fonts).toEqual(['Calibri', '.VnTime', 'Calibri']);
    for (const row of sheetNamed(sheets, 'Lớp 1A').rows) expect(row.fonts).toHaveLength(row.cells.length);
  });

  it('reads a shared string table that spills into CONTINUE records', () => {
    const types = biffRecords(roster).map((r) => r.type);
    expect(types[types.indexOf(0x00fc) + 1]).toBe(0x003c); // SST followed by CONTINUE
    const surnames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
    const expected = [['Họ và tên học sinh']];
    for (let i = 0; i < 60; i++) {
      expected.push([0, 1, 2, 3].map((j) => `${surnames[(i + j) % 10]} Thị Ngọc Ánh số ${i * 4 + j + 1}`));
    }
    expected.push(['Pupil 241', 'Pupil 242']);
    expect(sheetNamed(sheets, 'Danh sách').rows.map((r) => r.cells)).toEqual(expected);
  });

  it('uses the 1904 date system when DATEMODE says so', () => {
    const data = fixture('dates1904.xls');
    expect(biffRecords(data).find((r) => r.type === 0x0022)?.body.readUInt16LE(0)).toBe(1);
    expect(readXls(data)).toEqual([{ name: '1904', rows: [{ row: 1, cells: ['Ngày sinh', day(2015, 3, 7)], fonts: ['Calibri', 'Calibri'] }] }]);
  });
});

describe('excelSerialToDate', () => {
  it('follows the 1900 system with its fictitious 29 February', () => {
    expect(excelSerialToDate(1, false)).toEqual(day(1900, 1, 1));
    expect(excelSerialToDate(59, false)).toEqual(day(1900, 2, 28));
    expect(excelSerialToDate(60, false)).toEqual(day(1900, 3, 1));
    expect(excelSerialToDate(61, false)).toEqual(day(1900, 3, 1));
    expect(excelSerialToDate(42070, false)).toEqual(day(2015, 3, 7));
    expect(excelSerialToDate(2958465, false)).toEqual(day(9999, 12, 31));
  });

  it('follows the 1904 system', () => {
    expect(excelSerialToDate(0, true)).toEqual(day(1904, 1, 1));
    expect(excelSerialToDate(42070 - 1462, true)).toEqual(day(2015, 3, 7));
  });

  it('drops the time of day, keeping float-rounded midnights on their day', () => {
    expect(excelSerialToDate(42070.99, false)).toEqual(day(2015, 3, 7));
    expect(excelSerialToDate(42071 - 1e-11, false)).toEqual(day(2015, 3, 8));
  });

  it('refuses what Excel shows as ####', () => {
    expect(excelSerialToDate(-1, false)).toBeNull();
    expect(excelSerialToDate(2958466, false)).toBeNull();
    expect(excelSerialToDate(79220911772, false)).toBeNull();
    expect(excelSerialToDate(Number.NaN, true)).toBeNull();
  });
});

describe('isDateFormatCode', () => {
  it.each(['dd/mm/yyyy', 'DD/MM/YYYY', 'mmm-yy', 'mmmm', '[$-42A]d mmmm yyyy', 'yyyy-mm-dd hh:mm', '[Red]d/m'])('%s is a date', (code) => {
    expect(isDateFormatCode(code)).toBe(true);
  });

  it.each(['General', '0', '#,##0.00', '0.00E+00', 'h:mm', 'hh:mm:ss', 'h:mm AM/PM', '[h]:mm:ss', '[mm]', '[m]:ss', 'mm:ss.0', '#,##0 "đ/ngày"', '0\\d', '@'])(
    '%s is not a date',
    (code) => {
      expect(isDateFormatCode(code)).toBe(false);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Hand-built workbooks for cases LibreOffice does not write.

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const f64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b;
};
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const utf16 = (s: string) => Buffer.from(s, 'utf16le');
const cat = (...parts: Buffer[]) => Buffer.concat(parts);

const record = (type: number, ...body: Buffer[]) => cat(u16(type), u16(body.reduce((n, b) => n + b.length, 0)), ...body);
const bof = (kind: number, version = 0x0600) => record(0x0809, u16(version), u16(kind), Buffer.alloc(12));
const eof = () => record(0x000a);
const cellHeader = (row: number, col: number, xf = 0) => cat(u16(row), u16(col), u16(xf));
const shortString = (s: string) => cat(Buffer.from([s.length, 1]), utf16(s));
const longString = (s: string) => cat(u16(s.length), Buffer.from([1]), utf16(s));
const font = (name: string) => record(0x0031, Buffer.alloc(14), shortString(name));
const xf = (fontIndex: number, formatIndex: number) => record(0x00e0, u16(fontIndex), u16(formatIndex), Buffer.alloc(16));
const rkInteger = (n: number) => (n << 2) | 2;

interface SheetSpec {
  name: string;
  kind?: number;
  records: Buffer[];
}

/** A BIFF8 workbook stream: globals with one BOUNDSHEET per sheet, then the sheet substreams. */
function workbook(globals: Buffer[], sheets: SheetSpec[]): Buffer {
  const boundSheets = (offsets: number[]) =>
    sheets.map((s, i) => record(0x0085, u32(offsets[i]), Buffer.from([0, s.kind ?? 0]), shortString(s.name)));
  const globalsLength = cat(bof(5), ...globals, ...boundSheets(sheets.map(() => 0)), eof()).length;
  const bodies = sheets.map((s) => cat(...s.records));
  const offsets: number[] = [];
  let offset = globalsLength;
  for (const body of bodies) {
    offsets.push(offset);
    offset += body.length;
  }
  return cat(bof(5), ...globals, ...boundSheets(offsets), eof(), ...bodies);
}

const worksheet = (name: string, ...cells: Buffer[]): SheetSpec => ({ name, records: [bof(0x10), ...cells, eof()] });

const END_OF_CHAIN = 0xfffffffe;
const NO_STREAM = 0xffffffff;

/** Appends `data` to `store` in sectors of `size`, linking them in `table`; returns the first sector. */
function allocate(table: number[], store: Buffer[], data: Buffer, size: number): number {
  if (data.length === 0) return END_OF_CHAIN;
  const first = store.length;
  const count = Math.ceil(data.length / size);
  for (let i = 0; i < count; i++) {
    const sector = Buffer.alloc(size);
    data.copy(sector, 0, i * size, (i + 1) * size);
    store.push(sector);
    table.push(i + 1 < count ? first + i + 1 : END_OF_CHAIN);
  }
  return first;
}

function directoryEntry(name: string, type: number, start: number, size: number, child = NO_STREAM, right = NO_STREAM): Buffer {
  const entry = Buffer.alloc(128);
  utf16(name).copy(entry);
  entry.writeUInt16LE((name.length + 1) * 2, 0x40);
  entry[0x42] = type;
  entry[0x43] = 1;
  entry.writeUInt32LE(NO_STREAM, 0x44);
  entry.writeUInt32LE(right, 0x48);
  entry.writeUInt32LE(child, 0x4c);
  entry.writeUInt32LE(start, 0x74);
  entry.writeUInt32LE(size, 0x78);
  return entry;
}

/** A version 3 compound file (512-byte sectors, one FAT sector) holding `streams` under the root. */
function compoundFile(streams: Record<string, Buffer>): Buffer {
  const fat = [0xfffffffd];
  const sectors: Buffer[] = [Buffer.alloc(0)];
  const miniFat: number[] = [];
  const miniSectors: Buffer[] = [];
  const names = Object.keys(streams);
  const starts = names.map((name) =>
    streams[name].length < 4096 ? allocate(miniFat, miniSectors, streams[name], 64) : allocate(fat, sectors, streams[name], 512),
  );
  const miniStream = cat(...miniSectors);
  const rootStart = allocate(fat, sectors, miniStream, 512);
  const miniFatStart = allocate(fat, sectors, cat(...miniFat.map(u32)), 512);
  const entries = names.map((name, i) => directoryEntry(name, 2, starts[i], streams[name].length, NO_STREAM, i + 2 <= names.length ? i + 2 : NO_STREAM));
  const directoryStart = allocate(fat, sectors, cat(directoryEntry('Root Entry', 5, rootStart, miniStream.length, 1), ...entries), 512);
  if (fat.length > 128) throw new Error('test file too big for one FAT sector');
  sectors[0] = cat(...fat.map(u32), Buffer.alloc((128 - fat.length) * 4, 0xff));

  const header = Buffer.alloc(512, 0xff);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header);
  header.fill(0, 8, 0x4c);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c);
  header.writeUInt32LE(directoryStart, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(miniFatStart, 0x3c);
  header.writeUInt32LE(Math.ceil(miniFat.length / 128), 0x40);
  header.writeUInt32LE(END_OF_CHAIN, 0x44);
  header.writeUInt32LE(0, 0x4c);
  return cat(header, ...sectors);
}

const xlsOf = (stream: Buffer) => compoundFile({ Workbook: stream });

function expectFormatError(data: Buffer, message: RegExp): void {
  expect(() => readXls(data)).toThrow(XlsFormatError);
  expect(() => readXls(data)).toThrow(message);
}

describe('readXls on hand-built BIFF8 records', () => {
  it('reads SST strings split over CONTINUE records, switching between 8- and 16-bit, with runs and phonetic data', () => {
    const sst = record(
      0x00fc,
      u32(3),
      u32(3),
      cat(u16(5), Buffer.from([0]), latin1('Hello')),
      // "Nguyễn" with one formatting run and 6 bytes of phonetic data; "Nguy" fits as 8-bit.
      cat(u16(6), Buffer.from([0x0c]), u16(1), u32(6), latin1('Nguy')),
    );
    const firstContinue = record(0x003c, Buffer.from([1]), utf16('ễn'), Buffer.from([0, 0]));
    const secondContinue = record(0x003c, Buffer.from([0, 0]), Buffer.alloc(6), u16(2), Buffer.from([1]), utf16('Đà'));
    const stream = workbook(
      [sst, firstContinue, secondContinue],
      [worksheet('S', record(0x00fd, cellHeader(0, 0), u32(0)), record(0x00fd, cellHeader(0, 1), u32(1)), record(0x00fd, cellHeader(0, 2), u32(2)))],
    );
    expect(readXls(xlsOf(stream))[0].rows).toEqual([{ row: 1, cells: ['Hello', 'Nguyễn', 'Đà'], fonts: [undefined, undefined, undefined] }]);
  });

  it('decodes RK, MULRK, LABEL, BOOLERR and FORMULA results', () => {
    const stream = workbook(
      [],
      [
        worksheet(
          'S',
          record(0x027e, cellHeader(0, 0), u32(rkInteger(-7))),
          record(0x027e, cellHeader(0, 1), u32(rkInteger(1234) | 1)), // 12.34
          record(0x027e, cellHeader(0, 2), u32(f64(2.5).readUInt32LE(4))), // top bits of a double
          record(0x00bd, u16(1), u16(1), u16(0), u32(rkInteger(10)), u16(0), u32(rkInteger(11)), u16(2)),
          record(0x0204, cellHeader(2, 0), longString('Phạm Thu')),
          record(0x0205, cellHeader(2, 1), Buffer.from([1, 0])), // TRUE
          record(0x0205, cellHeader(2, 2), Buffer.from([0x2a, 1])), // #N/A
          record(0x0006, cellHeader(3, 0), f64(79220911772), u16(0), u32(0), u16(0)),
          record(0x0006, cellHeader(3, 1), Buffer.from([2, 0, 0x07, 0, 0, 0, 0xff, 0xff]), u16(0), u32(0), u16(0)), // #DIV/0!
          record(0x0006, cellHeader(3, 2), Buffer.from([0, 0, 0, 0, 0, 0, 0xff, 0xff]), u16(0), u32(0), u16(0)),
          // The STRING result continues in a CONTINUE record, switching to 8-bit characters.
          record(0x0207, u16(5), Buffer.from([1]), utf16('Lê')),
          record(0x003c, Buffer.from([0]), latin1(' An')),
          record(0x0006, cellHeader(3, 3), Buffer.from([1, 0, 1, 0, 0, 0, 0xff, 0xff]), u16(0), u32(0), u16(0)),
        ),
      ],
    );
    expect(readXls(xlsOf(stream))[0].rows.map((r) => [r.row, r.cells])).toEqual([
      [1, [-7, 12.34, 2.5]],
      [2, [null, 10, 11]],
      [3, ['Phạm Thu', true]],
      [4, [79220911772, null, 'Lê An', true]],
    ]);
  });

  it('maps XF to fonts (skipping font number 4) and to date formats', () => {
    const globals = [
      ...['Arial', 'Arial', 'Arial', 'Arial', 'VNI-Times'].map(font),
      record(0x041e, u16(164), longString('dd/mm/yyyy')),
      record(0x041e, u16(165), longString('[h]:mm')),
      xf(0, 0),
      xf(5, 164), // VNI-Times, custom date
      xf(0, 14), // built-in date
      xf(0, 165), // elapsed time: a number
    ];
    const number = (col: number, xfIndex: number) => record(0x0203, cellHeader(0, col, xfIndex), f64(42070.5));
    const stream = workbook(globals, [worksheet('S', number(0, 0), number(1, 1), number(2, 2), number(3, 3), number(4, 99))]);
    expect(readXls(xlsOf(stream))[0].rows).toEqual([
      {
        row: 1,
        cells: [42070.5, day(2015, 3, 7), day(2015, 3, 7), 42070.5, 42070.5],
        fonts: ['Arial', 'VNI-Times', 'Arial', 'Arial', undefined],
      },
    ]);
  });

  it('skips chart sheets, mislabelled non-worksheets and charts embedded in a worksheet', () => {
    const stream = workbook(
      [],
      [
        { name: 'Chart', kind: 2, records: [bof(0x20), eof()] },
        { name: 'Module', kind: 0, records: [bof(0x40), eof()] },
        worksheet('Data', bof(0x20), record(0x0203, cellHeader(0, 0), f64(1)), eof(), record(0x0203, cellHeader(1, 0), f64(2))),
      ],
    );
    expect(readXls(xlsOf(stream))).toEqual([{ name: 'Data', rows: [{ row: 2, cells: [2], fonts: [undefined] }] }]);
  });

  it('reads a workbook stream stored in regular sectors as well as in the mini stream', () => {
    const cells = Array.from({ length: 400 }, (_, i) => record(0x0203, cellHeader(i, 0), f64(i)));
    const stream = workbook([], [worksheet('Big', ...cells)]);
    expect(stream.length).toBeGreaterThan(4096);
    const rows = readXls(xlsOf(stream))[0].rows;
    expect(rows).toHaveLength(400);
    expect(rows[399]).toEqual({ row: 400, cells: [399], fonts: [undefined] });
  });
});

describe('readXls refuses what it cannot read', () => {
  const tiny = workbook([], [worksheet('S', record(0x0203, cellHeader(0, 0), f64(1)))]);

  it('encrypted workbooks', () => {
    expectFormatError(xlsOf(cat(bof(5), record(0x002f, u16(1), Buffer.alloc(52)), eof())), /encrypted/);
    expectFormatError(compoundFile({ EncryptionInfo: Buffer.alloc(200), EncryptedPackage: Buffer.alloc(5000) }), /encrypted/);
  });

  it('BIFF5 and older', () => {
    expectFormatError(compoundFile({ Book: cat(bof(5, 0x0500), eof()) }), /BIFF5 and older are not supported/);
    expectFormatError(cat(record(0x0409, u16(0), u16(0x10)), eof()), /BIFF5 and older are not supported/);
  });

  it('files that are something else', () => {
    expectFormatError(Buffer.alloc(0), /empty/);
    expectFormatError(Buffer.from('504b0304140000000800', 'hex'), /zip.*xlsx/);
    expectFormatError(Buffer.from('<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>'), /HTML/);
    expectFormatError(Buffer.from('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'), /XML Spreadsheet/);
    expectFormatError(Buffer.from('STT,Họ và tên\n1,Nguyễn Văn An\n'), /text \(CSV/);
    expectFormatError(cat(Buffer.from([0xff, 0xfe]), utf16('STT\tHọ và tên\r\n')), /text \(CSV/);
    expectFormatError(Buffer.from([1, 2, 3, 0, 0, 0, 200, 100]), /^not an Excel 97-2003 file$/);
    expectFormatError(compoundFile({ WordDocument: Buffer.alloc(100) }), /without a workbook/);
  });

  it('damaged compound files', () => {
    const looping = xlsOf(workbook([], [worksheet('Big', ...Array.from({ length: 400 }, (_, i) => record(0x0203, cellHeader(i, 0), f64(i))))]));
    looping.writeUInt32LE(2, 512 + 2 * 4); // the stream's second sector points back at itself
    expectFormatError(looping, /loops/);
    expectFormatError(xlsOf(tiny).subarray(0, 1000), /truncated/);
  });

  it('damaged BIFF records', () => {
    expectFormatError(xlsOf(tiny.subarray(0, tiny.length - 3)), /truncated/);
    expectFormatError(xlsOf(cat(bof(5), record(0x0085, u32(0)), eof())), /too short/);
    const badIndex = workbook([], [worksheet('S', record(0x00fd, cellHeader(0, 0), u32(5)))]);
    expectFormatError(xlsOf(badIndex), /shared string/);
    const wideColumn = workbook([], [worksheet('S', record(0x0203, cellHeader(0, 300), f64(1)))]);
    expectFormatError(xlsOf(wideColumn), /column 301/);
  });

  it('truncated fixtures, cut anywhere before the last sector', () => {
    const data = fixture('roster.xls');
    for (let length = 0; length < data.length - 512; length += 509) {
      expect(() => readXls(data.subarray(0, length))).toThrow(XlsFormatError);
    }
  });

  /** Overwrites bytes of `data` and checks readXls either reads the result or throws XlsFormatError. */
  function survivesCorruption(data: Buffer, wrap: (damaged: Buffer) => Buffer): void {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(data.length - 1), fc.nat(255)), { minLength: 1, maxLength: 20 }), (edits) => {
        const damaged = Buffer.from(data);
        for (const [pos, byte] of edits) damaged[pos] = byte;
        try {
          readXls(wrap(damaged));
        } catch (error) {
          if (!(error instanceof XlsFormatError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  }

  it('corrupted compound files: a result or XlsFormatError, never another exception', () => {
    survivesCorruption(fixture('roster.xls'), (damaged) => damaged);
  });

  it('corrupted BIFF records: a result or XlsFormatError, never another exception', () => {
    survivesCorruption(readCompoundStream(fixture('roster.xls'), 'Workbook')!, xlsOf);
  });
});
