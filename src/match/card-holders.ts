/**
 * What the comparisons read of each card holder, read from every card once when the
 * cards are filed: one small object per card, so a comparison finds all it reads of a
 * card side by side in memory, not in the card's record and the strings it points to.
 */
import type { Card, Gender } from '../ingest/records.js';
import { dobFactsOf, placeOf, type DobFacts, type Holder, type Place } from './compare.js';
import type { NameParts } from './name-parts.js';

export class CardHolder implements Holder {
  readonly dob: DobFacts | null;
  readonly gender: Gender | null;
  readonly bhxh: string | null;
  readonly personalId: string | null;
  readonly place: Place | null;
  /** The name as written, for the syllables a typo differs by. */
  readonly name: string;
  readonly nameKey: string;

  constructor(readonly card: Card, readonly parts: NameParts) {
    this.dob = dobFactsOf(card.dob);
    this.gender = card.gender;
    this.bhxh = card.bhxh;
    this.personalId = card.personalId;
    this.place = card.unit ? placeOf(card.unit) : null;
    this.name = card.name;
    this.nameKey = card.nameKey;
  }
}
