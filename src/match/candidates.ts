/**
 * Finds each pupil's candidates: the people (cards sharing a mã số BHXH) that share a
 * blocking key with it, each compared field by field with levels and scored, best first.
 */
import type { Card, Pupil } from '../ingest/records.js';
import { pupilKeys, visitFarPeople, visitNearPeople, type CardIndex } from './card-index.js';
import { compareContext, compareNameParts, evidenceOf, personalIdFits, sideOf, type Context, type Evidence, type NameParts, type PupilFacts, type Side } from './compare.js';
import { ACCEPT_SCORE, dobAgrees, hopeless, idConfirmed, nameAgrees, REVIEW_SCORE, scoreWith } from './score.js';

export interface Candidate {
  person: number;
  /** The card of the person that agrees best with the pupil. */
  card: Card;
  evidence: Evidence;
  score: number;
}

export interface Assessment {
  pupil: Pupil;
  /** The pupil's name taken apart, once. */
  parts: NameParts;
  /** Plausible people, best first. */
  candidates: Candidate[];
  /** A person the roster's BHXH code points to who is clearly someone else (a sibling's code). */
  codeOwner: Candidate | null;
}

/**
 * The card of the person that agrees best with the pupil; null when none can reach
 * review. `context` is scratch space: evidence is built only for a card that leads.
 */
function bestCandidate(pupil: Side<Pupil>, cards: Side<Card>[], person: number, facts: PupilFacts, context: Context): Candidate | null {
  let best: Candidate | null = null;
  for (const card of cards) {
    compareContext(pupil, card, facts, context);
    if (hopeless(context)) continue;
    const name = compareNameParts(pupil.parts, card.parts, pupil.name, card.name);
    const score = scoreWith(name.level, context);
    if (!best || score > best.score) best = { person, card: card.record, evidence: evidenceOf(name, context), score };
  }
  return best;
}

/** The roster's own code found a card whose name and birth date agree too: nothing else can compete. */
function certain(candidate: Candidate): boolean {
  const e = candidate.evidence;
  return e.bhxh === 'same' && (e.name === 'exact' || e.name === 'marks') && e.dob === 'exact';
}

/** A code that points to a clearly different person: name and birth date both disagree. */
function belongsToSomeoneElse(candidate: Candidate): boolean {
  return !nameAgrees(candidate.evidence.name) && !dobAgrees(candidate.evidence.dob);
}

/**
 * Assesses pupils one after another against one index. A person met through several
 * keys is compared once: `seenIn` holds the round in which it was last met.
 */
export function assessor(index: CardIndex): (pupil: Pupil) => Assessment {
  const seenIn = new Int32Array(index.people.length).fill(-1);
  const context: Context = { dob: 'unknown', gender: 'unknown', bhxh: 'none', personalId: 'none', unit: 'unknown' };
  let round = 0;
  return (pupil) => assess(pupil, index, seenIn, round++, context);
}

function assess(pupil: Pupil, index: CardIndex, seenIn: Int32Array, round: number, context: Context): Assessment {
  const side = sideOf(pupil);
  let codeOwner: Candidate | null = null;
  const codePerson = pupil.bhxh ? index.personOfCode.get(pupil.bhxh) : undefined;
  if (codePerson !== undefined) {
    const owner = bestCandidate(side, index.people[codePerson], codePerson, { bhxhTrusted: true, personalIdTrusted: false }, context);
    // The code agrees on every card of its person, so a comparison is never hopeless here.
    if (owner && belongsToSomeoneElse(owner)) codeOwner = owner;
    else if (owner && certain(owner)) return { pupil, parts: side.parts, candidates: [owner], codeOwner: null };
  }
  const facts = {
    bhxhTrusted: codeOwner === null,
    personalIdTrusted: pupil.personalId !== null && personalIdFits(pupil.personalId, pupil.dob, pupil.gender),
  };
  const keys = pupilKeys(index, side, facts.personalIdTrusted ? pupil.personalId : null);
  const candidates: Candidate[] = [];
  if (codeOwner) seenIn[codeOwner.person] = round;
  const consider = (person: number) => {
    if (seenIn[person] === round) return;
    seenIn[person] = round;
    const candidate = bestCandidate(side, index.people[person], person, facts, context);
    if (candidate && (candidate.score >= REVIEW_SCORE || idConfirmed(candidate.evidence))) candidates.push(candidate);
  };
  if (codePerson !== undefined && facts.bhxhTrusted) consider(codePerson);
  visitNearPeople(index, keys, consider);
  // The wide search only when the near keys found nobody certain: most pupils stop here.
  if (!candidates.some((c) => c.score >= ACCEPT_SCORE || idConfirmed(c.evidence))) visitFarPeople(index, keys, side.parts, consider);
  candidates.sort((a, b) => b.score - a.score);
  return { pupil, parts: side.parts, candidates, codeOwner };
}
