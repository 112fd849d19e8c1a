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
import { Assessor, type Assessment } from './candidates.js';
import { buildCardIndex, peopleIn, yearPairsAskedBy } from './card-index.js';
import { decide, flagSharedCard, listedInSeveralSchools, listingKeys, settleWithoutValidCard, twinGroups, twinKeys, type DecisionContext } from './decide.js';
import type { Decision } from './decision.js';

/** One decision per pupil, in pupil order. */
export function matchPupils(pupils: Pupil[], cards: Card[], asOf: string): Decision[] {
  const index = buildCardIndex(cards, yearPairsAskedBy(pupils));
  const assessor = new Assessor(index);
  // Twins and listings keyed while each assessment is fresh in memory.
  const twins = twinKeys(pupils.length);
  const listings = listingKeys(pupils.length);
  const assessments = new Array<Assessment>(pupils.length);
  for (let i = 0; i < pupils.length; i++) {
    const a = (assessments[i] = assessor.assess(pupils[i]));
    twins.note(i, a);
    listings.note(i, a);
  }
  const { chosen, duplicates, sharedWith } = assignPeople(assessments, peopleIn(index));
  const owners = new Int32Array(peopleIn(index)).fill(-1);
  for (let i = 0; i < assessments.length; i++) if (chosen[i] >= 0) owners[assessments[i].candidates[chosen[i]].person] = assessments[i].pupil.index;
  const context: DecisionContext = { index, asOf, owners, twins: twinGroups(twins, assessments), duplicates, assessments, listedElsewhere: listedInSeveralSchools(listings, assessments), sharedWith, matchReasons: new Map() };
  const decisions = new Array<Decision>(assessments.length);
  for (let i = 0; i < assessments.length; i++) decisions[i] = settleWithoutValidCard(flagSharedCard(decide(assessments[i], chosen[i], context), context), context);
  return decisions;
}
