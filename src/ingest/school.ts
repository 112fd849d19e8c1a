/**
 * The school a roster belongs to, and the class of a sheet: from a column, from the
 * title rows ("TRƯỜNG TIỂU HỌC ..."), from the sheet name or, last, from the file name.
 */
import path from 'node:path';
import type { CellValue, TableRow } from '../read/table.js';
import { foldDiacritics, isAllUpperCase, tidyText } from '../vn/text.js';

/** School-type abbreviations as BHXH and file names write them, longest first. */
const SCHOOL_TYPES: [RegExp, string][] = [
  [/^(th\s*(&|và|va|-)\s*thcs)\b/i, 'Tiểu học và Trung học cơ sở'],
  [/^(thcs\s*(&|và|va|-)\s*thpt)\b/i, 'Trung học cơ sở và Trung học phổ thông'],
  [/^(ptdtnt|pt dtnt)\b/i, 'Phổ thông Dân tộc nội trú'],
  [/^(ptdtbt|pt dtbt)\b/i, 'Phổ thông Dân tộc bán trú'],
  [/^thpt\b/i, 'Trung học phổ thông'],
  [/^thcs\b/i, 'Trung học cơ sở'],
  [/^th\b/i, 'Tiểu học'],
  [/^mn\b/i, 'Mầm non'],
  [/^mg\b/i, 'Mẫu giáo'],
];

/** Words that are written in lower case inside a school's name. */
const LOWER_WORDS = new Set(['học', 'cơ', 'sở', 'phổ', 'thông', 'non', 'giáo', 'và', 'dân', 'tộc', 'nội', 'trú', 'bán', 'liên', 'cấp', 'thcs', 'thpt']);

/** "TRƯỜNG TIỂU HỌC BÌNH CHÁNH" → "Trường Tiểu học Bình Chánh"; mixed case is kept as written. */
function schoolCase(name: string): string {
  if (!isAllUpperCase(name)) return name;
  return name
    .toLocaleLowerCase('vi')
    .split(' ')
    .map((word, i) => (i > 1 && LOWER_WORDS.has(word) ? word : word.charAt(0).toLocaleUpperCase('vi') + word.slice(1)))
    .join(' ')
    .replace(/\bTrung Học Cơ Sở\b/g, 'Trung học cơ sở')
    .replace(/\bTrung Học Phổ Thông\b/g, 'Trung học phổ thông')
    .replace(/\bTiểu Học\b/g, 'Tiểu học')
    .replace(/\bMầm Non\b/g, 'Mầm non');
}

/**
 * A school's name as people write it in full: "THCS Phạm Văn Hai" and "TRƯỜNG THCS
 * PHẠM VĂN HAI" both become "Trường Trung học cơ sở Phạm Văn Hai".
 */
export function fullSchoolName(raw: string): string {
  let name = tidyText(raw).replace(/^(tên đơn vị|đơn vị|tên trường|trường)\s*(\/\s*điểm thu)?\s*:\s*/i, '');
  name = schoolCase(name);
  name = name.replace(/^trường\s+/i, '');
  for (const [pattern, full] of SCHOOL_TYPES) {
    if (pattern.test(name)) {
      name = name.replace(pattern, full);
      break;
    }
  }
  return `Trường ${name.charAt(0).toLocaleUpperCase('vi')}${name.slice(1)}`;
}

/** A key under which spellings of one school agree: no diacritics, no case, full type words. */
export function schoolKey(name: string): string {
  return foldDiacritics(fullSchoolName(name)).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
}

const SCHOOL_TITLE = /^(tên đơn vị|đơn vị|tên trường)(\s*\/\s*điểm thu)?\s*:\s*\S|^trường\s+\S/i;

function cellString(cell: CellValue): string {
  return typeof cell === 'string' ? tidyText(cell) : '';
}

/** An office above the schools ("Đơn vị: Phòng Giáo dục ...", "UBND ...") is not a school. */
const OFFICE = /^(phong|so|ubnd|uy ban|bao hiem|bhxh)\b/;

/** The school named in the title rows above a header, if any. */
export function schoolFromTitle(titleRows: TableRow[]): string | null {
  for (const row of titleRows) {
    for (const cell of row.cells) {
      const text = cellString(cell);
      const named = foldDiacritics(text).replace(/^[^:]*:\s*/, '');
      if (text.length < 120 && SCHOOL_TITLE.test(text) && named.length > 3 && !OFFICE.test(named)) return fullSchoolName(text);
    }
  }
  return null;
}

/** "01_THCS_Pham_Van_Hai.xlsx" → "Trường Trung học cơ sở Pham Van Hai" (diacritics restored later when a card unit spells it). */
export function schoolFromFileName(fileName: string): string {
  const base = path.basename(fileName, path.extname(fileName));
  const words = base.replace(/[_\-.]+/g, ' ').replace(/^\s*\d+\s+/, '').trim();
  return fullSchoolName(words || base);
}

const SCHOOL_SHEET = /^(trường|truong|th|thcs|thpt|mn|mg|ptdtnt|ptdtbt|th\s*&\s*thcs|thcs\s*&\s*thpt)\s+\S/i;

/** A district workbook with one sheet per school names each sheet after its school: "TH An Lạc", "THCS Bình Lợi". */
export function schoolFromSheetName(sheetName: string | null): string | null {
  if (!sheetName) return null;
  const name = tidyText(sheetName.replace(/_/g, ' '));
  return SCHOOL_SHEET.test(name) ? fullSchoolName(name) : null;
}

const CLASS_CODE = /^(\d{1,2}\s*[/A-Za-zĐđ]{0,3}\s*\d{0,2}(\.\d+)?)$/;

/** "Lớp 6A1", "lop: 3/1", "6A1" → "6A1", "3/1"; null when the text is not a class. */
export function classCode(text: string): string | null {
  const name = tidyText(text.replace(/_/g, ' ')).replace(/^l[oơớ]p\s*:?\s*/i, '');
  return CLASS_CODE.test(name) ? name.replace(/\s+/g, '').toUpperCase() : null;
}

/** The class a sheet holds, from its name ("Lop 6A1", "Lớp 10A2", "6A1") or its title ("DANH SÁCH HỌC SINH LỚP 10A1"). */
export function classFromSheet(sheetName: string | null, titleRows: TableRow[]): string | null {
  const fromSheet = sheetName ? classCode(sheetName) : null;
  if (fromSheet) return fromSheet;
  for (const row of titleRows) {
    for (const cell of row.cells) {
      const found = classInText(cellString(cell));
      if (found) return found;
    }
  }
  return null;
}

/** How many letters carry Vietnamese marks. */
function markedLetters(text: string): number {
  let count = 0;
  for (const ch of text.normalize('NFC')) if (/[^\x00-\x7f]/.test(ch) && /\p{L}/u.test(ch)) count++;
  return count;
}

/** The class a title or section line names: "DANH SÁCH HỌC SINH - LỚP: 3A2", "I. Lớp 1A". */
export function classInText(text: string): string | null {
  const match = /\bl[ớo]p\s*:?\s*(\d{1,2}\s*[/A-Za-zĐđ]{0,3}\s*\d{0,2})(?![\p{L}\d])/iu.exec(text);
  return match ? match[1].replace(/\s+/g, '').toUpperCase() : null;
}

/**
 * Restores a school name's Vietnamese letters from the card units when a name came from
 * a file name without them: "Pham Van Hai" is "Phạm Văn Hai" when a unit spells it so.
 */
export function restoreSchoolDiacritics(school: string, unitNames: Map<string, string>): string {
  const unit = unitNames.get(schoolKey(school));
  return unit && markedLetters(unit) > markedLetters(school) ? unit : school;
}

/** Card units by school key, spelled in full: the source for restoreSchoolDiacritics. */
export function unitNamesByKey(units: Iterable<string>): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const unit of units) {
    const full = fullSchoolName(unit);
    const key = schoolKey(full);
    const known = byKey.get(key);
    if (!known || markedLetters(full) > markedLetters(known)) byKey.set(key, full);
  }
  return byKey;
}
