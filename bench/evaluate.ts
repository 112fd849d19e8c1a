/**
 * Scores decisions against the district's truth with the acceptance figures:
 * false-insured ≤ 0.1% of uninsured pupils, false-uninsured ≤ 0.5% of insured pupils,
 * review ≤ 1% of all pupils, every school's coverage within 0.5 points of the truth,
 * at least 90% of transfers flagged.
 */
import type { Status } from '../src/match/decision.js';
import type { District } from './generate-district.js';

export const THRESHOLDS = {
  /** % of truly uninsured pupils decided insured. */
  falseInsured: 0.1,
  /** % of truly insured pupils decided uninsured. */
  falseUninsured: 0.5,
  /** % of all pupils sent to review. */
  review: 1,
  /** Points of coverage between the decided and the true rate, per school. */
  schoolCoverageError: 0.5,
  /** % of transfer rows flagged `duplicate`. */
  transfersFlagged: 90,
};

export interface Outcome {
  status: Status;
  flags: readonly string[];
}

export interface Rates {
  pupils: number;
  insured: number;
  uninsured: number;
  /** Decided as the truth says (review is never right). */
  ok: number;
  falseInsured: number;
  falseUninsured: number;
  review: number;
  /** Percent of truly uninsured. */
  falseInsuredRate: number;
  /** Percent of truly insured. */
  falseUninsuredRate: number;
  /** Percent of all. */
  reviewRate: number;
}

export interface SchoolError {
  school: string;
  pupils: number;
  /** Coverage in percent: insured / pupils, review counting as not insured (as the reports count it). */
  truth: number;
  decided: number;
  error: number;
  /** The error once a clerk has settled every review correctly: what false-insured and false-uninsured alone cost. */
  errorAfterReview: number;
}

export interface Check {
  name: string;
  value: number;
  limit: number;
  /** `max`: value must not exceed limit; `min`: must reach it. */
  kind: 'max' | 'min';
  pass: boolean;
}

export interface Evaluation {
  overall: Rates;
  schools: SchoolError[];
  maxSchoolError: number;
  meanSchoolError: number;
  /** Max error once reviews are settled (not a threshold; says how much of the error is review). */
  maxSchoolErrorAfterReview: number;
  transfers: { rows: number; flagged: number; rate: number };
  quirks: Map<string, Rates>;
  checks: Check[];
}

class Tally {
  pupils = 0;
  insured = 0;
  ok = 0;
  falseInsured = 0;
  falseUninsured = 0;
  review = 0;

  add(truthInsured: boolean, status: Status): void {
    this.pupils++;
    if (truthInsured) this.insured++;
    if (status === 'review') this.review++;
    else if (status === 'insured') truthInsured ? this.ok++ : this.falseInsured++;
    else truthInsured ? this.falseUninsured++ : this.ok++;
  }

  rates(): Rates {
    const uninsured = this.pupils - this.insured;
    const percent = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);
    return {
      pupils: this.pupils,
      insured: this.insured,
      uninsured,
      ok: this.ok,
      falseInsured: this.falseInsured,
      falseUninsured: this.falseUninsured,
      review: this.review,
      falseInsuredRate: percent(this.falseInsured, uninsured),
      falseUninsuredRate: percent(this.falseUninsured, this.insured),
      reviewRate: percent(this.review, this.pupils),
    };
  }
}

/** Whether a group's rates meet the three rate thresholds. */
export function ratesPass(r: Rates): boolean {
  return r.falseInsuredRate <= THRESHOLDS.falseInsured && r.falseUninsuredRate <= THRESHOLDS.falseUninsured && r.reviewRate <= THRESHOLDS.review;
}

function schoolErrors(district: District, outcomes: Outcome[]): SchoolError[] {
  const bySchool = new Map<string, { pupils: number; truth: number; decided: number; reviewedInsured: number }>();
  district.pupils.forEach((pupil, i) => {
    let s = bySchool.get(pupil.school);
    if (!s) bySchool.set(pupil.school, (s = { pupils: 0, truth: 0, decided: 0, reviewedInsured: 0 }));
    s.pupils++;
    if (district.truth[i].insured) s.truth++;
    if (outcomes[i].status === 'insured') s.decided++;
    if (outcomes[i].status === 'review' && district.truth[i].insured) s.reviewedInsured++;
  });
  return [...bySchool.entries()].map(([school, s]) => {
    const truth = (100 * s.truth) / s.pupils;
    const decided = (100 * s.decided) / s.pupils;
    const afterReview = (100 * (s.decided + s.reviewedInsured)) / s.pupils;
    return { school, pupils: s.pupils, truth, decided, error: Math.abs(decided - truth), errorAfterReview: Math.abs(afterReview - truth) };
  });
}

export function evaluate(district: District, outcomes: Outcome[]): Evaluation {
  const overall = new Tally();
  const quirkTallies = new Map<string, Tally>();
  let transferRows = 0;
  let flagged = 0;
  district.truth.forEach((truth, i) => {
    const { status, flags } = outcomes[i];
    overall.add(truth.insured, status);
    for (const quirk of truth.quirks) {
      let tally = quirkTallies.get(quirk);
      if (!tally) quirkTallies.set(quirk, (tally = new Tally()));
      tally.add(truth.insured, status);
    }
    if (truth.quirks.includes('transfer')) {
      transferRows++;
      if (flags.includes('duplicate')) flagged++;
    }
  });
  const schools = schoolErrors(district, outcomes);
  const errors = schools.map((s) => s.error);
  const rates = overall.rates();
  const transfers = { rows: transferRows, flagged, rate: transferRows ? (100 * flagged) / transferRows : 100 };
  const maxSchoolError = Math.max(0, ...errors);
  const check = (name: string, value: number, limit: number, kind: 'max' | 'min'): Check => ({
    name,
    value,
    limit,
    kind,
    pass: kind === 'max' ? value <= limit : value >= limit,
  });
  return {
    overall: rates,
    schools,
    maxSchoolError,
    meanSchoolError: errors.reduce((a, b) => a + b, 0) / Math.max(1, errors.length),
    maxSchoolErrorAfterReview: Math.max(0, ...schools.map((s) => s.errorAfterReview)),
    transfers,
    quirks: new Map([...quirkTallies.entries()].map(([quirk, tally]) => [quirk, tally.rates()])),
    checks: [
      check('false-insured (% of uninsured)', rates.falseInsuredRate, THRESHOLDS.falseInsured, 'max'),
      check('false-uninsured (% of insured)', rates.falseUninsuredRate, THRESHOLDS.falseUninsured, 'max'),
      check('review (% of all)', rates.reviewRate, THRESHOLDS.review, 'max'),
      check('max school coverage error (points)', maxSchoolError, THRESHOLDS.schoolCoverageError, 'max'),
      check('transfers flagged (%)', transfers.rate, THRESHOLDS.transfersFlagged, 'min'),
    ],
  };
}
