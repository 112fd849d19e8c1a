/**
 * Links each pupil to the person (the cards sharing a mã số BHXH) they are, and
 * decides. Candidates come from blocking keys; each is compared field by field with
 * levels and scored (candidates.ts). A match is taken only when it is clearly the best
 * and unique; one person's cards go to one pupil, unless two roster rows are plainly
 * the same pupil (a transfer), which are flagged (assign.ts). Ambiguity goes to review;
 * it is never guessed (decide.ts).
 */
import type { Card, Pupil } from '../ingest/records.js';
import { assignPeople } from './assign.js';
import { assessor } from './candidates.js';
import { buildCardIndex, peopleIn, yearPairsAskedBy } from './card-index.js';
import { decide, flagSharedCard, settleWithoutValidCard, listedInSeveralSchools, twinGroups, type DecisionContext } from './decide.js';
import type { Decision } from './decision.js';

/** One decision per pupil, in pupil order. */
export function matchPupils(pupils: Pupil[], cards: Card[], asOf: string): Decision[] {
  const index = buildCardIndex(cards, yearPairsAskedBy(pupils));
  const assessments = pupils.map(assessor(index));
  const { chosen, duplicates, sharedWith } = assignPeople(assessments);
  const owners = new Int32Array(peopleIn(index)).fill(-1);
  assessments.forEach((a, i) => {
    if (chosen[i] >= 0) owners[a.candidates[chosen[i]].person] = a.pupil.index;
  });
  const context: DecisionContext = { index, asOf, owners, twins: twinGroups(assessments), duplicates, assessments, listedElsewhere: listedInSeveralSchools(assessments), sharedWith, matchReasons: new Map() };
  return assessments.map((a, i) => settleWithoutValidCard(flagSharedCard(decide(a, chosen[i], context), context), context));
}
