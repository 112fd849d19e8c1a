import { describe, expect, it } from 'vitest';
import { isColumnNumberRow, isFooterRow, isPlausibleName, isSectionLabel, isSectionTitle } from '../../src/ingest/row-kinds.js';
import { classFromSheet, fullSchoolName, restoreSchoolDiacritics, schoolFromFileName, schoolFromSheetName, schoolFromTitle, unitNamesByKey } from '../../src/ingest/school.js';

describe('row kinds', () => {
  it('knows footers', () => {
    expect(isFooterRow([null, 'Tổng cộng: 523 học sinh'])).toBe(true);
    expect(isFooterRow([null, 'TỔNG CỘNG: 35 HỌC SINH'])).toBe(true);
    expect(isFooterRow([null, null, 'Bình Chánh, ngày 10 tháng 11 năm 2026'])).toBe(true);
    expect(isFooterRow([null, 'NGƯỜI LẬP BIỂU', null, 'HIỆU TRƯỞNG'])).toBe(true);
    expect(isFooterRow([null, 'Cộng tăng'])).toBe(true);
    expect(isFooterRow([1, 'Nguyễn Văn Tổng', '01/01/2015'])).toBe(false);
    expect(isFooterRow([8, 'Tống Công Hiệp', '01/01/2015'])).toBe(false);
    expect(isFooterRow([8, 'Tống Công Hiệp'])).toBe(false);
  });

  it('knows column-number and section rows', () => {
    expect(isColumnNumberRow(['A', 'B', '1', '2', '3'])).toBe(true);
    expect(isColumnNumberRow([1, 'Lê An', '01/02/2015'])).toBe(false);
    expect(isSectionLabel('I.1')).toBe(true);
    expect(isSectionLabel('II')).toBe(true);
    expect(isSectionLabel('12')).toBe(false);
  });

  it('knows what can be a name', () => {
    expect(isPlausibleName('Nguyễn Thị Ngọc Ánh')).toBe(true);
    expect(isPlausibleName('A Thùy')).toBe(true);
    expect(isPlausibleName('Anh')).toBe(false);
    expect(isPlausibleName('Tổng cộng: 35')).toBe(true); // footers are told by their words, before names
    expect(isPlausibleName('Nguyễn Văn An *')).toBe(true);
    expect(isPlausibleName('Lê Thị Hoa (CĐ)')).toBe(true);
    expect(isPlausibleName('12345')).toBe(false);
    expect(isPlausibleName('1. Lê An')).toBe(false);
    expect(isSectionTitle('I. Tăng')).toBe(true);
    expect(isSectionTitle('II.1. Người tham gia')).toBe(true);
    expect(isSectionTitle('Ông Văn Ích')).toBe(false);
  });
});

describe('school and class', () => {
  it('writes school names in full', () => {
    expect(fullSchoolName('TRƯỜNG TIỂU HỌC BÌNH CHÁNH')).toBe('Trường Tiểu học Bình Chánh');
    expect(fullSchoolName('TRƯỜNG TRUNG HỌC CƠ SỞ PHẠM VĂN HAI')).toBe('Trường Trung học cơ sở Phạm Văn Hai');
    expect(fullSchoolName('THCS Phạm Văn Hai')).toBe('Trường Trung học cơ sở Phạm Văn Hai');
    expect(fullSchoolName('Tên đơn vị/Điểm thu:  TRƯỜNG TIỂU HỌC KÊNH XÁNG')).toBe('Trường Tiểu học Kênh Xáng');
  });

  it('finds the school in title rows, else in the file name', () => {
    expect(schoolFromTitle([{ row: 1, cells: ['UBND HUYỆN BÌNH CHÁNH'] }, { row: 2, cells: ['TRƯỜNG TIỂU HỌC TÂN NHỰT'] }])).toBe('Trường Tiểu học Tân Nhựt');
    expect(schoolFromTitle([{ row: 1, cells: ['DANH SÁCH HỌC SINH'] }])).toBeNull();
    expect(schoolFromFileName('rosters/01_THCS_Pham_Van_Hai.xlsx')).toBe('Trường Trung học cơ sở Pham Van Hai');
  });

  it('reads the school from a sheet named after it, not from a class sheet', () => {
    expect(schoolFromSheetName('TH An Lạc')).toBe('Trường Tiểu học An Lạc');
    expect(schoolFromSheetName('THCS_Binh_Loi')).toBe('Trường Trung học cơ sở Binh Loi');
    expect(schoolFromSheetName('Lop 6A1')).toBeNull();
    expect(schoolFromSheetName('DS hoc sinh')).toBeNull();
    expect(schoolFromSheetName('THCS')).toBeNull();
  });

  it('restores diacritics from card units', () => {
    const units = unitNamesByKey(['THCS Phạm Văn Hai', 'TH Tân Túc']);
    expect(restoreSchoolDiacritics('Trường Trung học cơ sở Pham Van Hai', units)).toBe('Trường Trung học cơ sở Phạm Văn Hai');
    expect(restoreSchoolDiacritics('Trường Tiểu học Láng Le', units)).toBe('Trường Tiểu học Láng Le');
  });

  it('reads the class from the sheet name or the title', () => {
    expect(classFromSheet('Lop 6A1', [])).toBe('6A1');
    expect(classFromSheet('Lớp 10A2', [])).toBe('10A2');
    expect(classFromSheet('DS hoc sinh', [{ row: 3, cells: ['DANH SÁCH HỌC SINH LỚP 1A3 NĂM HỌC 2026-2027'] }])).toBe('1A3');
    expect(classFromSheet('DS hoc sinh', [])).toBeNull();
  });
});
