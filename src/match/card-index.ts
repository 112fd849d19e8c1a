/**
 * Hash indexes over the cards, so each pupil looks up only the cards that share a key
 * with it, never all of them. Cards that share a mã số BHXH belong to one person.
 */
import type { Card } from '../ingest/records.js';

export interface CardIndex {
  cards: Card[];
  byBhxh: Map<string, Card[]>;
  byPersonalId: Map<string, Card[]>;
  byNameDob: Map<string, Card[]>;
}

export function nameDobKey(nameKey: string, dobIso: string): string {
  return `${nameKey}|${dobIso}`;
}

function add(map: Map<string, Card[]>, key: string, card: Card): void {
  const list = map.get(key);
  if (list) list.push(card);
  else map.set(key, [card]);
}

export function buildCardIndex(cards: Card[]): CardIndex {
  const index: CardIndex = { cards, byBhxh: new Map(), byPersonalId: new Map(), byNameDob: new Map() };
  for (const card of cards) {
    if (card.bhxh) add(index.byBhxh, card.bhxh, card);
    if (card.personalId) add(index.byPersonalId, card.personalId, card);
    if (card.nameKey && card.dob?.precision === 'day') add(index.byNameDob, nameDobKey(card.nameKey, card.dob.iso), card);
  }
  return index;
}

/** The cards of each person among some cards: grouped by mã số BHXH (a card without one is its own person). */
export function groupByPerson(cards: Card[]): Card[][] {
  const people = new Map<string, Card[]>();
  for (const card of cards) add(people, card.bhxh ?? `#${card.index}`, card);
  return [...people.values()];
}

/** All cards of the person holding this card. */
export function cardsOfPerson(index: CardIndex, card: Card): Card[] {
  return card.bhxh ? (index.byBhxh.get(card.bhxh) ?? [card]) : [card];
}
