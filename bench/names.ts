/**
 * Name pools for the synthetic district: family, middle and given names drawn
 * independently by frequency (so full names are combinations, not real people).
 * The frequency lists in /work/shared/data/names are used when present; CI has no
 * such folder, so a compact embedded list (the most common words of those lists,
 * with their counts as weights) stands in.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Gender } from '../src/ingest/records.js';
import { tidyText } from '../src/vn/text.js';
import { WeightedList } from './prng.js';

export interface NamePools {
  family: WeightedList<string>;
  /** Middle names may be empty or two words ("Thị Thu"). */
  middle: Record<Gender, WeightedList<string>>;
  given: Record<Gender, WeightedList<string>>;
  source: 'files' | 'embedded';
}

type Counts = [string, number][];

const FAMILY: Counts = [
  ['Nguyễn', 9373], ['Trần', 3543], ['Lê', 3252], ['Phạm', 2664], ['Vũ', 1509], ['Hoàng', 1428], ['Bùi', 1327],
  ['Đỗ', 1183], ['Phan', 1091], ['Đặng', 1019], ['Ngô', 842], ['Võ', 831], ['Đinh', 821], ['Trương', 712],
  ['Hồ', 648], ['Huỳnh', 630], ['Dương', 623], ['Đoàn', 594], ['Đào', 562], ['Trịnh', 521], ['Hà', 460],
  ['Lương', 451], ['Mai', 441], ['Cao', 379], ['Lưu', 285], ['Nông', 260], ['Tạ', 215], ['Lý', 207],
  ['Phùng', 204], ['Vương', 197], ['Chu', 187], ['Lâm', 173], ['Triệu', 158], ['Thái', 156], ['Tô', 155],
  ['Đàm', 152], ['Vi', 144], ['Lại', 109], ['Tống', 101], ['Quách', 90],
];

const MIDDLE: Record<Gender, Counts> = {
  M: [
    ['Văn', 3308], ['Đức', 782], ['Ngọc', 770], ['Minh', 752], ['Xuân', 715], ['Quang', 651], ['Đình', 637],
    ['Thanh', 622], ['Quốc', 526], ['Hữu', 498], ['Hoàng', 414], ['Duy', 409], ['Anh', 348], ['Trọng', 344],
    ['Công', 337], ['Tiến', 333], ['Thành', 311], ['Thế', 310], ['Tuấn', 307], ['Trung', 301], ['Mạnh', 282],
    ['', 263], ['Huy', 224], ['Hồng', 220], ['Việt', 216], ['Bá', 203], ['Viết', 188], ['Đăng', 170],
    ['Tấn', 168], ['Gia', 160],
  ],
  F: [
    ['Thị', 5067], ['Thị Thu', 682], ['Thị Thanh', 676], ['Thị Ngọc', 547], ['Thị Kim', 501], ['Thị Hồng', 463],
    ['Thị Mỹ', 445], ['Ngọc', 334], ['Thu', 303], ['Thị Phương', 299], ['Thị Bích', 293], ['Thị Minh', 277],
    ['Phương', 253], ['Thị Thùy', 250], ['Thanh', 249], ['Thị Thúy', 237], ['Minh', 198], ['Khánh', 164],
    ['Thị Mai', 160], ['Thùy', 151], ['Hồng', 150], ['Thị Tuyết', 137], ['Thị Hoài', 135], ['Thị Quỳnh', 135],
    ['Thị Như', 129], ['Thị Ánh', 125], ['Mỹ', 122], ['Thúy', 119], ['Thị Kiều', 117], ['Kim', 113],
  ],
};

const GIVEN: Record<Gender, Counts> = {
  M: [
    ['Anh', 482], ['Tuấn', 398], ['Sơn', 381], ['Dũng', 370], ['Nam', 359], ['Minh', 343], ['Hùng', 334],
    ['Huy', 326], ['Hoàng', 320], ['Đức', 319], ['Hải', 298], ['Cường', 295], ['Long', 293], ['Thành', 288],
    ['Hưng', 267], ['Đạt', 260], ['Duy', 258], ['Thắng', 256], ['Hiếu', 254], ['Trung', 253], ['Tùng', 244],
    ['Quang', 218], ['Tiến', 203], ['Phong', 199], ['Khánh', 192], ['Dương', 184], ['Trường', 183], ['Vũ', 180],
    ['Lâm', 177], ['Vinh', 177], ['Việt', 177], ['Mạnh', 175], ['Tú', 174], ['Phúc', 173], ['Bảo', 170],
    ['Bình', 168], ['Nguyên', 167], ['Quân', 164], ['Linh', 162], ['Toàn', 159], ['Nghĩa', 152], ['Hòa', 148],
    ['Tài', 147], ['An', 138], ['Giang', 138], ['Thịnh', 133], ['Hiệp', 131], ['Khang', 129], ['Kiên', 129],
    ['Phương', 129], ['Tâm', 127], ['Thanh', 122], ['Phú', 117], ['Hà', 114], ['Ngọc', 113], ['Công', 109],
    ['Nhân', 108], ['Thái', 108], ['Thiện', 104], ['Khoa', 103], ['Lộc', 102], ['Quý', 94], ['Chiến', 93],
    ['Trí', 90], ['Đại', 89], ['Trọng', 88], ['Chung', 87], ['Tân', 85], ['Thuận', 83], ['Vương', 81],
    ['Đông', 80], ['Nhật', 77], ['Hậu', 76], ['Phát', 76], ['Hào', 73], ['Khôi', 73], ['Thông', 73],
    ['Hoàn', 71], ['Luân', 67], ['Lợi', 67],
  ],
  F: [
    ['Anh', 845], ['Linh', 719], ['Trang', 670], ['Thảo', 493], ['Phương', 478], ['Hương', 406], ['Hà', 402],
    ['Ngọc', 393], ['Huyền', 354], ['Hằng', 315], ['Vân', 297], ['Nhi', 285], ['Ngân', 281], ['Vi', 272],
    ['Dung', 268], ['Nhung', 258], ['Thủy', 255], ['Mai', 252], ['Nga', 248], ['Quỳnh', 241], ['Hiền', 237],
    ['Yến', 225], ['Giang', 224], ['Hoa', 217], ['Hạnh', 214], ['Chi', 210], ['Duyên', 210], ['Thanh', 196],
    ['Thư', 193], ['Oanh', 192], ['Uyên', 184], ['Thúy', 183], ['Lan', 180], ['Trinh', 180], ['Hồng', 175],
    ['Thu', 174], ['Tâm', 171], ['Mi', 170], ['Trâm', 170], ['Thương', 166], ['Quyên', 162], ['Phượng', 161],
    ['Như', 158], ['Vy', 158], ['Loan', 157], ['Liên', 139], ['Li', 136], ['My', 136], ['Châu', 132],
    ['Ánh', 132], ['Dương', 129], ['Huệ', 127], ['Thùy', 124], ['Nguyên', 122], ['Tuyết', 121], ['An', 118],
    ['Nguyệt', 116], ['Hòa', 108], ['Minh', 108], ['Hân', 106], ['Hường', 105], ['Thi', 96], ['Trân', 96],
    ['Ly', 95], ['Hoài', 92], ['Tiên', 92], ['Trúc', 92], ['Xuân', 91], ['Tuyền', 87], ['Thắm', 76],
    ['Bình', 72], ['Hải', 67], ['Tú', 67], ['Diệu', 65], ['Bích', 64], ['Diễm', 62], ['Diệp', 62],
    ['Kiều', 62], ['Lệ', 61], ['Trà', 61],
  ],
};

export const DEFAULT_NAMES_DIR = '/work/shared/data/names';

/** Counts this low in the derived lists are mostly the source's own typos. */
const MIN_COUNT = 3;

/** "NGUYỄN" / "nguyễn" → "Nguyễn": the lists mix cases. */
function titleCase(words: string): string {
  return words
    .split(' ')
    .map((w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1).toLocaleLowerCase('vi'))
    .join(' ');
}

/** Cleans a name word from a source list; null for anything that is not plain letters. */
function cleanWords(raw: string, maxWords: number): string | null {
  const text = tidyText(raw);
  if (text === '') return maxWords > 1 ? '' : null;
  if (!/^[\p{L} ]+$/u.test(text)) return null;
  const words = text.split(' ');
  if (words.length > maxWords || words.some((w) => w.length > 7)) return null;
  return titleCase(text);
}

function readCsv(file: string): string[][] {
  const [, ...rows] = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  return rows.map((line) => line.split(','));
}

function addCount(map: Map<string, number>, key: string | null, count: number): void {
  if (key === null || !(count >= MIN_COUNT)) return;
  map.set(key, (map.get(key) ?? 0) + count);
}

function fromFiles(dir: string): NamePools | null {
  const files = {
    family: path.join(dir, 'family_names_freq_locle1011.csv'),
    middle: path.join(dir, 'middle_names_freq_by_gender_locle1011.csv'),
    given: path.join(dir, 'given_names_freq_by_gender_locle1011.csv'),
  };
  if (!Object.values(files).every((file) => fs.existsSync(file))) return null;
  const family = new Map<string, number>();
  for (const [name, count] of readCsv(files.family)) addCount(family, cleanWords(name, 1), Number(count));
  const byGender = (file: string, maxWords: number): Record<Gender, Map<string, number>> => {
    const maps: Record<Gender, Map<string, number>> = { M: new Map(), F: new Map() };
    for (const [name, gender, count] of readCsv(file)) {
      if (gender === 'M' || gender === 'F') addCount(maps[gender], cleanWords(name, maxWords), Number(count));
    }
    return maps;
  };
  const middle = byGender(files.middle, 2);
  const given = byGender(files.given, 1);
  const list = (map: Map<string, number>) => new WeightedList([...map.entries()]);
  return {
    family: list(family),
    middle: { M: list(middle.M), F: list(middle.F) },
    given: { M: list(given.M), F: list(given.F) },
    source: 'files',
  };
}

function embedded(): NamePools {
  return {
    family: new WeightedList(FAMILY),
    middle: { M: new WeightedList(MIDDLE.M), F: new WeightedList(MIDDLE.F) },
    given: { M: new WeightedList(GIVEN.M), F: new WeightedList(GIVEN.F) },
    source: 'embedded',
  };
}

/** The pools from `dir` when its lists exist (and `dir` is not null), else the embedded ones. */
export function loadNamePools(dir: string | null = DEFAULT_NAMES_DIR): NamePools {
  return (dir && fromFiles(dir)) || embedded();
}

/** Common middle words to add when a system "doubles" a middle name. */
export const ADDED_MIDDLE: Record<Gender, string[]> = {
  M: ['Văn', 'Minh', 'Quốc', 'Gia', 'Đức', 'Hoàng'],
  F: ['Thị', 'Ngọc', 'Thu', 'Kim', 'Thanh', 'Bảo'],
};

/** Given names one letter apart that are both real (twins are sometimes named so). */
export const ONE_LETTER_PAIRS: Record<Gender, [string, string][]> = {
  M: [['Khang', 'Khanh'], ['Phúc', 'Phú'], ['Tín', 'Tiến'], ['Minh', 'Mạnh'], ['Tâm', 'Tân'], ['Anh', 'Danh']],
  F: [['Vy', 'Vi'], ['My', 'Mi'], ['Ly', 'Li'], ['Trâm', 'Trân'], ['Hân', 'Hằng'], ['Hà', 'Hoa']],
};
