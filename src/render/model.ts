/**
 * The result of a reconcile run as the outputs show it. These shapes are the public
 * contract of `students.ndjson` and `summary.json` (see README): change them on purpose.
 */
import type { InputFileSummary, InputProblem } from '../ingest/records.js';

export type { InputFileSummary };
import type { Status } from '../match/decision.js';

/** A card as the outputs show it. */
export interface CardView {
  number: string | null;
  code: string | null;
  from: string | null;
  to: string | null;
  name: string;
  dob: string | null;
  unit: string | null;
}

/** A card the clerk should compare with the pupil, with what agrees and what differs. */
export interface CandidateView extends CardView {
  agrees: string[];
  differs: string[];
}

/** One line of students.ndjson: a roster pupil and what was decided. */
export interface StudentLine {
  file: string;
  sheet: string | null;
  row: number;
  school: string;
  class: string | null;
  /** The pupil's commune (xã/phường) when the roster has that column. */
  commune: string | null;
  name: string;
  /** ISO date; a year-only birth date is written as the year (`2015`). */
  dob: string | null;
  gender: 'M' | 'F' | null;
  bhxh: string | null;
  status: Status;
  method: string;
  card: CardView | null;
  reason: string;
  flags: readonly string[];
  /** Cards a clerk should compare (review rows). */
  candidates: CandidateView[];
}

export interface Counts {
  students: number;
  insured: number;
  uninsured: number;
  review: number;
  /** insured / students in percent, two decimals (99.43). */
  coverage: number;
}

export interface SchoolSummary extends Counts {
  school: string;
}

export interface Summary {
  tool: 'bhyt';
  version: string;
  asOf: string;
  createdAt: string;
  /** The rosters argument, absolute: runs over the same rosters are compared in reports. */
  rosters: string;
  inputs: InputFileSummary[];
  totals: Counts & { schools: number; cards: number; unmatchedCards: number };
  schools: SchoolSummary[];
  problems: InputProblem[];
}

/** A card no pupil matched (listed in the summary workbook). */
export interface UnmatchedCard extends CardView {
  file: string;
  sheet: string | null;
  row: number;
}

export interface RunResult {
  summary: Summary;
  students: StudentLine[];
  unmatchedCards: UnmatchedCard[];
}
