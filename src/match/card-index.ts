/**
 * Hash indexes over the cards by blocking keys, so each pupil is compared only with
 * the few card holders that share a key with it, never with all of them. Cards that
 * share a mã số BHXH belong to one person.
 */
import type { BirthDate, Card } from '../ingest/records.js';
import { sideOf, type NameParts, type Side } from './compare.js';

export interface CardIndex {
  cards: Card[];
  /** The cards of each person, names taken apart; a person is a position in this list. */
  people: Side<Card>[][];
  personOfCard: Int32Array;
  /** Mã số BHXH → person. */
  personOfCode: Map<string, number>;
  /** Other blocking keys → people. */
  blocks: Map<string, number[]>;
}

interface Person {
  dob: BirthDate | null;
  personalId: string | null;
}

export interface BlockingKeys {
  /** The personal ID; the birth date with the family name: with the BHXH code, enough when the record is clean. */
  near: string[];
  /** Birth date with the given name (a typo in the family name), birth year with both names (a wrong, swapped or year-only date). */
  far: string[];
}

/**
 * The keys under which a person can be found. Names without marks, so a missing tone
 * mark still finds its card.
 */
export function blockingKeys(person: Person, parts: NameParts): BlockingKeys {
  const near: string[] = [];
  const far: string[] = [];
  if (person.personalId) near.push(`p:${person.personalId}`);
  const skeletons = parts.skeletons;
  if (skeletons.length === 0 || !person.dob) return { near, far };
  const family = skeletons[0];
  const given = skeletons[skeletons.length - 1];
  if (person.dob.precision === 'day') {
    near.push(`d:${person.dob.iso}|${family}`);
    far.push(`g:${person.dob.iso}|${given}`);
  }
  far.push(`y:${person.dob.iso.slice(0, 4)}|${family}|${given}`);
  return { near, far };
}

export function buildCardIndex(cards: Card[]): CardIndex {
  const people: Side<Card>[][] = [];
  const personOfCard = new Int32Array(cards.length);
  const personOfCode = new Map<string, number>();
  for (const card of cards) {
    let person = card.bhxh ? personOfCode.get(card.bhxh) : undefined;
    if (person === undefined) {
      person = people.length;
      people.push([]);
      if (card.bhxh) personOfCode.set(card.bhxh, person);
    }
    people[person].push(sideOf(card));
    personOfCard[card.index] = person;
  }
  const blocks = new Map<string, number[]>();
  people.forEach((personCards, person) => {
    const keys = personCards.length === 1 ? allKeys(personCards[0]) : new Set(personCards.flatMap(allKeys));
    for (const key of keys) {
      const list = blocks.get(key);
      if (list) list.push(person);
      else blocks.set(key, [person]);
    }
  });
  return { cards, people, personOfCard, personOfCode, blocks };
}

function allKeys(side: Side<Card>): string[] {
  const { near, far } = blockingKeys(side.record, side.parts);
  return [...near, ...far];
}

/** The people holding the BHXH code, if any, and those sharing at least one other blocking key with a pupil. */
export function candidatePeople(index: CardIndex, keys: string[], bhxh: string | null = null): Set<number> {
  const found = new Set<number>();
  const coded = bhxh === null ? undefined : index.personOfCode.get(bhxh);
  if (coded !== undefined) found.add(coded);
  for (const key of keys) for (const person of index.blocks.get(key) ?? []) found.add(person);
  return found;
}
