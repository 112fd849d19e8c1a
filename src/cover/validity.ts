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

/**
 * Of one person's cards, the one that decides: a valid card (the one lasting longest),
 * else a card starting later (paid, not yet in force), else the latest expired one.
 */
export function coverageOf(cards: Card[], asOf: string): PersonCoverage {
  const byState = (state: CardState) => cards.filter((card) => cardStateOn(card, asOf) === state);
  const latestEnd = (list: Card[]) => [...list].sort((a, b) => (b.validTo ?? '').localeCompare(a.validTo ?? ''))[0];
  const valid = byState('valid');
  if (valid.length) {
    const card = latestEnd(valid);
    return { card, insured: true, reason: `Thẻ còn hạn đến ${formatDateVi(card.validTo)}` };
  }
  const future = byState('future');
  if (future.length) {
    const card = [...future].sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''))[0];
    return { card, insured: false, reason: `Thẻ có giá trị từ ${formatDateVi(card.validFrom)}` };
  }
  const expired = byState('expired');
  if (expired.length) {
    const card = latestEnd(expired);
    const reason = isChildCard(card)
      ? `Thẻ trẻ em dưới 6 tuổi (TE) hết hạn ngày ${formatDateVi(card.validTo)}: cần tham gia BHYT học sinh`
      : `Thẻ hết hạn ngày ${formatDateVi(card.validTo)}`;
    return { card, insured: false, reason };
  }
  return { card: cards[0], insured: false, reason: 'Thẻ không ghi hạn sử dụng: cần kiểm tra với BHXH' };
}
