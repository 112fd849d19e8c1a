/**
 * Hash indexes over the cards by blocking keys, so each pupil is compared only with
 * the few card holders that share a key with it, never with all of them. Cards that
 * share a mã số BHXH belong to one person.
 */
import type { BirthDate, Card } from '../ingest/records.js';
import { nameSyllables } from '../vn/name.js';
import { foldDiacritics } from '../vn/text.js';

export interface CardIndex {
  cards: Card[];
  /** The cards of each person; a person is a position in this list. */
  people: Card[][];
  personOfCard: Int32Array;
  /** Blocking key → people. */
  blocks: Map<string, number[]>;
}

interface Person {
  name: string;
  dob: BirthDate | null;
  bhxh: string | null;
  personalId: string | null;
}

/**
 * The keys under which a person can be found: each ID; birth date with the family
 * name or with the given name (survives a typo in the other); birth year with family
 * and given names (survives a wrong, swapped or year-only date). Names without marks,
 * so a missing tone mark still finds its card.
 */
export function blockingKeys(person: Person): string[] {
  const keys: string[] = [];
  if (person.bhxh) keys.push(`b:${person.bhxh}`);
  if (person.personalId) keys.push(`p:${person.personalId}`);
  const syllables = nameSyllables(person.name).map(foldDiacritics);
  if (syllables.length === 0 || !person.dob) return keys;
  const family = syllables[0];
  const given = syllables[syllables.length - 1];
  if (person.dob.precision === 'day') keys.push(`d:${person.dob.iso}|${family}`, `g:${person.dob.iso}|${given}`);
  keys.push(`y:${person.dob.iso.slice(0, 4)}|${family}|${given}`);
  return keys;
}

export function buildCardIndex(cards: Card[]): CardIndex {
  const people: Card[][] = [];
  const personOfCard = new Int32Array(cards.length);
  const personOfCode = new Map<string, number>();
  for (const card of cards) {
    let person = card.bhxh ? personOfCode.get(card.bhxh) : undefined;
    if (person === undefined) {
      person = people.length;
      people.push([]);
      if (card.bhxh) personOfCode.set(card.bhxh, person);
    }
    people[person].push(card);
    personOfCard[card.index] = person;
  }
  const blocks = new Map<string, number[]>();
  people.forEach((personCards, person) => {
    const keys = new Set(personCards.flatMap(blockingKeys));
    for (const key of keys) {
      const list = blocks.get(key);
      if (list) list.push(person);
      else blocks.set(key, [person]);
    }
  });
  return { cards, people, personOfCard, blocks };
}

/** The people sharing at least one blocking key with a pupil. */
export function candidatePeople(index: CardIndex, keys: string[]): Set<number> {
  const found = new Set<number>();
  for (const key of keys) for (const person of index.blocks.get(key) ?? []) found.add(person);
  return found;
}
