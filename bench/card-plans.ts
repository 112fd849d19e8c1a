/**
 * What happened to each child's insurance, and the cards that leaves in the BHXH
 * export (DOMAIN.md, "When a pupil counts as insured"): HS cards paid per calendar or
 * school year in 3/6/12-month windows, about a quarter of insured pupils on other
 * groups' cards, last year's cards beside this year's, lapsed and not-yet-valid cards,
 * and first-graders whose TE card ended on 30/9.
 */
import type { CardSpec, Child, Plan } from './district-model.js';
import { addDays, childCardEnd, firstOfMonthAfter, isoOf, previousWindow, windowContaining, type Window } from './iso-dates.js';
import { schoolYearStart } from './population.js';
import { WeightedList, type Rng } from './prng.js';

/** Shares among school-age children; first-graders are drawn apart (their TE card just ended). */
const PLANS = new WeightedList<Plan>([
  ['insured', 0.935],
  ['no-card', 0.025],
  ['expired', 0.03],
  ['future', 0.01],
]);
const FIRST_GRADE_PLANS = new WeightedList<Plan>([
  ['insured', 0.86],
  ['te-expired', 0.12],
  ['no-card', 0.01],
  ['future', 0.01],
]);

/** Groups of the valid card of an insured pupil: about a quarter are not HS; any valid card counts. */
const GROUPS = new WeightedList<string>([
  ['HS', 0.75],
  ['GD', 0.1],
  ['HN', 0.05],
  ['CN', 0.04],
  ['DT', 0.03],
  ['QN', 0.015],
  ['CA', 0.015],
]);

/** Months paid at once. */
const PERIODS = new WeightedList<number>([
  [12, 0.75],
  [6, 0.18],
  [3, 0.07],
]);
const LAPSED_PERIODS = new WeightedList<number>([
  [12, 0.6],
  [6, 0.3],
  [3, 0.1],
]);

function isUnderSix(child: Child, asOf: string): boolean {
  return childCardEnd(child.dob) >= asOf;
}

export function drawPlan(rng: Rng, child: Child, asOf: string): Plan {
  if (isUnderSix(child, asOf)) return 'insured';
  return child.grade === 1 ? FIRST_GRADE_PLANS.draw(rng) : PLANS.draw(rng);
}

function anchorMonth(child: Child): number {
  return child.school.style === 'calendar' ? 1 : 10;
}

/** Units of cards not bought through the school: the commune, or none in the export. */
function householdUnit(rng: Rng, child: Child): string | null {
  return rng.chance(0.7) ? `UBND ${child.commune}` : null;
}

function teCard(rng: Rng, child: Child): CardSpec {
  return { group: 'TE', from: addDays(child.dob, rng.int(7, 60)), to: childCardEnd(child.dob), unit: householdUnit(rng, child) };
}

function hsCard(child: Child, window: Window): CardSpec {
  return { group: 'HS', from: window.from, to: window.to, unit: child.school.unit };
}

/** The HS window in force on the as-of date; a first-grader's starts when the TE card ended (1/10). */
function currentHsWindow(rng: Rng, child: Child, asOf: string): Window {
  const window = windowContaining(asOf, anchorMonth(child), PERIODS.draw(rng));
  const firstGradeStart = isoOf(schoolYearStart(asOf), 10, 1);
  if (child.grade === 1 && window.from < firstGradeStart && firstGradeStart <= asOf) return { ...window, from: firstGradeStart };
  return window;
}

/** A card of another group: poor / near-poor / ethnic-minority cards by calendar year, household cards from any month. */
function otherGroupCard(rng: Rng, child: Child, group: string, asOf: string): CardSpec {
  if (group === 'GD') {
    const from = firstOfMonthAfter(asOf, -rng.int(0, 11));
    return { group, from, to: addDays(firstOfMonthAfter(from, 12), -1), unit: householdUnit(rng, child) };
  }
  const window = windowContaining(asOf, 1, 12);
  return { group, ...window, unit: householdUnit(rng, child) };
}

function insuredCards(rng: Rng, child: Child, asOf: string): CardSpec[] {
  if (isUnderSix(child, asOf)) {
    const cards = [teCard(rng, child)];
    if (child.grade >= 1 && rng.chance(0.3)) cards.push(hsCard(child, currentHsWindow(rng, child, asOf)));
    return cards;
  }
  const group = GROUPS.draw(rng);
  const current = group === 'HS' ? hsCard(child, currentHsWindow(rng, child, asOf)) : otherGroupCard(rng, child, group, asOf);
  const cards = [current];
  if (child.grade === 1) {
    if (rng.chance(0.85)) cards.push(teCard(rng, child));
  } else if (rng.chance(0.4)) {
    cards.push(hsCard(child, previousWindow(windowContaining(asOf, anchorMonth(child), 12), 12)));
  }
  return cards;
}

/** Not renewed: the last card ended before the as-of date. */
function lapsedCards(rng: Rng, child: Child, asOf: string): CardSpec[] {
  const months = LAPSED_PERIODS.draw(rng);
  const last = previousWindow(windowContaining(asOf, anchorMonth(child), months), months);
  const cards = [rng.chance(0.7) ? hsCard(child, last) : { group: 'GD', ...last, unit: householdUnit(rng, child) }];
  if (rng.chance(0.3)) cards.push(hsCard(child, previousWindow(last, 12)));
  return cards;
}

/** Paid late: the new card starts on the first of a coming month, after the as-of date. */
function futureCards(rng: Rng, child: Child, asOf: string): CardSpec[] {
  const from = firstOfMonthAfter(asOf, 1);
  const to = windowContaining(firstOfMonthAfter(from, 3), anchorMonth(child), 12).to;
  const cards = [hsCard(child, { from, to })];
  if (rng.chance(0.5)) cards.push(hsCard(child, previousWindow(windowContaining(asOf, anchorMonth(child), 12), 12)));
  return cards;
}

export function cardsFor(rng: Rng, child: Child, asOf: string): CardSpec[] {
  switch (child.plan) {
    case 'no-card':
      return [];
    case 'te-expired':
      return [teCard(rng, child)];
    case 'insured':
      return insuredCards(rng, child, asOf);
    case 'expired':
      return lapsedCards(rng, child, asOf);
    case 'future':
      return futureCards(rng, child, asOf);
  }
}
