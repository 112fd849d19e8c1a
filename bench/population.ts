/**
 * The people of the synthetic district: schools, classes and the children in them,
 * with their identifiers, before anything is written down with noise.
 */
import type { Gender } from '../src/ingest/records.js';
import { fullSchoolName } from '../src/ingest/school.js';
import type { CardStyle, Child, Level, School, Slot } from './district-model.js';
import { isoOf, yearOf } from './iso-dates.js';
import type { NamePools } from './names.js';
import type { NameParts } from './name-noise.js';
import { shuffle, type Rng } from './prng.js';

const PLACES = [
  'An Lạc', 'Bình Trị Đông', 'Tân Tạo', 'Lê Văn Tám', 'Nguyễn Du', 'Trần Quốc Toản', 'Kim Đồng', 'Võ Thị Sáu',
  'Lê Quý Đôn', 'Nguyễn Trãi', 'Chu Văn An', 'Phan Bội Châu', 'Hòa Bình', 'Tân Kiên', 'Tân Nhựt', 'Bình Hưng',
  'Phong Phú', 'Đa Phước', 'Quy Đức', 'Hưng Long', 'Vĩnh Lộc', 'Lê Minh Xuân', 'Phạm Văn Hai', 'Bình Lợi',
  'Tân Quý Tây', 'An Phú Tây', 'Bình Chánh', 'Tân Túc', 'Lý Thường Kiệt', 'Hai Bà Trưng', 'Đinh Tiên Hoàng',
  'Ngô Quyền', 'Quang Trung', 'Trần Hưng Đạo', 'Lê Lợi', 'Nguyễn Huệ', 'Phan Chu Trinh', 'Huỳnh Văn Bánh',
  'Nguyễn Văn Trỗi', 'Lương Thế Vinh', 'Đoàn Thị Điểm', 'Nguyễn Bỉnh Khiêm', 'Thái Văn Lung', 'Mạc Đĩnh Chi',
  'Hồ Văn Long', 'Cầu Xáng', 'Láng Le', 'Bình Minh', 'Rạng Đông', 'Gò Xoài', 'Vĩnh Lộc A', 'Vĩnh Lộc B',
  'Tam Đảo', 'Hoàng Hoa Thám', 'Lạc Long Quân', 'Âu Cơ', 'Tô Vĩnh Diện', 'Bế Văn Đàn', 'Nguyễn Thái Bình',
  'Trần Văn Ơn', 'Phú Định', 'Bình Thuận', 'Tân Phú Trung', 'Phước Lộc',
];

export const COMMUNES = [
  'xã An Phú Tây', 'xã Bình Chánh', 'xã Bình Hưng', 'xã Bình Lợi', 'xã Đa Phước', 'xã Hưng Long', 'xã Lê Minh Xuân',
  'xã Phạm Văn Hai', 'xã Phong Phú', 'xã Quy Đức', 'xã Tân Kiên', 'xã Tân Nhựt', 'xã Tân Quý Tây', 'thị trấn Tân Túc',
  'xã Vĩnh Lộc A', 'xã Vĩnh Lộc B',
];

const LEVELS: Record<Level, { grades: number[]; full: string; share: number; size: number }> = {
  TH: { grades: [1, 2, 3, 4, 5], full: 'Tiểu học', share: 0.48, size: 900 },
  THCS: { grades: [6, 7, 8, 9], full: 'Trung học cơ sở', share: 0.34, size: 1000 },
  THPT: { grades: [10, 11, 12], full: 'Trung học phổ thông', share: 0.18, size: 1200 },
};

const CLASS_SIZE = 38;

function asciiWords(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/\s+/g, '_');
}

function makeSchool(rng: Rng, level: Level, place: string, number: number, rostered: boolean): School {
  const style: CardStyle = rng.chance(0.5) ? 'calendar' : 'school-year';
  return {
    // The way ingest writes a roster's title "TRƯỜNG TIỂU HỌC AN LẠC".
    name: fullSchoolName(`TRƯỜNG ${LEVELS[level].full} ${place}`.toLocaleUpperCase('vi')),
    unit: `${level} ${place}`,
    level,
    style,
    rostered,
    file: `${String(number).padStart(2, '0')}_${level}_${asciiWords(place)}.xlsx`,
  };
}

/** Place names for n schools, numbered once the list runs out ("An Lạc 2"). */
function placeNames(rng: Rng, n: number): string[] {
  const places = shuffle(rng, [...PLACES]);
  return Array.from({ length: n }, (_, i) => (i < places.length ? places[i] : `${places[i % places.length]} ${Math.floor(i / places.length) + 1}`));
}

export interface SchoolPlan {
  rostered: School[];
  /** Schools outside the rosters (other districts, or rosters never sent): their pupils only hold cards. */
  ghosts: School[];
  /** Roster rows per rostered school. */
  rows: Map<School, number>;
}

/** Schools by level, sized like a real district's, with `pupils` roster rows in all. */
export function planSchools(rng: Rng, pupils: number): SchoolPlan {
  const levels = Object.keys(LEVELS) as Level[];
  const counts = levels.map((level) => Math.max(1, Math.round((pupils * LEVELS[level].share) / LEVELS[level].size)));
  const ghostCount = Math.max(3, Math.round(counts.reduce((a, b) => a + b, 0) * 0.15));
  const places = placeNames(rng, counts.reduce((a, b) => a + b, 0) + ghostCount);
  const rostered: School[] = [];
  const rows = new Map<School, number>();
  let assigned = 0;
  levels.forEach((level, l) => {
    const levelRows = l === levels.length - 1 ? pupils - assigned : Math.round(pupils * LEVELS[level].share);
    for (let i = 0; i < counts[l]; i++) {
      const school = makeSchool(rng, level, places[rostered.length], rostered.length + 1, true);
      const share = Math.floor(levelRows / counts[l]) + (i < levelRows % counts[l] ? 1 : 0);
      rostered.push(school);
      rows.set(school, share);
    }
    assigned += levelRows;
  });
  const ghosts = Array.from({ length: ghostCount }, (_, i) => makeSchool(rng, rng.pick(levels), places[rostered.length + i], 90 + i, false));
  return { rostered, ghosts, rows };
}

/** The school year a date falls in, by its starting calendar year (school years start in September). */
export function schoolYearStart(asOf: string): number {
  return Number(asOf.slice(5, 7)) >= 9 ? yearOf(asOf) : yearOf(asOf) - 1;
}

/** A birth date for a pupil of `grade`: grade 1 turns six in the school year's first calendar year; a few are a year older. */
export function birthDateFor(rng: Rng, grade: number, asOf: string): string {
  const year = schoolYearStart(asOf) - 5 - grade - (rng.chance(0.04) ? 1 : 0);
  return isoOf(year, 1, 1 + rng.int(0, 364));
}

const PROVINCES = ['01', '27', '38', '52', '74', '75', '80', '83'];

export class IdMaker {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** 10 digits: the issuing province (79 = Hồ Chí Minh City, mostly) then 8 digits; unique. */
  bhxh(): string {
    for (;;) {
      const province = this.rng.chance(0.9) ? '79' : this.rng.pick(PROVINCES);
      const code = province + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.used.has(code)) {
        this.used.add(code);
        return code;
      }
    }
  }

  /** 12 digits: 0 + province, century/sex digit (2/3 = male/female born 2000s, 0/1 in the 1900s), two-digit year, 6 digits. */
  personalId(dob: string, gender: Gender): string {
    const year = yearOf(dob);
    const centurySex = (year >= 2000 ? 2 : 0) + (gender === 'F' ? 1 : 0);
    const province = this.rng.chance(0.85) ? '079' : `0${this.rng.pick(PROVINCES)}`;
    return `${province}${centurySex}${String(year % 100).padStart(2, '0')}${String(this.rng.int(0, 999_999)).padStart(6, '0')}`;
  }
}

export function drawName(rng: Rng, pools: NamePools, gender: Gender): NameParts {
  const middle = pools.middle[gender].draw(rng);
  return { family: pools.family.draw(rng), middle: middle ? middle.split(' ') : [], given: pools.given[gender].draw(rng) };
}

export interface ChildMaker {
  make(school: School, grade: number, dob?: string): Child;
}

export function childMaker(rng: Rng, pools: NamePools, ids: IdMaker, asOf: string): ChildMaker {
  let nextId = 0;
  return {
    make(school, grade, dob = birthDateFor(rng, grade, asOf)) {
      const gender: Gender = rng.chance(0.515) ? 'M' : 'F';
      return {
        id: nextId++,
        parts: drawName(rng, pools, gender),
        gender,
        dob,
        bhxh: ids.bhxh(),
        personalId: ids.personalId(dob, gender),
        grade,
        commune: rng.pick(COMMUNES),
        school,
        plan: 'insured',
        planFixed: false,
        cards: [],
        cardName: null,
        cardQuirks: [],
        tags: new Set(),
        slots: [],
        touched: false,
      };
    },
  };
}

/** Fills each rostered school's rows, grade by grade and class by class, with new children. */
export function fillSchools(plan: SchoolPlan, maker: ChildMaker): Slot[] {
  const slots: Slot[] = [];
  for (const school of plan.rostered) {
    const grades = school.level === 'TH' ? [1, 2, 3, 4, 5] : school.level === 'THCS' ? [6, 7, 8, 9] : [10, 11, 12];
    const total = plan.rows.get(school)!;
    grades.forEach((grade, g) => {
      const inGrade = Math.floor(total / grades.length) + (g < total % grades.length ? 1 : 0);
      const classes = Math.max(1, Math.ceil(inGrade / CLASS_SIZE));
      for (let i = 0; i < inGrade; i++) {
        const child = maker.make(school, grade);
        const slot: Slot = { school, grade, class: `${grade}A${(i % classes) + 1}`, child, siblingCode: null };
        child.slots.push(slot);
        slots.push(slot);
      }
    });
  }
  return slots;
}
