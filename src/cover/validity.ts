/**
 * Whether a card is valid on a date, read from the export's own dates (never computed
 * from rules), and the sentence that says so.
 */
import { formatDateVi } from '../dates/dates.js';
import type { Card } from '../ingest/records.js';

export type CardState = 'valid' | 'expired' | 'future' | 'undated';

export function cardStateOn(card: Card, asOf: string): CardState {
  if (!card.validTo && !card.validFrom) return 'undated';
  if (card.validFrom && card.validFrom > asOf) return 'future';
  if (card.validTo && card.validTo < asOf) return 'expired';
  if (!card.validTo) return 'undated';
  return 'valid';
}

export interface PersonCoverage {
  /** The card the answer rests on: a valid one if any, else the most telling one. */
  card: Card;
  insured: boolean;
  /** Why, in Vietnamese: "Thẻ còn hạn đến 31/12/2026", "Thẻ hết hạn ngày 30/09/2026". */
  reason: string;
}

/**
 * A card for children under six (TE). New 10-digit cards do not show the group, but a
 * TE card ends in the year the child turns six: a card ending then is taken for one.
 */
function isChildCard(card: Card): boolean {
  if (card.group) return card.group === 'TE';
  if (!card.dob || card.dob.precision !== 'day' || !card.validTo) return false;
  return Number(card.validTo.slice(0, 4)) - Number(card.dob.iso.slice(0, 4)) === 6;
}

/** Whether `card` ends later than `other` (no end counts as earliest). ISO dates compare as texts. */
function endsLater(card: Card, other: Card): boolean {
  return (card.validTo ?? '') > (other.validTo ?? '');
}

/** Whether `card` starts earlier than `other` (no start counts as earliest). */
function startsEarlier(card: Card, other: Card): boolean {
  return (card.validFrom ?? '') < (other.validFrom ?? '');
}

/**
 * A sentence about a card's date, made once per date: a district's cards end on a few
 * dozen days, and the sentence is asked for once per matched pupil.
 */
class DateSentence {
  private readonly made = new Map<string | null, string>();

  constructor(private readonly sentence: (date: string) => string) {}

  textFor(iso: string | null): string {
    let text = this.made.get(iso);
    if (text === undefined) this.made.set(iso, (text = this.sentence(formatDateVi(iso))));
    return text;
  }
}

const validUntil = new DateSentence((date) => `Thẻ còn hạn đến ${date}`);
const validFrom = new DateSentence((date) => `Thẻ có giá trị từ ${date}`);
const expiredOn = new DateSentence((date) => `Thẻ hết hạn ngày ${date}`);
const childCardExpired = new DateSentence((date) => `Thẻ trẻ em dưới 6 tuổi (TE) hết hạn ngày ${date}: cần tham gia BHYT học sinh`);

/**
 * Of one person's cards, the one that decides: a valid card (the one lasting longest),
 * else a card starting later (paid, not yet in force), else the latest expired one.
 * Among equals, the first listed. One pass: it runs for every matched pupil.
 */
export function coverageOf(cards: Card[], asOf: string): PersonCoverage {
  let valid: Card | null = null;
  let future: Card | null = null;
  let expired: Card | null = null;
  for (const card of cards) {
    const state = cardStateOn(card, asOf);
    if (state === 'valid') {
      if (!valid || endsLater(card, valid)) valid = card;
    } else if (state === 'future') {
      if (!future || startsEarlier(card, future)) future = card;
    } else if (state === 'expired') {
      if (!expired || endsLater(card, expired)) expired = card;
    }
  }
  if (valid) return { card: valid, insured: true, reason: validUntil.textFor(valid.validTo) };
  if (future) return { card: future, insured: false, reason: validFrom.textFor(future.validFrom) };
  if (expired) return { card: expired, insured: false, reason: (isChildCard(expired) ? childCardExpired : expiredOn).textFor(expired.validTo) };
  return { card: cards[0], insured: false, reason: 'Thẻ không ghi hạn sử dụng: cần kiểm tra với BHXH' };
}
