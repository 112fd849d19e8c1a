/**
 * Comparisons with levels, not yes/no: how a pupil's name, birth date, gender, IDs and
 * school agree with a card holder's. A missing tone mark is weaker evidence than an
 * exact match but much stronger than a different letter.
 */
import { personalIdFacts } from '../ids/ids.js';
import type { BirthDate, Card, Pupil } from '../ingest/records.js';
import { schoolKey } from '../ingest/school.js';
import { nameKey, nameSyllables, skeletonOfKey } from '../vn/name.js';
import { isVietnameseSyllable } from '../vn/syllable.js';
import { foldDiacritics } from '../vn/text.js';

export type NameLevel =
  | 'exact'
  /** Same letters, other tone or vowel marks (a missing tone mark, "Nguyen" for "Nguyễn"). */
  | 'marks'
  /** A middle name dropped, added or changed; family and given names agree. */
  | 'middle'
  /** One syllable one edit away (a typo), in the family or middle name. */
  | 'typo'
  /** One edit in the given name: weaker, since Vy / Vi are two real names. */
  | 'typo-given'
  | 'different';

export type DobLevel = 'exact' | 'swapped' | 'off-by-one' | 'year' | 'same-year' | 'different' | 'unknown';
export type IdLevel = 'same' | 'near' | 'other' | 'none';
export type UnitLevel = 'same' | 'other-school' | 'unknown';

export interface Evidence {
  name: NameLevel;
  /** The differing syllables for a typo ("Trươnn" / "Trương"). */
  nameDetail?: string;
  dob: DobLevel;
  gender: 'same' | 'other' | 'unknown';
  bhxh: IdLevel;
  personalId: IdLevel;
  unit: UnitLevel;
}

/** A name taken apart once: syllable keys (tone moved to the end) and the same without any marks. */
export interface NameParts {
  keys: string[];
  skeletons: string[];
}

export function namePartsOf(nameKey: string): NameParts {
  const keys = nameKey ? nameKey.split(' ') : [];
  return { keys, skeletons: keys.map(skeletonOfKey) };
}

/** Damerau-Levenshtein distance up to 1 (adjacent transposition counts as one edit). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Two syllables with the same letters differ only by missing marks ("Nguyen" /
 * "Nguyễn", "Lan" / "Lân") when one side's marks are all on the other; otherwise
 * ("Thùy" / "Thụy", "Lăn" / "Lân") a mark was typed wrong: as strong as a wrong letter.
 */
function marksConflict(a: string, b: string): boolean {
  const toneA = /[fsrxj]$/.test(a) ? a.slice(-1) : '';
  const toneB = /[fsrxj]$/.test(b) ? b.slice(-1) : '';
  if (toneA && toneB && toneA !== toneB) return true;
  const baseA = [...(toneA ? a.slice(0, -1) : a)];
  const baseB = [...(toneB ? b.slice(0, -1) : b)];
  return baseA.some((ch, i) => ch !== baseB[i] && skeletonOfKey(ch) !== ch && skeletonOfKey(baseB[i]) !== baseB[i]);
}

function syllableMatch(p: NameParts, c: NameParts, i: number, j: number): boolean {
  return p.skeletons[i] === c.skeletons[j] && !marksConflict(p.keys[i], c.keys[j]);
}

/** Positions where two names of the same length differ: by letters, or by conflicting marks. */
function differingSyllables(p: NameParts, c: NameParts): number[] {
  return p.keys.map((_, i) => i).filter((i) => p.keys[i] !== c.keys[i] && !syllableMatch(p, c, i, i));
}

/** One side is a Vietnamese syllable and the other cannot be one ("Hạnh" / "Hnh"): a slip of the keyboard, not two names. */
function plainTypo(a: string, b: string): boolean {
  return isVietnameseSyllable(a) !== isVietnameseSyllable(b);
}

export function compareNameParts(p: NameParts, c: NameParts, pupilName = '', cardName = ''): { level: NameLevel; detail?: string } {
  if (p.keys.length === 0 || c.keys.length === 0) return { level: 'different' };
  if (p.keys.length === c.keys.length) {
    const differing = differingSyllables(p, c);
    if (differing.length === 0) return { level: p.keys.every((k, i) => k === c.keys[i]) ? 'exact' : 'marks' };
    if (differing.length === 1) {
      const i = differing[0];
      if (withinOneEdit(p.skeletons[i], c.skeletons[i])) {
        const written = pupilName && cardName ? [nameSyllables(pupilName)[i], nameSyllables(cardName)[i]] : null;
        const isGiven = i === p.keys.length - 1;
        return { level: isGiven && !(written && plainTypo(written[0], written[1])) ? 'typo-given' : 'typo', ...(written ? { detail: written.join(' / ') } : {}) };
      }
    }
  }
  const last = (n: NameParts) => n.keys.length - 1;
  if (p.keys.length >= 2 && c.keys.length >= 2 && syllableMatch(p, c, 0, 0) && syllableMatch(p, c, last(p), last(c))) return { level: 'middle' };
  return { level: 'different' };
}

export function compareNames(pupilName: string, cardName: string): { level: NameLevel; detail?: string } {
  return compareNameParts(namePartsOf(nameKey(pupilName)), namePartsOf(nameKey(cardName)), pupilName, cardName);
}

const DAY_MS = 86_400_000;

export function compareDob(pupil: BirthDate | null, card: BirthDate | null): DobLevel {
  if (!pupil || !card) return 'unknown';
  const dayPrecise = pupil.precision === 'day' && card.precision === 'day';
  if (dayPrecise && pupil.iso === card.iso) return 'exact';
  const sameYear = pupil.iso.slice(0, 4) === card.iso.slice(0, 4);
  if (!dayPrecise) return sameYear ? 'year' : 'different';
  // Cheap string tests first: this runs for every candidate of every pupil.
  if (sameYear && pupil.iso.slice(5, 7) === card.iso.slice(8, 10) && pupil.iso.slice(8, 10) === card.iso.slice(5, 7)) return 'swapped';
  if (Math.abs(Date.parse(pupil.iso) - Date.parse(card.iso)) === DAY_MS) return 'off-by-one';
  return sameYear ? 'same-year' : 'different';
}

function compareCodes(pupil: string | null, card: string | null, trusted: boolean): IdLevel {
  if (!pupil || !card || !trusted) return 'none';
  if (pupil === card) return 'same';
  return withinOneEdit(pupil, card) ? 'near' : 'other';
}

/**
 * Whether a personal ID can be this pupil's: its century/sex digit and year must agree
 * with the pupil's birth year and sex. One that does not belongs to someone else
 * (often a sibling or parent) and says nothing about the pupil.
 */
export function personalIdFits(id: string, dob: BirthDate | null, gender: 'M' | 'F' | null): boolean {
  const facts = personalIdFacts(id);
  if (!facts) return false;
  if (dob && facts.birthYear !== Number(dob.iso.slice(0, 4))) return false;
  return !(gender && facts.gender !== gender);
}

/** School-type words: a unit holding them is a school; others (a commune, a household) say nothing. */
/** Starts like a school ("TH An Lạc", "Trường THCS ..."); "UBND xã Trường Long" does not. */
const SCHOOL_UNIT = /^(truong\s+)?(tieu hoc|trung hoc|mam non|mau giao|pho thong|th|thcs|thpt|mn|mg|pt|ptdtnt|ptdtbt)\b/;

const schoolKeys = new Map<string, string>();
const schoolUnits = new Map<string, boolean>();

function isSchoolUnit(unit: string): boolean {
  let answer = schoolUnits.get(unit);
  if (answer === undefined) schoolUnits.set(unit, (answer = SCHOOL_UNIT.test(foldDiacritics(unit))));
  return answer;
}

/** schoolKey, remembered: a few hundred schools and units are compared millions of times. */
function cachedSchoolKey(name: string): string {
  let key = schoolKeys.get(name);
  if (key === undefined) schoolKeys.set(name, (key = schoolKey(name)));
  return key;
}

export function compareUnit(school: string, unit: string | null): UnitLevel {
  if (!unit) return 'unknown';
  if (cachedSchoolKey(unit) === cachedSchoolKey(school)) return 'same';
  // A commune or a household holding the card (TE, HN, CN cards) says nothing about the school.
  return isSchoolUnit(unit) ? 'other-school' : 'unknown';
}

export interface PupilFacts {
  /** Whether the roster's BHXH code can be used as evidence (not a code known to be someone else's). */
  bhxhTrusted: boolean;
  /** Whether the roster's personal ID fits the pupil's birth year and sex. */
  personalIdTrusted: boolean;
}

/** A pupil or card holder with its name taken apart once. */
export interface Side<T> {
  record: T;
  parts: NameParts;
}

export function sideOf<T extends { nameKey: string }>(record: T): Side<T> {
  return { record, parts: namePartsOf(record.nameKey) };
}

/** Everything a comparison finds but the name: cheap, so it is known before the name is compared. */
export type Context = Omit<Evidence, 'name' | 'nameDetail'>;

export function compareContext(pupilSide: Side<Pupil>, cardSide: Side<Card>, facts: PupilFacts): Context {
  const pupil = pupilSide.record;
  const card = cardSide.record;
  return {
    dob: compareDob(pupil.dob, card.dob),
    gender: !pupil.gender || !card.gender ? 'unknown' : pupil.gender === card.gender ? 'same' : 'other',
    bhxh: compareCodes(pupil.bhxh, card.bhxh, facts.bhxhTrusted),
    personalId: compareCodes(pupil.personalId, card.personalId, facts.personalIdTrusted),
    unit: compareUnit(pupil.school, card.unit),
  };
}

export function compare(pupilSide: Side<Pupil>, cardSide: Side<Card>, facts: PupilFacts, context = compareContext(pupilSide, cardSide, facts)): Evidence {
  const name = compareNameParts(pupilSide.parts, cardSide.parts, pupilSide.record.name, cardSide.record.name);
  return { ...context, name: name.level, nameDetail: name.detail };
}
