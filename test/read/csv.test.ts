import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLayout, openCsv } from '../../src/read/csv.js';
import type { TableRow } from '../../src/read/table.js';

const folder = mkdtempSync(path.join(tmpdir(), 'bhyt-csv-'));
let files = 0;

async function rowsOf(text: string): Promise<TableRow[]> {
  const file = path.join(folder, `${files++}.csv`);
  writeFileSync(file, text, 'utf8');
  const rows: TableRow[] = [];
  for await (const row of (await openCsv(file)).rows) rows.push(row);
  return rows;
}

describe('detectLayout', () => {
  it('finds the separator, how many a table row has, and the line break', () => {
    expect(detectLayout('TRƯỜNG TH AN LẠC\r\nSTT;Họ và tên;Ngày sinh\r\n1;An;2015\r\n2;Bình;2016\r\n')).toEqual({ separator: ';', separators: 2, lineEnd: '\r\n' });
    expect(detectLayout('a,b\n1,2\n')).toEqual({ separator: ',', separators: 1, lineEnd: '\n' });
  });
});

describe('openCsv', () => {
  it('reads title rows, the table and a footer, each numbered by the line it starts on', async () => {
    const rows = await rowsOf('TRƯỜNG TIỂU HỌC AN LẠC\r\nDANH SÁCH HỌC SINH\r\nSTT;Họ và tên;Ngày sinh\r\n1;Nguyễn Văn An;01/02/2015\r\n2;"Trần ""Bé"" Bình";03/04/2015\r\n\r\nNgười lập biểu\r\n');
    expect(rows).toEqual([
      { row: 1, cells: ['TRƯỜNG TIỂU HỌC AN LẠC'] },
      { row: 2, cells: ['DANH SÁCH HỌC SINH'] },
      { row: 3, cells: ['STT', 'Họ và tên', 'Ngày sinh'] },
      { row: 4, cells: ['1', 'Nguyễn Văn An', '01/02/2015'] },
      { row: 5, cells: ['2', 'Trần "Bé" Bình', '03/04/2015'] },
      { row: 6, cells: [] },
      { row: 7, cells: ['Người lập biểu'] },
    ]);
  });

  it('keeps counting lines through a cell written over two lines, and reads a quote inside a cell as a quote', async () => {
    const rows = await rowsOf('a,b\n"dòng một\ndòng hai",x\nc"d,e\n');
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['dòng một\ndòng hai', 'x'] },
      { row: 4, cells: ['c"d', 'e'] },
    ]);
    const windows = await rowsOf('a;b\r\n"x\r\n\r\ny";z\r\nc;d\r\n');
    expect(windows.map((r) => r.row)).toEqual([1, 2, 5]);
  });

  it('reads a file of one column, and an empty file', async () => {
    expect(await rowsOf('Họ và tên\nAn\n')).toEqual([
      { row: 1, cells: ['Họ và tên'] },
      { row: 2, cells: ['An'] },
    ]);
    expect(await rowsOf('')).toEqual([]);
  });

  it('says where a quote that is never closed begins and where the file ends', async () => {
    await expect(rowsOf('a;b\n1;2\n"3;4\n5;6\n')).rejects.toThrow('dấu ngoặc kép (") mở sau dòng 2 không được đóng đến hết tệp (dòng 4)');
  });
});
