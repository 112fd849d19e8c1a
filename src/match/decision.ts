/** What `match` decides for each pupil. */

export type Status = 'insured' | 'uninsured' | 'review';

export interface Decision {
  /** Index of the pupil (Pupil.index). */
  pupil: number;
  status: Status;
  /** How the pupil was linked to a card: e.g. `bhxh`, `personal-id`, `name-dob`, `none`. */
  method: string;
  /** The card the decision rests on (Card.index), or null. */
  card: number | null;
  /** Other cards the clerk should look at (for review). */
  candidates: readonly number[];
  /** A sentence in Vietnamese a clerk understands. */
  reason: string;
  /** e.g. `duplicate`. */
  flags: readonly string[];
}
