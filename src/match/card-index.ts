/**
 * Hash indexes over the cards by blocking keys, so each pupil is compared only with
 * the few card holders that share a key with it, never with all of them. Cards that
 * share a mã số BHXH belong to one person.
 *
 * Each card holder is filed under three keys, names without marks (a missing tone mark
 * still finds its card): birth date + family name, birth date + given name, birth year
 * + family and given names. Keys are numbers (a day count and syllable numbers), not
 * strings: a province's cards are filed without building a string per key. Typing
 * errors in the date are looked for by the pupil, not filed: a pupil asks for the day
 * before and after, and the day and month swapped; a pupil with a year written alone
 * asks for the year with two of the name's syllables (filed only for the keys pupils ask for).
 */
import type { Card, Pupil } from '../ingest/records.js';
import { CardHolder } from './card-holders.js';
import { dayNumber, dobFactsOf, type DobFacts, type Side } from './compare.js';
import { MAX_SKELETONS, NameBook, namePartsOf, type NameParts } from './name-parts.js';
import { CodeTable } from './code-table.js';
import { KeyTableBuilder, type KeyTable } from './key-table.js';

export interface CardIndex {
  cards: Card[];
  /** Names taken apart for this matching: the card holders', then the pupils'. */
  names: NameBook;
  /**
   * The holders of each person's cards side by side, in filing order (and made in that
   * order, so they lie side by side in memory too): person p's are holders[firstCardOf[p]]
   * up to, not including, holders[firstCardOf[p + 1]]. A person is a position in firstCardOf.
   */
  firstCardOf: Int32Array;
  holders: CardHolder[];
  personOfCard: Int32Array;
  /** Mã số BHXH → person. */
  personOfCode: CodeTable;
  /** Số định danh cá nhân → people. */
  peopleOfPersonalId: Map<string, number[]>;
  /** Numeric blocking keys (see dayKey, yearKey) → people. */
  blocks: KeyTable;
  /** The year-pair keys asked for when the index was built (see yearPairsAskedBy) → people. */
  yearPairs: KeyTable;
}

export function peopleIn(index: CardIndex): number {
  return index.firstCardOf.length - 1;
}

/** The person's cards, in filing order. */
export function cardsOf(index: CardIndex, person: number): Card[] {
  const cards: Card[] = [];
  for (let i = index.firstCardOf[person]; i < index.firstCardOf[person + 1]; i++) cards.push(index.holders[i].card);
  return cards;
}

/** Skeleton numbers (see syllableOf in compare.ts) are below this. */
const SYLLABLES = MAX_SKELETONS;
const FIRST_YEAR = 1900;
const YEARS = 256;

type DayKind = 0 | 1;
const FAMILY_DAY: DayKind = 0;
const GIVEN_DAY: DayKind = 1;
const NAMES_YEAR = 2;
const PAIR_YEAR = 3;

/** A birth date (days since 1970) with one name syllable. */
function dayKey(kind: DayKind, day: number, syllable: number): number {
  return (day * SYLLABLES + syllable) * 4 + kind;
}

/** A birth year with two name syllables: below 2^53, so exact as a number. */
function yearKey(year: number, first: number, second: number, kind: typeof NAMES_YEAR | typeof PAIR_YEAR): number {
  return ((year - FIRST_YEAR) * SYLLABLES + first) * SYLLABLES * 4 + second * 4 + kind;
}

/** A birth date the keys can hold: a year 1900–2155. */
function keyDate(dob: DobFacts | null): DobFacts | null {
  return dob && dob.year >= FIRST_YEAR && dob.year < FIRST_YEAR + YEARS ? dob : null;
}

const knowsDay = (date: DobFacts) => !Number.isNaN(date.dayNumber);

/** Adds a key once. */
function addKey(key: number, into: number[]): void {
  if (!into.includes(key)) into.push(key);
}

/** The keys a card holder is filed under: its family and given names' skeleton numbers with its birth date or year. */
function fileKeys(holder: CardHolder, into: number[]): void {
  const date = keyDate(holder.dob);
  const { parts } = holder;
  if (!date || parts.length === 0) return;
  const family = parts[0].skeletonNumber;
  const given = parts[parts.length - 1].skeletonNumber;
  if (knowsDay(date)) {
    addKey(dayKey(FAMILY_DAY, date.dayNumber, family), into);
    addKey(dayKey(GIVEN_DAY, date.dayNumber, given), into);
  }
  addKey(yearKey(date.year, family, given, NAMES_YEAR), into);
}

/** The card holder's year-pair keys (see addYearPairKeys) among those asked for. */
function fileYearPairKeys(holder: CardHolder, asked: ReadonlySet<number>, into: number[]): void {
  const date = keyDate(holder.dob);
  const { parts } = holder;
  const n = parts.length;
  if (!date || n < 3) return;
  const front = yearKey(date.year, parts[0].skeletonNumber, parts[1].skeletonNumber, PAIR_YEAR);
  const back = yearKey(date.year, parts[n - 2].skeletonNumber, parts[n - 1].skeletonNumber, PAIR_YEAR);
  if (asked.has(front)) addKey(front, into);
  if (asked.has(back)) addKey(back, into);
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Each person's card positions side by side (as CardIndex.holders), from the person of each position. */
function groupByPerson(personAt: Int32Array, people: number): { firstCardOf: Int32Array; cardsOfPeople: Int32Array } {
  const firstCardOf = new Int32Array(people + 1);
  for (let at = 0; at < personAt.length; at++) firstCardOf[personAt[at] + 1]++;
  for (let person = 0; person < people; person++) firstCardOf[person + 1] += firstCardOf[person];
  const next = firstCardOf.slice(0, people);
  const cardsOfPeople = new Int32Array(personAt.length);
  for (let at = 0; at < personAt.length; at++) cardsOfPeople[next[personAt[at]]++] = at;
  return { firstCardOf, cardsOfPeople };
}

/** The cards filed; `askedYearPairs`: the year-pair keys the pupils will ask for (see yearPairsAskedBy). */
export function buildCardIndex(cards: Card[], askedYearPairs: ReadonlySet<number> = new Set()): CardIndex {
  const personAt = new Int32Array(cards.length);
  const personOfCard = new Int32Array(cards.length);
  const personOfCode = new CodeTable();
  let people = 0;
  for (let at = 0; at < cards.length; at++) {
    const card = cards[at];
    let person = card.bhxh ? personOfCode.get(card.bhxh) : undefined;
    if (person === undefined) {
      person = people++;
      if (card.bhxh) personOfCode.set(card.bhxh, person);
    }
    personAt[at] = person;
    personOfCard[card.index] = person;
  }
  const { firstCardOf, cardsOfPeople } = groupByPerson(personAt, people);
  const names = new NameBook();
  const holders = new Array<CardHolder>(cards.length);
  const blocks = new KeyTableBuilder();
  const yearPairs = new KeyTableBuilder();
  const peopleOfPersonalId = new Map<string, number[]>();
  const keys: number[] = [];
  const pairKeys: number[] = [];
  const ids: string[] = [];
  for (let person = 0; person < people; person++) {
    keys.length = 0;
    pairKeys.length = 0;
    ids.length = 0;
    for (let i = firstCardOf[person]; i < firstCardOf[person + 1]; i++) {
      const card = cards[cardsOfPeople[i]];
      const holder = (holders[i] = new CardHolder(card, names.partsOf(card.nameKey)));
      fileKeys(holder, keys);
      if (askedYearPairs.size) fileYearPairKeys(holder, askedYearPairs, pairKeys);
      const id = holder.personalId;
      if (id && !ids.includes(id)) ids.push(id);
    }
    for (const key of keys) blocks.add(key, person);
    for (const key of pairKeys) yearPairs.add(key, person);
    for (const id of ids) pushTo(peopleOfPersonalId, id, person);
  }
  return { cards, names, firstCardOf, holders, personOfCard, personOfCode, peopleOfPersonalId, blocks: blocks.build(), yearPairs: yearPairs.build() };
}

/** What a pupil looks a card holder up by. */
export interface PupilKeys {
  date: DobFacts | null;
  /** Skeleton numbers of the family and given names; -1 for no name. */
  family: number;
  given: number;
  personalId: string | null;
}

export function pupilKeys(pupil: Side<Pupil>, personalId: string | null): PupilKeys {
  const { parts } = pupil;
  const n = parts.length;
  return { date: keyDate(pupil.dob), family: n ? parts[0].skeletonNumber : -1, given: n ? parts[n - 1].skeletonNumber : -1, personalId };
}

type Visit = (person: number) => void;

function visitBlock(index: CardIndex, key: number, visit: Visit): void {
  index.blocks.forEachPerson(key, visit);
}

function visitDay(index: CardIndex, keys: PupilKeys, day: number, visit: Visit): void {
  if (keys.family >= 0) visitBlock(index, dayKey(FAMILY_DAY, day, keys.family), visit);
  if (keys.given >= 0) visitBlock(index, dayKey(GIVEN_DAY, day, keys.given), visit);
}

/** The personal ID's holders, and those born the same day with the same family name: enough for a clean record. */
export function visitNearPeople(index: CardIndex, keys: PupilKeys, visit: Visit): void {
  if (keys.personalId) for (const person of index.peopleOfPersonalId.get(keys.personalId) ?? []) visit(person);
  if (keys.date && knowsDay(keys.date) && keys.family >= 0) visitBlock(index, dayKey(FAMILY_DAY, keys.date.dayNumber, keys.family), visit);
}

/**
 * The wide search, for pupils the near keys did not settle: the same day with the given
 * name (a typo in the family name); the day before and after and the day and month
 * swapped, each with either name; the birth year with both names; and for a year
 * written alone, the year with the family and first middle name or with the last middle
 * and given name (a typo in the other).
 */
export function visitFarPeople(index: CardIndex, keys: PupilKeys, parts: NameParts, visit: Visit): void {
  const { date } = keys;
  if (!date) return;
  if (knowsDay(date)) {
    if (keys.given >= 0) visitBlock(index, dayKey(GIVEN_DAY, date.dayNumber, keys.given), visit);
    visitDay(index, keys, date.dayNumber - 1, visit);
    visitDay(index, keys, date.dayNumber + 1, visit);
    if (date.day <= 12 && date.day !== date.month) visitDay(index, keys, dayNumber(date.year, date.day, date.month), visit);
  } else {
    const pairKeys: number[] = [];
    addYearPairKeys(date.year, parts, pairKeys);
    for (const key of pairKeys) index.yearPairs.forEachPerson(key, visit);
  }
  if (keys.family >= 0 && keys.given >= 0) visitBlock(index, yearKey(date.year, keys.family, keys.given, NAMES_YEAR), visit);
}

/** Card holders born in `year` with the family and given names of `parts` (without marks). */
export function visitSameYearNames(index: CardIndex, year: number, parts: NameParts, visit: Visit): void {
  const n = parts.length;
  if (n && year >= FIRST_YEAR && year < FIRST_YEAR + YEARS) visitBlock(index, yearKey(year, parts[0].skeletonNumber, parts[n - 1].skeletonNumber, NAMES_YEAR), visit);
}

/**
 * Adds the year with the family and first middle syllable, and with the last middle and
 * given syllable, each once; none for a name of two.
 */
function addYearPairKeys(year: number, parts: NameParts, into: number[]): void {
  const n = parts.length;
  if (n < 3) return;
  addYearPairKey(year, parts[0].skeletonNumber, parts[1].skeletonNumber, into);
  addYearPairKey(year, parts[n - 2].skeletonNumber, parts[n - 1].skeletonNumber, into);
}

function addYearPairKey(year: number, first: number, second: number, into: number[]): void {
  const key = yearKey(year, first, second, PAIR_YEAR);
  if (!into.includes(key)) into.push(key);
}

/**
 * The year-pair keys the pupils with a year written alone ask for in the wide search
 * (see visitFarPeople): a roster has a few hundred such pupils, so the cards are filed
 * under these keys only, not under every card holder's two.
 */
export function yearPairsAskedBy(pupils: readonly Pupil[]): Set<number> {
  const asked: number[] = [];
  for (const pupil of pupils) {
    if (!pupil.dob || pupil.dob.precision === 'day') continue;
    const date = keyDate(dobFactsOf(pupil.dob));
    if (date) addYearPairKeys(date.year, namePartsOf(pupil.nameKey), asked);
  }
  return new Set(asked);
}
