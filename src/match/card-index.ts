/**
 * Hash indexes over the cards by blocking keys, so each pupil is compared only with
 * the few card holders that share a key with it, never with all of them. Cards that
 * share a mã số BHXH belong to one person.
 *
 * Each card holder is filed under three keys, names without marks (a missing tone mark
 * still finds its card): birth date + family name, birth date + given name (in DayTables,
 * sorted by day), birth year + family and given names (in a KeyTable). Keys are numbers
 * (a day count and syllable numbers), not strings: a province's cards are filed without
 * building a string per key. Typing errors in the date are looked for by the pupil, not
 * filed: a pupil asks for the day before and after, and the day and month swapped; a
 * pupil with a year written alone asks for the year with two of the name's syllables
 * (filed only for the keys pupils ask for).
 */
import type { Card, Pupil } from '../ingest/records.js';
import { dayNumber, dobFactsOf, sideOf, type DobFacts, type Side } from './compare.js';
import { MAX_SKELETONS, NameBook, namePartsOf, type NameParts, type Syllable } from './name-parts.js';
import { CodeTable } from './code-table.js';
import { DayTableBuilder, type DayTable } from './day-table.js';
import { KeyTableBuilder, type KeyTable, type PersonVisitor } from './key-table.js';
import { ReusedList } from './reused-list.js';

export interface CardIndex {
  cards: Card[];
  /** Names taken apart for this matching: the card holders', then the pupils'. */
  names: NameBook;
  /**
   * Each person's cards (positions in `cards`) side by side, in the export's order:
   * person p's are cardsByPerson[firstCardOf[p]] up to, not including,
   * cardsByPerson[firstCardOf[p + 1]]. A person is a position in firstCardOf.
   */
  firstCardOf: Int32Array;
  cardsByPerson: Int32Array;
  /**
   * The same for each card as the comparisons read it (its Side, read once per
   * matching), leaving out cards that repeat the person's previous one (see sameHolder):
   * person p's are holders[firstHolderOf[p]] up to holders[firstHolderOf[p + 1]].
   */
  firstHolderOf: Int32Array;
  holders: Side<Card>[];
  /**
   * Each holder's given name (last syllable), in the holders' order: a small array read
   * before a holder is, to pass over holders whose given name cannot agree (see givenCouldAgree).
   */
  givenNames: (Syllable | undefined)[];
  personOfCard: Int32Array;
  /** Mã số BHXH → person. */
  personOfCode: CodeTable;
  /** Số định danh cá nhân (see personalIdKey) → people. */
  personalIds: KeyTable;
  /** Birth date and family name → people; birth date and given name → people. */
  familyDays: DayTable;
  givenDays: DayTable;
  /** Birth year with family and given names (see yearKey) → people. */
  yearNames: KeyTable;
  /** The year-pair keys asked for when the index was built (see yearPairsAskedBy) → people. */
  yearPairs: KeyTable;
}

export function peopleIn(index: CardIndex): number {
  return index.firstCardOf.length - 1;
}

/** The person's cards, in the export's order. */
export function cardsOf(index: CardIndex, person: number): Card[] {
  const cards: Card[] = [];
  for (let i = index.firstCardOf[person]; i < index.firstCardOf[person + 1]; i++) cards.push(index.cards[index.cardsByPerson[i]]);
  return cards;
}

/**
 * Whether a card says of its holder all its person's previous card says (a card renewed,
 * the name and everything else as before): compared again, it would agree exactly as
 * well, and the first of equals is kept, so it is not compared at all.
 */
function sameHolder(card: Card, previous: Card): boolean {
  return (
    card.name === previous.name &&
    card.nameKey === previous.nameKey &&
    card.dob?.iso === previous.dob?.iso &&
    card.dob?.precision === previous.dob?.precision &&
    card.gender === previous.gender &&
    card.personalId === previous.personalId &&
    card.unit === previous.unit
  );
}

/** Skeleton numbers (see syllableOf in compare.ts) are below this. */
const SYLLABLES = MAX_SKELETONS;
const FIRST_YEAR = 1900;
const YEARS = 256;

/** A birth year with two name syllables: below 2^53, so exact as a number. */
function yearKey(year: number, first: number, second: number): number {
  return ((year - FIRST_YEAR) * SYLLABLES + first) * SYLLABLES + second;
}

/** A birth date the keys can hold: a year 1900–2155. */
function keyDate(dob: DobFacts | null): DobFacts | null {
  return dob && dob.year >= FIRST_YEAR && dob.year < FIRST_YEAR + YEARS ? dob : null;
}

const knowsDay = (date: DobFacts) => !Number.isNaN(date.dayNumber);

/** Files the person under a card holder's keys: its family and given names' skeleton numbers with its birth date or year. */
function fileKeys(holder: Side<Card>, person: number, familyDays: DayTableBuilder, givenDays: DayTableBuilder, yearNames: ReusedList<number>): void {
  const date = keyDate(holder.dob);
  const { parts } = holder;
  if (!date || parts.length === 0) return;
  const family = parts[0].skeletonNumber;
  const given = parts[parts.length - 1].skeletonNumber;
  if (knowsDay(date)) {
    familyDays.add(date.dayNumber, family, person);
    givenDays.add(date.dayNumber, given, person);
  }
  yearNames.pushOnce(yearKey(date.year, family, given));
}

/** The card holder's year-pair keys (see yearPairKey) among those asked for. */
function fileYearPairKeys(holder: Side<Card>, asked: ReadonlySet<number>, into: ReusedList<number>): void {
  const date = keyDate(holder.dob);
  const { parts } = holder;
  if (!date || parts.length < 3) return;
  const front = yearPairKey(date.year, parts, FRONT);
  const back = yearPairKey(date.year, parts, BACK);
  if (asked.has(front)) into.pushOnce(front);
  if (asked.has(back)) into.pushOnce(back);
}

const PERSONAL_ID = /^\d{12}$/;

/**
 * A personal ID's twelve digits as a number (exact below 2^53), or -1 for any other
 * text: such an ID never fits a pupil (personalIdFits), so it is never looked up.
 */
function personalIdKey(id: string): number {
  return PERSONAL_ID.test(id) ? Number(id) : -1;
}

/** Each person's card positions side by side (see CardIndex.cardsByPerson), from the person of each position. */
function groupByPerson(personAt: Int32Array, people: number): { firstCardOf: Int32Array; cardsByPerson: Int32Array } {
  const firstCardOf = new Int32Array(people + 1);
  for (let at = 0; at < personAt.length; at++) firstCardOf[personAt[at] + 1]++;
  for (let person = 0; person < people; person++) firstCardOf[person + 1] += firstCardOf[person];
  const next = firstCardOf.slice(0, people);
  const cardsByPerson = new Int32Array(personAt.length);
  for (let at = 0; at < personAt.length; at++) cardsByPerson[next[personAt[at]]++] = at;
  return { firstCardOf, cardsByPerson };
}

/** The cards filed; `askedYearPairs`: the year-pair keys the pupils will ask for (see yearPairsAskedBy). */
export function buildCardIndex(cards: Card[], askedYearPairs: ReadonlySet<number> = new Set()): CardIndex {
  // Each card read once, in the export's order (its records lie in memory in about that order).
  const personAt = new Int32Array(cards.length);
  const personOfCard = new Int32Array(cards.length);
  const personOfCode = new CodeTable();
  const names = new NameBook();
  // Null for a card that repeats its person's previous one (see sameHolder).
  const holderAt = new Array<Side<Card> | null>(cards.length);
  const lastCardOf = new Int32Array(cards.length);
  let people = 0;
  for (let at = 0; at < cards.length; at++) {
    const card = cards[at];
    let person = card.bhxh ? personOfCode.get(card.bhxh) : undefined;
    let repeats = false;
    if (person === undefined) {
      person = people++;
      if (card.bhxh) personOfCode.set(card.bhxh, person);
    } else {
      repeats = sameHolder(card, cards[lastCardOf[person]]);
    }
    holderAt[at] = repeats ? null : sideOf(card, names.partsOf(card.nameKey));
    personAt[at] = person;
    personOfCard[card.index] = person;
    lastCardOf[person] = at;
  }
  const { firstCardOf, cardsByPerson } = groupByPerson(personAt, people);
  const firstHolderOf = new Int32Array(people + 1);
  const holders: Side<Card>[] = [];
  const givenNames: (Syllable | undefined)[] = [];
  for (let person = 0; person < people; person++) {
    firstHolderOf[person] = holders.length;
    for (let i = firstCardOf[person]; i < firstCardOf[person + 1]; i++) {
      const holder = holderAt[cardsByPerson[i]];
      if (!holder) continue;
      holders.push(holder);
      givenNames.push(holder.parts[holder.parts.length - 1]);
    }
  }
  firstHolderOf[people] = holders.length;
  const familyDays = new DayTableBuilder();
  const givenDays = new DayTableBuilder();
  const yearNames = new KeyTableBuilder();
  const yearPairs = new KeyTableBuilder();
  const personalIds = new KeyTableBuilder();
  const yearNameKeys = new ReusedList<number>();
  const pairKeys = new ReusedList<number>();
  const ids = new ReusedList<number>();
  for (let person = 0; person < people; person++) {
    yearNameKeys.clear();
    pairKeys.clear();
    ids.clear();
    for (let i = firstHolderOf[person]; i < firstHolderOf[person + 1]; i++) {
      const holder = holders[i];
      fileKeys(holder, person, familyDays, givenDays, yearNameKeys);
      if (askedYearPairs.size) fileYearPairKeys(holder, askedYearPairs, pairKeys);
      const id = holder.personalId ? personalIdKey(holder.personalId) : -1;
      if (id >= 0) ids.pushOnce(id);
    }
    for (let i = 0; i < yearNameKeys.size; i++) yearNames.add(yearNameKeys.at(i), person);
    for (let i = 0; i < pairKeys.size; i++) yearPairs.add(pairKeys.at(i), person);
    for (let i = 0; i < ids.size; i++) personalIds.add(ids.at(i), person);
  }
  const tables = { personalIds: personalIds.build(), familyDays: familyDays.build(), givenDays: givenDays.build(), yearNames: yearNames.build(), yearPairs: yearPairs.build() };
  return { cards, names, firstCardOf, cardsByPerson, firstHolderOf, holders, givenNames, personOfCard, personOfCode, ...tables };
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

function visitDay(index: CardIndex, keys: PupilKeys, day: number, visitor: PersonVisitor): void {
  if (keys.family >= 0) index.familyDays.forEachPerson(day, keys.family, visitor);
  if (keys.given >= 0) index.givenDays.forEachPerson(day, keys.given, visitor);
}

/** The personal ID's holders, and those born the same day with the same family name: enough for a clean record. */
export function visitNearPeople(index: CardIndex, keys: PupilKeys, visitor: PersonVisitor): void {
  if (keys.personalId) index.personalIds.forEachPerson(personalIdKey(keys.personalId), visitor);
  if (keys.date && knowsDay(keys.date) && keys.family >= 0) index.familyDays.forEachPerson(keys.date.dayNumber, keys.family, visitor);
}

/**
 * The wide search, for pupils the near keys did not settle: the same day with the given
 * name (a typo in the family name); the day before and after and the day and month
 * swapped, each with either name; the birth year with both names; and for a year
 * written alone, the year with the family and first middle name or with the last middle
 * and given name (a typo in the other).
 */
export function visitFarPeople(index: CardIndex, keys: PupilKeys, parts: NameParts, visitor: PersonVisitor): void {
  const { date } = keys;
  if (!date) return;
  if (knowsDay(date)) {
    if (keys.given >= 0) index.givenDays.forEachPerson(date.dayNumber, keys.given, visitor);
    visitDay(index, keys, date.dayNumber - 1, visitor);
    visitDay(index, keys, date.dayNumber + 1, visitor);
    if (date.day <= 12 && date.day !== date.month) visitDay(index, keys, dayNumber(date.year, date.day, date.month), visitor);
  } else if (parts.length >= 3) {
    const front = yearPairKey(date.year, parts, FRONT);
    const back = yearPairKey(date.year, parts, BACK);
    index.yearPairs.forEachPerson(front, visitor);
    if (back !== front) index.yearPairs.forEachPerson(back, visitor);
  }
  if (keys.family >= 0 && keys.given >= 0) index.yearNames.forEachPerson(yearKey(date.year, keys.family, keys.given), visitor);
}

class PersonList implements PersonVisitor {
  readonly people: number[] = [];

  visit(person: number): void {
    this.people.push(person);
  }
}

/** The people with a card holder born in `year` with the family and given names of `parts` (without marks). */
export function peopleWithSameYearNames(index: CardIndex, year: number, parts: NameParts): number[] {
  const n = parts.length;
  const list = new PersonList();
  if (n && year >= FIRST_YEAR && year < FIRST_YEAR + YEARS) index.yearNames.forEachPerson(yearKey(year, parts[0].skeletonNumber, parts[n - 1].skeletonNumber), list);
  return list.people;
}

const FRONT = 0;
const BACK = 1;

/**
 * The year with the family and first middle syllable (FRONT), or with the last middle and
 * given syllable (BACK), of a name of three syllables or more.
 */
function yearPairKey(year: number, parts: NameParts, end: typeof FRONT | typeof BACK): number {
  const first = end === FRONT ? 0 : parts.length - 2;
  return yearKey(year, parts[first].skeletonNumber, parts[first + 1].skeletonNumber);
}

/**
 * The year-pair keys the pupils with a year written alone ask for in the wide search
 * (see visitFarPeople): a roster has a few hundred such pupils, so the cards are filed
 * under these keys only, not under every card holder's two.
 */
export function yearPairsAskedBy(pupils: readonly Pupil[]): Set<number> {
  const asked = new Set<number>();
  for (const pupil of pupils) {
    if (!pupil.dob || pupil.dob.precision === 'day') continue;
    const date = keyDate(dobFactsOf(pupil.dob));
    const parts = namePartsOf(pupil.nameKey);
    if (!date || parts.length < 3) continue;
    asked.add(yearPairKey(date.year, parts, FRONT));
    asked.add(yearPairKey(date.year, parts, BACK));
  }
  return asked;
}
