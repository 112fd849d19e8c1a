/** Lists as schools lay them out: page breaks, subtotals, notes, sections, title lines. */
import { describe, expect, it } from 'vitest';
import { ingestCardTable } from '../../src/ingest/cards.js';
import { ingestRosterTable } from '../../src/ingest/pupils.js';
import type { Card, Pupil } from '../../src/ingest/records.js';
import { classCode, classInText, schoolFromTitle } from '../../src/ingest/school.js';
import type { CellValue, Table } from '../../src/read/table.js';

function table(lines: CellValue[][], sheet: string | null = 'DS'): Table {
  return {
    file: '01_TH_An_Lac.xlsx',
    sheet,
    rows: (async function* () {
      for (const [i, cells] of lines.entries()) yield { row: i + 1, cells };
    })(),
  };
}

async function pupilsOf(lines: CellValue[][], sheet?: string | null): Promise<Omit<Pupil, 'index'>[]> {
  const pupils: Omit<Pupil, 'index'>[] = [];
  await ingestRosterTable(table(lines, sheet), { addPupil: (p) => pupils.push(p), addProblem: () => {}, fileSchool: null });
  return pupils;
}

describe('rosters', () => {
  it('keeps the layout when a two-row header is repeated on a new page', async () => {
    const header1 = ['STT', 'Họ và tên', 'Ngày sinh', null, null, 'Giới tính', null];
    const header2 = [null, null, 'Ngày', 'Tháng', 'Năm', 'Nam', 'Nữ'];
    const pupils = await pupilsOf([header1, header2, [1, 'Lê Văn An', 5, 9, 2015, 'x', null], header1, header2, [2, 'Lê Thị Bình', 23, 4, 2014, null, 'x']]);
    expect(pupils.map((p) => [p.name, p.dob?.iso, p.gender])).toEqual([
      ['Lê Văn An', '2015-09-05', 'M'],
      ['Lê Thị Bình', '2014-04-23', 'F'],
    ]);
  });

  it('reads on after a subtotal row and a pupil row with a dated note', async () => {
    const pupils = await pupilsOf([
      ['STT', 'Họ và tên', 'Ngày', 'Tháng', 'Năm', 'Ghi chú'],
      [1, 'Lê Văn An', 5, 9, 2015, null],
      [null, 'Cộng: 1', null, null, null, null],
      [2, 'Lê Thị Bình', 6, 9, 2015, 'Chuyển đến ngày 05 tháng 9 năm 2026'],
      [3, 'Trần Văn Cường', 7, 9, 2015, null],
      [null, 'Tổng cộng: 3 học sinh'],
      [null, 'NGƯỜI LẬP BIỂU'],
      [null, 'Nguyễn Thị Hoa'],
    ]);
    expect(pupils.map((p) => p.name)).toEqual(['Lê Văn An', 'Lê Thị Bình', 'Trần Văn Cường']);
  });

  it('takes the class from section rows and from a class column written "Lớp 3B"', async () => {
    const pupils = await pupilsOf([
      ['STT', 'Họ và tên', 'Ngày sinh', 'Lớp'],
      [null, 'I. Lớp 1A'],
      [1, 'Lê Văn An', '05/09/2019', null],
      ['II', 'Lớp 1B'],
      [2, 'Lê Thị Bình', '06/09/2019', null],
      [3, 'Trần Văn Cường', '07/09/2019', 'Lớp 3B'],
    ]);
    expect(pupils.map((p) => p.class)).toEqual(['1A', '1B', '3B']);
  });

  it('keeps a title line right above the header as a title (school, class)', async () => {
    const pupils = await pupilsOf(
      [['TRƯỜNG TIỂU HỌC TÂN NHỰT'], ['DANH SÁCH HỌC SINH LỚP 2A'], ['STT', 'Họ và tên', 'Ngày sinh'], [1, 'Lê Văn An', '05/09/2018']],
      'Sheet1',
    );
    expect(pupils.map((p) => [p.school, p.class])).toEqual([['Trường Tiểu học Tân Nhựt', '2A']]);
  });
});

describe('titles and class names', () => {
  it('does not take an office for a school', () => {
    expect(schoolFromTitle([{ row: 1, cells: ['Đơn vị: Phòng Giáo dục và Đào tạo huyện Bình Chánh'] }])).toBeNull();
    expect(schoolFromTitle([{ row: 1, cells: ['Tên đơn vị: TH An Phú Tây'] }])).toBe('Trường Tiểu học An Phú Tây');
  });

  it('reads class spellings', () => {
    expect(classInText('DANH SÁCH HỌC SINH - LỚP: 3A2')).toBe('3A2');
    expect(classInText('DANH SÁCH HỌC SINH LỚP 3/1')).toBe('3/1');
    expect(classCode('Lop_3A3')).toBe('3A3');
    expect(classCode('Lớp 3B')).toBe('3B');
    expect(classCode('Lớp lá')).toBeNull();
  });
});

describe('card exports', () => {
  it('read a month-first export (English-locale Excel) month first, and say so', async () => {
    const cards: Omit<Card, 'index'>[] = [];
    const problems: string[] = [];
    await ingestCardTable(
      table(
        [
          ['Mã số BHXH', 'Họ và tên', 'Ngày sinh', 'Hạn thẻ từ', 'Hạn thẻ đến'],
          ['7912345678', 'Lê Văn An', '5/25/2020', '12/1/2026', '11/30/2027'],
          ['7912345679', 'Lê Thị Bình', '3/4/2019', '1/1/2026', '12/31/2026'],
        ],
        null,
      ),
      { addCard: (c) => cards.push(c), addProblem: (p) => problems.push(p.message) },
    );
    expect(cards.map((c) => [c.dob?.iso, c.validFrom, c.validTo])).toEqual([
      ['2020-05-25', '2026-12-01', '2027-11-30'],
      ['2019-03-04', '2026-01-01', '2026-12-31'],
    ]);
    expect(problems.join('\n')).toContain('tháng/ngày/năm');
  });

  it('take the unit from the title when there is no unit column', async () => {
    const cards: Omit<Card, 'index'>[] = [];
    await ingestCardTable(
      table([['Tên đơn vị: TH An Phú Tây'], ['Mã số BHXH', 'Họ và tên', 'Ngày sinh', 'Hạn thẻ từ', 'Hạn thẻ đến'], ['7912345678', 'Lê Văn An', '05/09/2015', '01/01/2026', '31/12/2026']]),
      { addCard: (c) => cards.push(c), addProblem: () => {} },
    );
    expect(cards.map((c) => c.unit)).toEqual(['Trường Tiểu học An Phú Tây']);
  });
});
