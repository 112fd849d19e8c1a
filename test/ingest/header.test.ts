import { describe, expect, it } from 'vitest';
import { roleOfLabel } from '../../src/ingest/columns.js';
import { detectHeader } from '../../src/ingest/header.js';
import type { CellValue, TableRow } from '../../src/read/table.js';

const rows = (...lines: CellValue[][]): TableRow[] => lines.map((cells, i) => ({ row: i + 1, cells }));

describe('roleOfLabel', () => {
  it.each([
    ['Họ và tên', 'fullName'],
    ['HỌ VÀ TÊN', 'fullName'],
    ['Họ tên học sinh', 'fullName'],
    ['Ho va ten', 'fullName'],
    ['HO_TEN', 'fullName'],
    ['hoTen', 'fullName'],
    ['Họ và tên đệm', 'familyMiddle'],
    ['Họ, tên đệm', 'familyMiddle'],
    ['Tên', 'givenName'],
    ['Ngày sinh', 'dob'],
    ['Ngày, tháng, năm sinh', 'dob'],
    ['NS', 'dob'],
    ['ngaySinh', 'dob'],
    ['Giới tính', 'gender'],
    ['Phái', 'gender'],
    ['GT', 'gender'],
    ['Nữ', 'female'],
    ['Mã số BHXH', 'bhxh'],
    ['Mã BHXH', 'bhxh'],
    ['Số sổ BHXH', 'bhxh'],
    ['MA_SO_BHXH', 'bhxh'],
    ['maSoBhxh', 'bhxh'],
    ['Mã số BHXH (10 số)', 'bhxh'],
    ['Mã thẻ BHYT', 'cardNumber'],
    ['Số thẻ BHYT', 'cardNumber'],
    ['MA_THE', 'cardNumber'],
    ['Mã định danh', 'personalId'],
    ['Số định danh cá nhân', 'personalId'],
    ['CCCD/Mã định danh', 'personalId'],
    ['Số CCCD', 'personalId'],
    ['Mã định danh Bộ GD&ĐT', 'ignored'],
    ['Họ tên mẹ', 'ignored'],
    ['Hạn thẻ từ', 'validFrom'],
    ['Từ ngày', 'validFrom'],
    ['HAN_THE_TU', 'validFrom'],
    ['tuNgay', 'validFrom'],
    ['Hạn thẻ đến', 'validTo'],
    ['Giá trị sử dụng từ ngày', 'validFrom'],
    ['Thời hạn sử dụng đến ngày', 'validTo'],
    ['Tháng sinh', 'dobMonth'],
    ['Đến ngày', 'validTo'],
    ['denNgay', 'validTo'],
    ['Đơn vị', 'school'],
    ['TEN_DVI', 'school'],
    ['Mã KCB', 'ignored'],
    ['Xã/Phường', 'commune'],
    ['Địa chỉ (xã)', 'commune'],
    ['Trạng thái', 'status'],
    ['Lớp học', 'class'],
    ['STT', 'seq'],
  ])('%s → %s', (label, role) => {
    expect(roleOfLabel(label)).toBe(role);
  });
});

describe('detectHeader', () => {
  it('skips title rows', () => {
    const layout = detectHeader(
      rows(['UBND HUYỆN BÌNH CHÁNH'], ['TRƯỜNG TIỂU HỌC AN LẠC'], ['DANH SÁCH HỌC SINH'], [], ['STT', 'Họ và tên', 'Ngày sinh', 'Mã số BHXH'], [1, 'Lê An', '01/02/2015', '7912345678']),
      'roster',
    );
    expect(layout).toMatchObject({ rows: [5], columns: { seq: 0, fullName: 1, dob: 2, bhxh: 3 } });
  });

  it('reads a two-row header with a group label', () => {
    const layout = detectHeader(
      rows(['STT', 'Thông tin học sinh', null, 'Lớp', 'Mã số BHXH'], [null, 'Họ tên', 'Ngày tháng năm sinh', null, null], [1, 'Lê An', '01/02/2015', '6A1', '7912345678']),
      'roster',
    );
    expect(layout).toMatchObject({ rows: [1, 2], bodyStart: 2, columns: { seq: 0, fullName: 1, dob: 2, class: 3, bhxh: 4 } });
  });

  it('reads Ngày / Tháng / Năm and Nam / Nữ under their groups', () => {
    const layout = detectHeader(
      rows(['Họ và tên', 'Ngày sinh', null, null, 'Giới tính', null], [null, 'Ngày', 'Tháng', 'Năm', 'Nam', 'Nữ'], ['Lê An', 1, 2, 2015, 'x', null]),
      'roster',
    );
    expect(layout?.columns).toMatchObject({ fullName: 0, dobDay: 1, dobMonth: 2, dobYear: 3, male: 4, female: 5 });
  });

  it('prefers the two-row reading when sub-labels split a group ("Ngày sinh" over Ngày / Tháng / Năm)', () => {
    const layout = detectHeader(rows(['STT', 'Họ và tên', 'Ngày sinh', null, null, 'Nữ'], [null, null, 'Ngày', 'Tháng', 'Năm', null], [1, 'Lê An', 2, 3, 2015, 'x']), 'roster');
    expect(layout).toMatchObject({ rows: [1, 2], columns: { dobDay: 2, dobMonth: 3, dobYear: 4, female: 5 } });
  });

  it('reads a single-row Ngày / Tháng / Năm as a split date, not a "Nam" column', () => {
    const layout = detectHeader(rows(['TT', 'Họ và tên học sinh', 'Ngày', 'Tháng', 'Năm', 'Nữ']), 'roster');
    expect(layout?.columns).toMatchObject({ dobDay: 2, dobMonth: 3, dobYear: 4, female: 5 });
  });

  it('splits "Họ và tên" merged over two columns when the right one holds given names', () => {
    const layout = detectHeader(
      rows(['STT', 'Họ và tên', null, 'Ngày sinh'], [1, 'Nguyễn Văn', 'An', '01/02/2015'], [2, 'Lê Thị Ngọc', 'Ánh', '03/04/2015'], [3, 'Trần', 'Bình', '05/06/2015']),
      'roster',
    );
    expect(layout?.columns).toMatchObject({ familyMiddle: 1, givenName: 2, dob: 3 });
    expect(layout?.columns.fullName).toBeUndefined();
  });

  it('keeps a whole name column whose right neighbour is empty or holds other things', () => {
    const empty = detectHeader(rows(['STT', 'Họ và tên', null, 'Ngày sinh'], [1, 'Nguyễn Văn An', null, '01/02/2015'], [2, 'Lê Thị Ánh', null, '03/04/2015'], [3, 'Trần Bình', null, '05/06/2015']), 'roster');
    expect(empty?.columns).toMatchObject({ fullName: 1, dob: 3 });
  });

  it('reads "Ngày sinh | Tháng sinh | Năm sinh" as three parts of the date', () => {
    const layout = detectHeader(rows(['STT', 'Họ và tên', 'Ngày sinh', 'Tháng sinh', 'Năm sinh']), 'roster');
    expect(layout?.columns).toMatchObject({ dobDay: 2, dobMonth: 3, dobYear: 4 });
    expect(layout?.columns.dob).toBeUndefined();
  });

  it('joins split names', () => {
    const layout = detectHeader(rows(['STT', 'Họ đệm', 'Tên', 'NGÀY SINH']), 'roster');
    expect(layout?.columns).toMatchObject({ familyMiddle: 1, givenName: 2, dob: 3 });
  });

  it('finds no header in a sheet of notes', () => {
    expect(detectHeader(rows(['Hướng dẫn: nhập đầy đủ họ tên']), 'roster')).toBeNull();
    expect(detectHeader(rows(['Lớp', 'Sĩ số', 'Đã có thẻ'], ['DS', 317, 313]), 'roster')).toBeNull();
  });

  it('finds a card export header', () => {
    const layout = detectHeader(
      rows(['BẢO HIỂM XÃ HỘI'], ['Ngày xuất: 15/11/2026'], ['STT', 'Mã số BHXH', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số thẻ BHYT', 'Hạn thẻ từ', 'Hạn thẻ đến', 'Mã KCB', 'Đơn vị']),
      'cards',
    );
    expect(layout?.columns).toMatchObject({ bhxh: 1, fullName: 2, dob: 3, gender: 4, cardNumber: 5, validFrom: 6, validTo: 7, school: 9 });
  });
});
