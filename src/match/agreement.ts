/**
 * What agrees and what differs between a pupil and one of its candidate cards, for the
 * review sheet: the clerk sees why the card is a candidate and why it was not taken.
 */
import type { Card, Pupil } from '../ingest/records.js';
import { compareContext, compareNameParts, evidenceOf, personalIdFits, sideOf } from './compare.js';
import { describeEvidence } from './score.js';

export interface Agreement {
  /** "họ tên", "ngày sinh", "đơn vị", ... */
  agrees: string[];
  /** "họ tên (sai một chữ: Vă / Văn)", "thẻ thuộc trường khác", ... */
  differs: string[];
}

export function agreementOf(pupil: Pupil, card: Card): Agreement {
  const pupilSide = sideOf(pupil);
  const cardSide = sideOf(card);
  const facts = { bhxhTrusted: true, personalIdTrusted: pupil.personalId !== null && personalIdFits(pupil.personalId, pupil.dob, pupil.gender) };
  const name = compareNameParts(pupilSide.parts, cardSide.parts, pupil.name, card.name);
  return describeEvidence(evidenceOf(name, compareContext(pupilSide, cardSide, facts)));
}
