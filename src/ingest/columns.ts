/**
 * What a column holds, from its header label. Labels are compared folded (no
 * diacritics, lower case, camelCase and snake_case split: see foldLabel), so "Mã số
 * BHXH", "MÃ SỐ BHXH", "MA_SO_BHXH" and "maSoBhxh" are one label.
 */
import { foldLabel } from '../vn/text.js';

export type Role =
  | 'seq'
  | 'fullName'
  | 'familyMiddle'
  | 'givenName'
  | 'dob'
  | 'dobDay'
  | 'dobMonth'
  | 'dobYear'
  | 'gender'
  | 'female'
  | 'male'
  | 'class'
  | 'bhxh'
  | 'cardNumber'
  | 'personalId'
  | 'school'
  | 'commune'
  | 'status'
  | 'validFrom'
  | 'validTo'
  /** Columns recognised so that they are not mistaken for another: education-database IDs, parents' names, codes. */
  | 'ignored';

/** Ordered: the first pattern that matches decides, so specific labels come before general ones. */
const LABEL_PATTERNS: [Role, RegExp][] = [
  // The education database's own pupil ID is not a BHXH code nor a personal ID.
  ['ignored', /^ma (dinh danh )?(bo |nganh )?(gd|giao duc)|^ma (hoc sinh|hs)$|^moet|csdl/],
  ['ignored', /\b(cha|me|bo|phu huynh|giam ho|chu ho|nguoi lap|nguoi ky)\b/],
  ['ignored', /^ma (kcb|bv|benh vien|dvi|don vi|truong|xa|tinh|huyen|doi tuong)\b|^noi (dang ky )?kcb|kcb ban dau/],
  ['seq', /^(so )?(tt|stt|thu tu|so thu tu)$/],
  ['familyMiddle', /^ho( va)?( ten)? dem$|^ho( va)? chu dem$|^ho$|^ho dem( hoc sinh)?$/],
  ['givenName', /^ten( hoc sinh| hs| goi)?$/],
  ['fullName', /^(ho )?(va )?ten (day du|khai sinh)$|^ho( va)? ten( hoc sinh| hs| nguoi tham gia| tre| nguoi duoc cap the| day du)?$|^hoten$|^ho ten$/],
  ['dob', /^(ngay( thang)?( nam)?|thang nam|ngay thang nam) sinh\b|^ns$|^sinh ngay$|^ngaysinh$/],
  ['dobYear', /^nam sinh$/],
  ['dobDay', /^ngay$/],
  ['dobMonth', /^thang( sinh)?$/],
  ['gender', /^(gioi tinh|gioi|phai|gt|nam nu|gioi tinh nam nu|gioitinh)$/],
  ['female', /^nu$/],
  ['male', /^nam$/],
  ['class', /^(ten )?lop( hoc)?$|^khoi lop$/],
  ['bhxh', /^(ma|so)( so)?( so)? (bhxh|bao hiem xa hoi)\b|^masobhxh$|^bhxh$/],
  ['cardNumber', /^(ma|so)( the)? (the )?(bhyt|bao hiem y te)\b|^(ma|so) the$|^the bhyt$|^sothebhyt$|^mathe$/],
  ['personalId', /dinh danh|cccd|cmnd|can cuoc|\bddcn\b|^so dd$/],
  // "Hạn thẻ từ", "Từ ngày", "Giá trị sử dụng từ ngày", "Thời hạn từ", HAN_THE_TU, tuNgay.
  ['validFrom', /(^|\s)tu( ngay)?$|^ngay (bat dau|hieu luc)$|^tungay$/],
  ['validTo', /(^|\s)den( ngay)?$|^ngay het han$|^(han su dung|het han)$|^denngay$/],
  ['school', /^(ten )?(truong|don vi|dvi|co so giao duc)( hoc| dang hoc)?$|^tendvi$|^noi hoc$/],
  ['commune', /^(dia chi )?(xa|phuong)( (xa|phuong|thi tran))*$|^(xa|phuong) \w+ (xa|phuong|thi tran)$/],
  ['status', /^(trang thai|tinh trang)( hoc( tap)?| hoc sinh)?$/],
];

/** The role of a column from its label, or null when the label says nothing we use. */
export function roleOfLabel(label: string): Role | null {
  const folded = foldLabel(label);
  if (!folded || folded.length > 80) return null;
  for (const [role, pattern] of LABEL_PATTERNS) if (pattern.test(folded)) return role;
  return null;
}

/**
 * The role of a sub-label under a group label (two-row headers): "Ngày / Tháng / Năm"
 * under "Ngày sinh", "Nam / Nữ" under "Giới tính", "Từ / Đến" under "Hạn thẻ".
 */
export function roleOfSubLabel(parent: string, child: string): Role | null {
  const parentRole = roleOfLabel(parent);
  const folded = foldLabel(child);
  if (parentRole === 'dob' && folded === 'nam') return 'dobYear';
  if (parentRole === 'gender' && folded === 'nam') return 'male';
  const own = roleOfLabel(child);
  if (own && own !== 'ignored') return own;
  return roleOfLabel(`${parent} ${child}`) ?? own;
}

/** How much each role says that a row is a header. */
export const ROLE_WEIGHT: Record<Role, number> = {
  seq: 1,
  fullName: 4,
  familyMiddle: 2,
  givenName: 2,
  dob: 3,
  dobDay: 1,
  dobMonth: 1,
  dobYear: 1,
  gender: 1,
  female: 1,
  male: 1,
  class: 1,
  bhxh: 2,
  cardNumber: 2,
  personalId: 1,
  school: 1,
  commune: 1,
  status: 1,
  validFrom: 2,
  validTo: 2,
  ignored: 0,
};
