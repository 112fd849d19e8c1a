/**
 * Links each pupil to the cards of the person they are, then decides: insured when one
 * of those cards is valid on the reference date. Links are tried from the strongest
 * evidence down: mã số BHXH, personal ID, then name + birth date. Ambiguity goes to
 * review; it is never guessed.
 */
import { coverageOf } from '../cover/validity.js';
import type { Card, Pupil } from '../ingest/records.js';
import { nameSkeleton } from '../vn/name.js';
import { buildCardIndex, cardsOfPerson, groupByPerson, nameDobKey, type CardIndex } from './card-index.js';
import type { Decision } from './decision.js';

/** A pupil linked to one person's cards, or to several people between whom a clerk must choose. */
export type Link =
  | { kind: 'person'; cards: Card[]; method: string; evidence: string }
  | { kind: 'ambiguous'; people: Card[][]; method: string; reason: string };

/** Finds a pupil's cards one way; null when this way finds nothing. */
export type Linker = (pupil: Pupil, index: CardIndex) => Link | null;

/** Same person, as far as a name and a birth date can tell: one of the two agrees. */
function sameHolder(pupil: Pupil, card: Card): boolean {
  const sameDob = pupil.dob !== null && card.dob !== null && pupil.dob.iso.slice(0, pupil.dob.precision === 'year' ? 4 : 10) === card.dob.iso.slice(0, pupil.dob.precision === 'year' ? 4 : 10);
  return sameDob || nameSkeleton(pupil.name) === nameSkeleton(card.name);
}

export const linkByBhxh: Linker = (pupil, index) => {
  if (!pupil.bhxh) return null;
  const cards = index.byBhxh.get(pupil.bhxh);
  if (!cards) return null;
  if (!cards.some((card) => sameHolder(pupil, card))) {
    return {
      kind: 'ambiguous',
      people: [cards],
      method: 'bhxh-conflict',
      reason: `Mã số BHXH trên danh sách thuộc thẻ của "${cards[0].name}" (khác họ tên và ngày sinh): cần kiểm tra`,
    };
  }
  return { kind: 'person', cards, method: 'bhxh', evidence: 'Khớp mã số BHXH' };
};

export const linkByPersonalId: Linker = (pupil, index) => {
  if (!pupil.personalId) return null;
  const cards = index.byPersonalId.get(pupil.personalId);
  if (!cards) return null;
  const people = groupByPerson(cards).map((person) => cardsOfPerson(index, person[0]));
  if (people.length > 1) return { kind: 'ambiguous', people, method: 'personal-id', reason: `Số định danh trùng với ${people.length} thẻ: cần kiểm tra` };
  if (!people[0].some((card) => sameHolder(pupil, card))) {
    return { kind: 'ambiguous', people, method: 'personal-id-conflict', reason: 'Số định danh trùng với thẻ của người khác họ tên và ngày sinh: cần kiểm tra' };
  }
  return { kind: 'person', cards: people[0], method: 'personal-id', evidence: 'Khớp số định danh cá nhân' };
};

export const linkByNameAndDob: Linker = (pupil, index) => {
  if (!pupil.dob || pupil.dob.precision !== 'day' || !pupil.nameKey) return null;
  const cards = index.byNameDob.get(nameDobKey(pupil.nameKey, pupil.dob.iso));
  if (!cards) return null;
  const people = groupByPerson(cards).map((person) => cardsOfPerson(index, person[0]));
  if (people.length > 1) {
    return { kind: 'ambiguous', people, method: 'name-dob', reason: `Trùng họ tên và ngày sinh với ${people.length} thẻ: cần kiểm tra` };
  }
  return { kind: 'person', cards: people[0], method: 'name-dob', evidence: 'Khớp họ tên và ngày sinh' };
};

export const EXACT_LINKERS: Linker[] = [linkByBhxh, linkByPersonalId, linkByNameAndDob];

function decide(pupil: Pupil, link: Link | null, asOf: string): Decision {
  const base = { pupil: pupil.index, flags: [] as string[] };
  if (!link) return { ...base, status: 'uninsured', method: 'none', card: null, candidates: [], reason: 'Không tìm thấy thẻ' };
  if (link.kind === 'ambiguous') {
    const candidates = link.people.map((cards) => coverageOf(cards, asOf).card.index);
    return { ...base, status: 'review', method: link.method, card: null, candidates, reason: link.reason };
  }
  const coverage = coverageOf(link.cards, asOf);
  return {
    ...base,
    status: coverage.insured ? 'insured' : 'uninsured',
    method: link.method,
    card: coverage.card.index,
    candidates: [],
    reason: `${link.evidence}; ${lowerFirst(coverage.reason)}`,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

/** One decision per pupil, in pupil order. */
export function matchPupils(pupils: Pupil[], cards: Card[], asOf: string, linkers: Linker[] = EXACT_LINKERS): Decision[] {
  const index = buildCardIndex(cards);
  return pupils.map((pupil) => {
    let link: Link | null = null;
    for (const linker of linkers) {
      link = linker(pupil, index);
      if (link) break;
    }
    return decide(pupil, link, asOf);
  });
}
