import path from 'node:path';
/**
 * The reconcile pipeline without the CLI: read → ingest → match → cover, giving the
 * result every renderer draws from. A library user can call `reconcile` directly.
 */
import { coverageBy } from './cover/coverage.js';
import { ingestInputs, type IngestProgress } from './ingest/inputs.js';
import type { Card, Pupil } from './ingest/records.js';
import { restoreSchoolDiacritics, unitNamesByKey } from './ingest/school.js';
import { agreementOf } from './match/agreement.js';
import type { Decision } from './match/decision.js';
import { matchPupils } from './match/match.js';
import type { CardView, RunResult, StudentLine } from './render/model.js';
import { VERSION } from './version.js';

export interface ReconcileOptions {
  rosters: string;
  cards: string[];
  /** ISO date the cards must be valid on. */
  asOf: string;
  progress?: IngestProgress & { matching?: (pupils: number, cards: number) => void };
  now?: Date;
}

export type ReconcileOutcome =
  | { ok: true; result: RunResult }
  /** Nothing usable: no pupils or no cards could be read. */
  | { ok: false; result: RunResult; missing: 'pupils' | 'cards' };

function cardView(card: Card): CardView {
  return {
    number: card.cardNumber,
    code: card.bhxh,
    from: card.validFrom,
    to: card.validTo,
    name: card.name,
    dob: card.dob ? (card.dob.precision === 'year' ? card.dob.iso.slice(0, 4) : card.dob.iso) : null,
    unit: card.unit,
  };
}

function studentLine(pupil: Pupil, decision: Decision, cards: Card[]): StudentLine {
  return {
    file: pupil.source.file,
    sheet: pupil.source.sheet,
    row: pupil.source.row,
    school: pupil.school,
    class: pupil.class,
    commune: pupil.commune,
    name: pupil.name,
    dob: pupil.dob ? (pupil.dob.precision === 'year' ? pupil.dob.iso.slice(0, 4) : pupil.dob.iso) : null,
    gender: pupil.gender,
    bhxh: pupil.bhxh,
    status: decision.status,
    method: decision.method,
    card: decision.card === null ? null : cardView(cards[decision.card]),
    reason: decision.reason,
    flags: decision.flags,
    candidates: decision.candidates.map((index) => ({ ...cardView(cards[index]), ...agreementOf(pupil, cards[index]) })),
  };
}

/** School names that came from file names get their Vietnamese letters back from the card units. */
function restoreSchoolNames(pupils: Pupil[], cards: Card[]): void {
  const units = unitNamesByKey(new Set(cards.map((card) => card.unit).filter((unit): unit is string => Boolean(unit))));
  const restored = new Map<string, string>();
  for (const pupil of pupils) {
    let name = restored.get(pupil.school);
    if (name === undefined) restored.set(pupil.school, (name = restoreSchoolDiacritics(pupil.school, units)));
    pupil.school = name;
  }
}

/** Cards of people no pupil was linked to (a person's old cards count as linked with the person). */
function cardsNoPupilClaims(cards: Card[], decisions: Decision[]): Card[] {
  const claimed = new Set<number>();
  const claimedCodes = new Set<string>();
  for (const decision of decisions) {
    for (const index of decision.card === null ? decision.candidates : [decision.card, ...decision.candidates]) {
      claimed.add(index);
      const code = cards[index].bhxh;
      if (code) claimedCodes.add(code);
    }
  }
  return cards.filter((card) => !claimed.has(card.index) && !(card.bhxh && claimedCodes.has(card.bhxh)));
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileOutcome> {
  const ingested = await ingestInputs(options.rosters, options.cards, options.progress);
  const { pupils, cards } = ingested;
  restoreSchoolNames(pupils, cards);
  options.progress?.matching?.(pupils.length, cards.length);
  const decisions = pupils.length && cards.length ? matchPupils(pupils, cards, options.asOf) : [];
  const students = decisions.map((decision) => studentLine(pupils[decision.pupil], decision, cards));
  const unmatchedCards = cardsNoPupilClaims(cards, decisions).map((card) => ({
    ...cardView(card),
    file: card.source.file,
    sheet: card.source.sheet,
    row: card.source.row,
  }));
  const { groups, total } = coverageBy(students, (s) => s.school, (s) => s.status);
  const result: RunResult = {
    summary: {
      tool: 'bhyt',
      version: VERSION,
      asOf: options.asOf,
      createdAt: (options.now ?? new Date()).toISOString(),
      rosters: path.resolve(options.rosters),
      inputs: ingested.inputs,
      totals: { ...total, schools: groups.size, cards: cards.length, unmatchedCards: unmatchedCards.length },
      schools: [...groups.entries()].map(([school, coverage]) => ({ school, ...coverage })),
      problems: ingested.problems,
    },
    students,
    unmatchedCards,
  };
  if (!pupils.length) return { ok: false, result, missing: 'pupils' };
  if (!cards.length) return { ok: false, result, missing: 'cards' };
  return { ok: true, result };
}
