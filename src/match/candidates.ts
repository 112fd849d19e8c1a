/**
 * Finds each pupil's candidates: the people (cards sharing a mã số BHXH) that share a
 * blocking key with it, each compared field by field with levels and scored, best first.
 */
import type { Card, Pupil } from '../ingest/records.js';
import { peopleIn, pupilKeys, visitFarPeople, visitNearPeople, type CardIndex } from './card-index.js';
import type { PersonVisitor } from './key-table.js';
import { compareContext, compareNameParts, evidenceOf, givenCouldAgree, personalIdFits, sideOf, type Context, type DobFacts, type Evidence, type NameComparison, type PupilFacts, type Side } from './compare.js';
import type { NameParts, Syllable } from './name-parts.js';
import { ReusedList } from './reused-list.js';
import { ACCEPT_SCORE, DIFFERENT_NAME_REACHES_REVIEW, hopeless, idConfirmed, idConfirmedWith, REVIEW_SCORE, scoreWith } from './score.js';

export interface Candidate {
  person: number;
  /** The card of the person that agrees best with the pupil. */
  card: Card;
  evidence: Evidence;
  score: number;
}

export interface Assessment {
  pupil: Pupil;
  /** The pupil's name and birth date taken apart, once. */
  parts: NameParts;
  dob: DobFacts | null;
  /** Plausible people, best first. */
  candidates: Candidate[];
  /** A person the roster's BHXH code points to who is clearly someone else (a sibling's code). */
  codeOwner: Candidate | null;
}

/** The roster's own code found a card whose name and birth date agree too: nothing else can compete. */
function certain(candidate: Candidate): boolean {
  const e = candidate.evidence;
  return e.bhxh === 'same' && (e.name === 'exact' || e.name === 'marks') && e.dob === 'exact';
}

/** A code that points to a clearly different person: the code's card does not confirm the pupil (see idConfirmed). */
function belongsToSomeoneElse(candidate: Candidate): boolean {
  return !idConfirmed(candidate.evidence);
}

const byScore = (a: Candidate, b: Candidate) => b.score - a.score;

const emptyContext = (): Context => ({ dob: 'unknown', gender: 'unknown', bhxh: 'none', personalId: 'none', unit: 'unknown' });

function copyContext(from: Context, to: Context): void {
  to.dob = from.dob;
  to.gender = from.gender;
  to.bhxh = from.bhxh;
  to.personalId = from.personalId;
  to.unit = from.unit;
}

/**
 * Assesses pupils one after another against one index, in reusable fields: a pupil
 * meets a few people, most of them hopeless or below review, and nothing is built for
 * those. A person met through several keys is compared once: `seenIn` holds the round
 * in which it was last met.
 */
export class Assessor implements PersonVisitor {
  private readonly seenIn: Int32Array;
  private round = -1;
  /** Scratch space for each comparison, and the best card's so far of the person being compared. */
  private readonly context = emptyContext();
  private readonly bestContext = emptyContext();
  /** The best card's position in the index's holders, or -1. */
  private bestAt = -1;
  private bestName: NameComparison | null = null;
  private bestScore = 0;
  /** The pupil being assessed, and what the wide search needs of it. */
  private side: Side<Pupil> | null = null;
  private readonly facts: PupilFacts = { bhxhTrusted: true, personalIdTrusted: false };
  /** The candidates found for the pupil being assessed; copied at the end, so each pupil's list is no longer than it needs. */
  private readonly candidates = new ReusedList<Candidate>();
  /** The person the roster's code belongs to, or -1. */
  private codePerson = -1;
  /**
   * Whether a holder whose given name cannot agree with the pupil's can be passed over
   * unread: it cannot reach review (see DIFFERENT_NAME_REACHES_REVIEW) unless an ID is
   * the same, which only the code's person and a trusted personal ID's holders can be.
   */
  private byGivenName = false;
  private pupilGiven: Syllable | undefined;
  /** A candidate found so far is certain enough that the wide search is not needed. */
  private settled = false;

  constructor(private readonly index: CardIndex) {
    this.seenIn = new Int32Array(peopleIn(index)).fill(-1);
  }

  assess(pupil: Pupil): Assessment {
    const { index, facts } = this;
    const codePerson = pupil.bhxh ? index.personOfCode.get(pupil.bhxh) : undefined;
    const side = sideOf(pupil, this.namePartsOf(pupil, codePerson));
    this.side = side;
    this.round++;
    let codeOwner: Candidate | null = null;
    if (codePerson !== undefined) {
      facts.bhxhTrusted = true;
      facts.personalIdTrusted = false;
      // The code agrees on every card of its person, so a comparison is never hopeless here.
      const owner = this.comparePerson(codePerson) ? this.candidateOf(codePerson) : null;
      if (owner && belongsToSomeoneElse(owner)) codeOwner = owner;
      else if (owner && certain(owner)) return { pupil, parts: side.parts, dob: side.dob, candidates: [owner], codeOwner: null };
    }
    facts.bhxhTrusted = codeOwner === null;
    facts.personalIdTrusted = pupil.personalId !== null && personalIdFits(pupil.personalId, pupil.dob, pupil.gender);
    const keys = pupilKeys(side, facts.personalIdTrusted ? pupil.personalId : null);
    this.candidates.clear();
    this.settled = false;
    this.codePerson = codePerson ?? -1;
    this.byGivenName = !DIFFERENT_NAME_REACHES_REVIEW && !facts.personalIdTrusted;
    this.pupilGiven = side.parts[side.parts.length - 1];
    if (codeOwner) this.seenIn[codeOwner.person] = this.round;
    if (codePerson !== undefined && facts.bhxhTrusted) this.visit(codePerson);
    visitNearPeople(index, keys, this);
    // The wide search only when the near keys found nobody certain: most pupils stop here.
    if (!this.settled) visitFarPeople(index, keys, side.parts, this);
    const candidates = this.candidates.copy().sort(byScore);
    return { pupil, parts: side.parts, dob: side.dob, candidates, codeOwner };
  }

  /** The pupil's name taken apart: as its code's card holder's, when that name is the same (most are), without looking it up. */
  private namePartsOf(pupil: Pupil, codePerson: number | undefined): NameParts {
    if (codePerson !== undefined) {
      const holder = this.index.holders[this.index.firstHolderOf[codePerson]];
      if (holder.nameKey === pupil.nameKey) return holder.parts;
    }
    return this.index.names.partsOf(pupil.nameKey);
  }

  /** A person met through a key: kept as a candidate when it reaches review or an ID confirms it. */
  visit(person: number): void {
    if (this.seenIn[person] === this.round) return;
    this.seenIn[person] = this.round;
    if (!this.comparePerson(person, this.byGivenName && person !== this.codePerson)) return;
    const confirmed = idConfirmedWith(this.bestName!.level, this.bestContext);
    if (this.bestScore < REVIEW_SCORE && !confirmed) return;
    this.candidates.push(this.candidateOf(person));
    if (this.bestScore >= ACCEPT_SCORE || confirmed) this.settled = true;
  }

  /**
   * Compares the pupil with each card of the person, remembering the one that agrees
   * best (the first of equals); false when none can reach review. `byGivenName`: holders
   * whose given name cannot agree are passed over (see byGivenName).
   */
  private comparePerson(person: number, byGivenName = false): boolean {
    const { side, context, facts } = this;
    const { firstHolderOf, holders, givenNames } = this.index;
    this.bestAt = -1;
    for (let at = firstHolderOf[person]; at < firstHolderOf[person + 1]; at++) {
      if (byGivenName && !givenCouldAgree(this.pupilGiven, givenNames[at])) continue;
      const holder = holders[at];
      compareContext(side!, holder, facts, context);
      if (hopeless(context)) continue;
      const name = compareNameParts(side!.parts, holder.parts, side!.name, holder.name);
      const score = scoreWith(name.level, context);
      if (this.bestAt < 0 || score > this.bestScore) {
        this.bestAt = at;
        this.bestName = name;
        this.bestScore = score;
        copyContext(context, this.bestContext);
      }
    }
    return this.bestAt >= 0;
  }

  /** The best card comparePerson found, as a candidate of its own. */
  private candidateOf(person: number): Candidate {
    return { person, card: this.index.holders[this.bestAt].record, evidence: evidenceOf(this.bestName!, this.bestContext), score: this.bestScore };
  }
}
