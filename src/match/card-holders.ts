/**
 * What the comparisons read of each card holder, one column per field, by the card's
 * position in the cards: read from every card once, when the cards are filed. A
 * province's cards as an object each would cost more to make and collect than the
 * comparisons that read them, and a comparison reads these columns, not the records.
 */
import type { Card, Gender } from '../ingest/records.js';
import { dobFactsOf, placeOf, type DobFacts, type Holder, type NameBook, type NameParts, type Place } from './compare.js';

/** A holder the assessment fills with one card holder after another. */
export type ScratchHolder = { -readonly [Field in keyof Holder]: Holder[Field] };

export function scratchHolder(): ScratchHolder {
  return { dob: null, gender: null, bhxh: null, personalId: null, place: null };
}

export class CardHolders {
  /** Each card holder's name taken apart. */
  readonly parts: NameParts[];
  readonly dob: (DobFacts | null)[];
  private readonly gender: (Gender | null)[];
  private readonly bhxh: (string | null)[];
  readonly personalId: (string | null)[];
  private readonly place: (Place | null)[];

  constructor(readonly cards: Card[], names: NameBook) {
    const n = cards.length;
    this.parts = new Array<NameParts>(n);
    this.dob = new Array<DobFacts | null>(n);
    this.gender = new Array<Gender | null>(n);
    this.bhxh = new Array<string | null>(n);
    this.personalId = new Array<string | null>(n);
    this.place = new Array<Place | null>(n);
    for (let at = 0; at < n; at++) {
      const card = cards[at];
      this.parts[at] = names.partsOf(card.nameKey);
      this.dob[at] = dobFactsOf(card.dob);
      this.gender[at] = card.gender;
      this.bhxh[at] = card.bhxh;
      this.personalId[at] = card.personalId;
      this.place[at] = card.unit ? placeOf(card.unit) : null;
    }
  }

  /** Card `at`'s holder, copied into `into`. */
  read(at: number, into: ScratchHolder): void {
    into.dob = this.dob[at];
    into.gender = this.gender[at];
    into.bhxh = this.bhxh[at];
    into.personalId = this.personalId[at];
    into.place = this.place[at];
  }
}
