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
import { decide, flagSharedCard, listedInSeveralSchools, listingKeys, settleWithoutValidCard, twinGroups, twinKeys, type DecisionContext } from './decide.js';
import type { Decision } from './decision.js';

/** One decision per pupil, in pupil order. */
export function matchPupils(pupils: Pupil[], cards: Card[], asOf: string): Decision[] {
  const index = buildCardIndex(cards, yearPairsAskedBy(pupils));
  const assess = assessor(index);
  // Twins and listings keyed while each assessment is fresh in memory.
  const twins = twinKeys(pupils.length);
  const listings = listingKeys(pupils.length);
  const assessments = pupils.map((pupil, i) => {
    const a = assess(pupil);
    twins.note(i, a);
    listings.note(i, a);
    return a;
  });
  const { chosen, duplicates, sharedWith } = assignPeople(assessments);
  const owners = new Int32Array(peopleIn(index)).fill(-1);
  assessments.forEach((a, i) => {
    if (chosen[i] >= 0) owners[a.candidates[chosen[i]].person] = a.pupil.index;
  });
  const context: DecisionContext = { index, asOf, owners, twins: twinGroups(twins, assessments), duplicates, assessments, listedElsewhere: listedInSeveralSchools(listings, assessments), sharedWith, matchReasons: new Map() };
  return assessments.map((a, i) => settleWithoutValidCard(flagSharedCard(decide(a, chosen[i], context), context), context));
}
