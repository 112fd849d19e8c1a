/**
 * Comparisons with levels, not yes/no: how a pupil's name, birth date, gender, IDs and
 * school agree with a card holder's. A missing tone mark is weaker evidence than an
 * exact match but much stronger than a different letter.
 */
import { personalIdFacts } from '../ids/ids.js';
import type { BirthDate, Card, Gender, Pupil } from '../ingest/records.js';
import { schoolKey } from '../ingest/school.js';
import { isMarkedLetter, nameKey, nameSyllables, toneLetterOf } from '../vn/name.js';
import { namePartsOf, type NameParts, type Syllable } from './name-parts.js';
import { isVietnameseSyllable } from '../vn/syllable.js';
import { foldDiacritics } from '../vn/text.js';

export type NameLevel =
  | 'exact'
  /** Same letters, other tone or vowel marks (a missing tone mark, "Nguyen" for "Nguyễn"). */
  | 'marks'
  /** A middle name dropped, added or changed; family and given names agree. */
  | 'middle'
  /** A middle name dropped, added or changed, and a typo in the family or the given name. */
  | 'middle-typo'
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

/** Whether `a` from position i on is `b` from position j on: a.slice(i) === b.slice(j), without making either. */
function sameTails(a: string, i: number, b: string, j: number): boolean {
  const from = Math.min(i, a.length);
  const length = a.length - from;
  if (length !== b.length - Math.min(j, b.length)) return false;
  for (let k = 0; k < length; k++) if (a.charCodeAt(from + k) !== b.charCodeAt(j + k)) return false;
  return true;
}

/**
 * Damerau-Levenshtein distance up to 1 (adjacent transposition counts as one edit).
 * Compares in place: it runs for every code and name syllable that differ.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    if (sameTails(a, i + 1, b, i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && sameTails(a, i + 2, b, i + 2); // transposition
  }
  return la > lb ? sameTails(a, i + 1, b, i) : sameTails(a, i, b, i + 1);
}

/**
 * Two syllables with the same letters differ only by missing marks ("Nguyen" /
 * "Nguyễn", "Lan" / "Lân") when one side's marks are all on the other; otherwise
 * ("Thùy" / "Thụy", "Lăn" / "Lân") a mark was typed wrong: as strong as a wrong letter.
 */
function marksConflict(a: string, b: string): boolean {
  if (a === b) return false; // most family names: no need to take them apart
  const toneA = toneLetterOf(a);
  const toneB = toneLetterOf(b);
  if (toneA && toneB && toneA !== toneB) return true;
  // The same letters without marks: where the keys differ, a marked letter against another marked one is a conflict.
  const letters = a.length - (toneA ? 1 : 0);
  for (let i = 0; i < letters; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && isMarkedLetter(x) && isMarkedLetter(y)) return true;
  }
  return false;
}

function syllableMatch(p: Syllable, c: Syllable): boolean {
  return p.skeleton === c.skeleton && !marksConflict(p.key, c.key);
}

/** One side is a Vietnamese syllable and the other cannot be one ("Hạnh" / "Hnh"): a slip of the keyboard, not two names. */
function plainTypo(a: string, b: string): boolean {
  return isVietnameseSyllable(a) !== isVietnameseSyllable(b);
}

/** A name comparison's result; the ones without a detail are shared, so never changed. */
export interface NameComparison {
  readonly level: NameLevel;
  readonly detail?: string;
}

// Shared: a name comparison runs for most candidates of every pupil, and most need no detail.
const EXACT: NameComparison = { level: 'exact' };
const MARKS: NameComparison = { level: 'marks' };
const MIDDLE: NameComparison = { level: 'middle' };
const MIDDLE_TYPO: NameComparison = { level: 'middle-typo' };
const DIFFERENT: NameComparison = { level: 'different' };

const NONE_DIFFER = -1;
const ONLY_MARKS_DIFFER = -2;
const SEVERAL_DIFFER = -3;

/**
 * The one position where two names of the same length differ, by letters or by
 * conflicting marks; else NONE_DIFFER (the keys are all equal), ONLY_MARKS_DIFFER (no
 * mark conflicts) or SEVERAL_DIFFER.
 */
function soleDifference(p: NameParts, c: NameParts): number {
  let differing = -1;
  let marksOnly = false;
  for (let i = 0; i < p.length; i++) {
    if (p[i].key === c[i].key) continue;
    if (syllableMatch(p[i], c[i])) marksOnly = true;
    else if (differing >= 0) return SEVERAL_DIFFER;
    else differing = i;
  }
  return differing >= 0 ? differing : marksOnly ? ONLY_MARKS_DIFFER : NONE_DIFFER;
}

/** A typo in syllable i of two names otherwise alike; the written syllables as the detail when the names are given. */
function typoAt(p: NameParts, i: number, pupilName: string, cardName: string): NameComparison {
  const written = pupilName && cardName ? [nameSyllables(pupilName)[i], nameSyllables(cardName)[i]] : null;
  const isGiven = i === p.length - 1;
  const level = isGiven && !(written && plainTypo(written[0], written[1])) ? 'typo-given' : 'typo';
  return written ? { level, detail: written.join(' / ') } : { level };
}

/** How two names taken apart agree (see NameLevel); the written names, when given, name a typo's syllables. */
export function compareNameParts(p: NameParts, c: NameParts, pupilName = '', cardName = ''): NameComparison {
  const np = p.length;
  const nc = c.length;
  if (np === 0 || nc === 0) return DIFFERENT;
  if (p === c) return EXACT; // one name taken apart once (see NameBook)
  if (np === nc) {
    const differing = soleDifference(p, c);
    if (differing === NONE_DIFFER) return EXACT;
    if (differing === ONLY_MARKS_DIFFER) return MARKS;
    if (differing >= 0 && withinOneEdit(p[differing].skeleton, c[differing].skeleton)) return typoAt(p, differing, pupilName, cardName);
  }
  if (np < 2 || nc < 2) return DIFFERENT;
  const family = syllableMatch(p[0], c[0]);
  const given = syllableMatch(p[np - 1], c[nc - 1]);
  if (family && given) return MIDDLE;
  if ((family && withinOneEdit(p[np - 1].skeleton, c[nc - 1].skeleton)) || (given && withinOneEdit(p[0].skeleton, c[0].skeleton))) return MIDDLE_TYPO;
  return DIFFERENT;
}

/**
 * Whether two names' given names (last syllables) leave compareNameParts any level but
 * 'different': every other level needs them to agree without marks or by one edit.
 */
export function givenCouldAgree(p: Syllable | undefined, c: Syllable | undefined): boolean {
  return p !== undefined && c !== undefined && (p.skeletonNumber === c.skeletonNumber || withinOneEdit(p.skeleton, c.skeleton));
}

export function compareNames(pupilName: string, cardName: string): NameComparison {
  return compareNameParts(namePartsOf(nameKey(pupilName)), namePartsOf(nameKey(cardName)), pupilName, cardName);
}

/** A birth date taken apart once, for comparisons that run for every candidate of every pupil. */
export interface DobFacts {
  year: number;
  month: number;
  day: number;
  /** Days since 1/1/1970 when the day is known, else NaN. */
  dayNumber: number;
}

const DAY_MS = 86_400_000;

/** Days since 1/1/1970. */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

const ZERO = 48;
const DASH = 45;

/** The number two digits at i write, or -1 if either is not a digit (or past the end). */
function twoDigitsAt(text: string, i: number): number {
  const tens = text.charCodeAt(i) - ZERO;
  const ones = text.charCodeAt(i + 1) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

const FIRST_FILED_YEAR = 1900;
const FILED_YEARS = 256;
/** Slots by year, month and day (31 a month, some unused), each for a day and for a year alone. */
const DATE_SLOTS = FILED_YEARS * 12 * 31 * 2;

/**
 * A `YYYY-MM-DD` date of years 1900–2155 and its precision as a slot below DATE_SLOTS,
 * read with whole numbers only; -1 for any other text.
 */
function dateSlot({ iso, precision }: BirthDate): number {
  if (iso.length !== 10 || iso.charCodeAt(4) !== DASH || iso.charCodeAt(7) !== DASH) return -1;
  const century = twoDigitsAt(iso, 0);
  const inCentury = twoDigitsAt(iso, 2);
  const month = twoDigitsAt(iso, 5);
  const day = twoDigitsAt(iso, 8);
  const year = century * 100 + inCentury;
  if (century < 0 || inCentury < 0 || year < FIRST_FILED_YEAR || year >= FIRST_FILED_YEAR + FILED_YEARS) return -1;
  if (month < 1 || month > 12 || day < 1 || day > 31) return -1;
  return (((year - FIRST_FILED_YEAR) * 12 + month - 1) * 31 + day - 1) * 2 + (precision === 'day' ? 1 : 0);
}

/** Facts by date slot (see dateSlot); made on first demand. */
let dobFactsBySlot: (DobFacts | null)[] | null = null;
const dobFactsByIso: Record<BirthDate['precision'], Map<string, DobFacts>> = { day: new Map(), year: new Map() };

/**
 * Remembered, and shared (so never changed): a district's children are born on a few
 * thousand days. A `YYYY-MM-DD` date of 1900–2155 is found by its digits in an array,
 * cheaper than hashing its text (or a number) for every record; anything else by its text.
 */
export function dobFactsOf(dob: BirthDate | null): DobFacts | null {
  if (!dob) return null;
  const slot = dateSlot(dob);
  if (slot < 0) {
    const known = dobFactsByIso[dob.precision];
    let facts = known.get(dob.iso);
    if (facts === undefined) known.set(dob.iso, (facts = readDob(dob)));
    return facts;
  }
  dobFactsBySlot ??= new Array<DobFacts | null>(DATE_SLOTS).fill(null);
  let facts = dobFactsBySlot[slot];
  if (facts === null) dobFactsBySlot[slot] = facts = readDob(dob);
  return facts;
}

function readDob(dob: BirthDate): DobFacts {
  const year = Number(dob.iso.slice(0, 4));
  const month = Number(dob.iso.slice(5, 7));
  const day = Number(dob.iso.slice(8, 10));
  return { year, month, day, dayNumber: dob.precision === 'day' ? dayNumber(year, month, day) : NaN };
}

function compareDobFacts(p: DobFacts | null, c: DobFacts | null): DobLevel {
  if (!p || !c) return 'unknown';
  if (Number.isNaN(p.dayNumber) || Number.isNaN(c.dayNumber)) return p.year === c.year ? 'year' : 'different';
  if (p.dayNumber === c.dayNumber) return 'exact';
  if (p.year === c.year && p.month === c.day && p.day === c.month) return 'swapped';
  if (Math.abs(p.dayNumber - c.dayNumber) === 1) return 'off-by-one';
  return p.year === c.year ? 'same-year' : 'different';
}

export function compareDob(pupil: BirthDate | null, card: BirthDate | null): DobLevel {
  return compareDobFacts(dobFactsOf(pupil), dobFactsOf(card));
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

/** A unit that starts like a school ("TH An Lạc", "Trường THCS ..."); "UBND xã Trường Long" (a commune, a household) does not, and says nothing. */
const SCHOOL_UNIT = /^(truong\s+)?(tieu hoc|trung hoc|mam non|mau giao|pho thong|th|thcs|thpt|mn|mg|pt|ptdtnt|ptdtbt)\b/;

/** What a school or card unit says about where a pupil studies: its key, and for a unit whether it is a school at all. */
export interface Place {
  readonly key: string;
  readonly isSchool: boolean;
}

const places = new Map<string, Place>();

/** Remembered: a few hundred schools and units are compared millions of times. */
export function placeOf(name: string): Place {
  let place = places.get(name);
  if (!place) places.set(name, (place = { key: schoolKey(name), isSchool: SCHOOL_UNIT.test(foldDiacritics(name)) }));
  return place;
}

function comparePlaces(school: Place | null, unit: Place | null): UnitLevel {
  if (!unit || !school) return 'unknown';
  if (unit.key === school.key) return 'same';
  // A commune or a household holding the card (TE, HN, CN cards) says nothing about the school.
  return unit.isSchool ? 'other-school' : 'unknown';
}

export function compareUnit(school: string, unit: string | null): UnitLevel {
  return comparePlaces(placeOf(school), unit ? placeOf(unit) : null);
}

export interface PupilFacts {
  /** Whether the roster's BHXH code can be used as evidence (not a code known to be someone else's). */
  bhxhTrusted: boolean;
  /** Whether the roster's personal ID fits the pupil's birth year and sex. */
  personalIdTrusted: boolean;
}

/** What the comparisons read of a pupil or a card holder but the name, taken apart once. */
export interface Holder {
  readonly dob: DobFacts | null;
  readonly gender: Gender | null;
  readonly bhxh: string | null;
  readonly personalId: string | null;
  /** The pupil's school or the card's unit. */
  readonly place: Place | null;
}

/**
 * A pupil or card holder as the comparisons read it, taken apart once and always of one
 * shape (records built by spreading each get their own hidden class in V8, which makes
 * every field read slow in the hot loop).
 */
export interface Side<T> extends Holder {
  readonly record: T;
  readonly name: string;
  readonly nameKey: string;
  readonly parts: NameParts;
}

class RecordSide<T extends Pupil | Card> implements Side<T> {
  readonly name: string;
  readonly nameKey: string;
  readonly dob: DobFacts | null;
  readonly gender: Gender | null;
  readonly bhxh: string | null;
  readonly personalId: string | null;
  readonly place: Place | null;

  constructor(readonly record: T, where: string | null, readonly parts: NameParts) {
    this.name = record.name;
    this.nameKey = record.nameKey;
    this.dob = dobFactsOf(record.dob);
    this.gender = record.gender;
    this.bhxh = record.bhxh;
    this.personalId = record.personalId;
    this.place = where ? placeOf(where) : null;
  }
}

/** A record as the comparisons read it; `parts`: its name taken apart, when known already. */
export function sideOf<T extends Pupil | Card>(record: T, parts: NameParts = namePartsOf(record.nameKey)): Side<T> {
  return new RecordSide(record, 'school' in record ? record.school : record.unit, parts);
}

/** Everything a comparison finds but the name: cheap, so it is known before the name is compared. */
export type Context = Omit<Evidence, 'name' | 'nameDetail'>;

/**
 * Everything but the name, written into `into` when given: a pupil's candidates share
 * one scratch context, since most are hopeless and never kept (see evidenceOf).
 */
export function compareContext(pupil: Holder, card: Holder, facts: PupilFacts, into?: Context): Context {
  const dob = compareDobFacts(pupil.dob, card.dob);
  const gender = !pupil.gender || !card.gender ? 'unknown' : pupil.gender === card.gender ? 'same' : 'other';
  const bhxh = compareCodes(pupil.bhxh, card.bhxh, facts.bhxhTrusted);
  const personalId = compareCodes(pupil.personalId, card.personalId, facts.personalIdTrusted);
  const unit = comparePlaces(pupil.place, card.place);
  if (!into) return { dob, gender, bhxh, personalId, unit };
  into.dob = dob;
  into.gender = gender;
  into.bhxh = bhxh;
  into.personalId = personalId;
  into.unit = unit;
  return into;
}

/** A name comparison and its context as evidence of their own, copied field by field (the context may be a scratch object). */
export function evidenceOf(name: NameComparison, context: Context): Evidence {
  // Spelled out: spreading `context` here costs more than the whole comparison.
  const { dob, gender, bhxh, personalId, unit } = context;
  return { name: name.level, nameDetail: name.detail, dob, gender, bhxh, personalId, unit };
}
