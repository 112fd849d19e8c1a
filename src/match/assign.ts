/**
 * Settles who keeps a person several pupils want: one person's cards go to one pupil,
 * unless the roster rows are plainly the same pupil (a transfer), which all keep it.
 */
import type { Pupil } from '../ingest/records.js';
import type { Assessment } from './candidates.js';
import { ACCEPT_SCORE, couldBeListedTwice, sameIdentity } from './score.js';

export interface Assignment {
  /** Index into the pupil's candidates of the person it keeps, or -1. */
  chosen: Int32Array;
  /** Pupils sharing a person because they are the same pupil listed twice. */
  duplicates: Map<number, number[]>;
  /**
   * Pupils that matched one card well, in different schools, of whom one gave it up:
   * maybe one child listed twice. Both ways: each pupil to the other.
   */
  sharedWith: Map<number, Pupil>;
}

/** Two roster rows can be one child only if the IDs both carry agree. */
function idsCompatible(a: Pupil, b: Pupil): boolean {
  const differ = (x: string | null, y: string | null) => x !== null && y !== null && x !== y;
  return !differ(a.bhxh, b.bhxh) && !differ(a.personalId, b.personalId);
}

/**
 * One person, one pupil: where several pupils want the same person, the best keeps
 * it and the others try their next candidate; pupils that are plainly the same child
 * (same name and birth date, or the same confirmed code) all keep it, as duplicates.
 */
export function assignPeople(assessments: Assessment[], people: number): Assignment {
  const chosen = new Int32Array(assessments.length);
  for (let i = 0; i < assessments.length; i++) chosen[i] = assessments[i].candidates.length ? 0 : -1;
  // Each person's first claimant (most people are claimed by one pupil), and a Set of claimants once a second comes.
  const firstClaimant = new Int32Array(people).fill(-1);
  const claimants = new Map<number, Set<number>>();
  /** A contested person's claimants. */
  const claimantsOf = (person: number) => claimants.get(person)!;
  const contested: number[] = [];
  const claim = (i: number) => {
    if (chosen[i] < 0) return;
    const person = assessments[i].candidates[chosen[i]].person;
    const several = claimants.get(person);
    if (several !== undefined) {
      several.add(i);
      if (several.size === 2) contested.push(person);
    } else if (firstClaimant[person] < 0) firstClaimant[person] = i;
    else if (firstClaimant[person] !== i) {
      claimants.set(person, new Set([firstClaimant[person], i]));
      contested.push(person);
    }
  };
  for (let i = 0; i < assessments.length; i++) claim(i);
  const duplicates = new Map<number, number[]>();
  const sharedWith = new Map<number, Pupil>();
  const evidence = (i: number) => assessments[i].candidates[chosen[i]];
  // Each pupil only ever moves down its own list, so this ends.
  for (let person = contested.pop(); person !== undefined; person = contested.pop()) {
    const claimants = [...claimantsOf(person)];
    if (claimants.length < 2) continue;
    const same = claimants.filter((i) => couldBeListedTwice(evidence(i).evidence) && claimants.every((j) => idsCompatible(assessments[i].pupil, assessments[j].pupil)));
    // As many people with that name and birth date on the cards as rows: namesakes, each with a card of their own.
    const namesakes = same.length >= 2 && assessments[same[0]].candidates.filter((c) => sameIdentity(c.evidence)).length >= same.length;
    const keepers = same.length >= 2 && !namesakes ? same : [claimants.reduce((best, i) => (evidence(i).score > evidence(best).score ? i : best))];
    if (keepers.length >= 2) duplicates.set(person, keepers);
    else duplicates.delete(person);
    const keeper = assessments[keepers[0]].pupil;
    for (const i of claimants) {
      if (keepers.includes(i)) continue;
      claimantsOf(person).delete(i);
      if (evidence(i).score >= ACCEPT_SCORE && keeper.school !== assessments[i].pupil.school) {
        sharedWith.set(i, keeper);
        if (!sharedWith.has(keeper.index)) sharedWith.set(keeper.index, assessments[i].pupil);
      }
      chosen[i] = chosen[i] + 1 < assessments[i].candidates.length ? chosen[i] + 1 : -1;
      claim(i);
    }
  }
  return { chosen, duplicates, sharedWith };
}
