/**
 * Decides each pupil from its assessment and the assignment: a match is taken only when
 * it is clearly the best and unique; ambiguity goes to review, it is never guessed.
 */
import { coverageOf, type PersonCoverage } from '../cover/validity.js';
import type { Card, Pupil } from '../ingest/records.js';
import { cardsOf, peopleWithSameYearNames, type CardIndex } from './card-index.js';
import type { Assessment, Candidate } from './candidates.js';
import { compareNameParts, type DobFacts, type Evidence } from './compare.js';
import { namePartsOf, type NameParts } from './name-parts.js';
import type { Decision, Status } from './decision.js';
import { SharedKeys, type KeyOf, type KeyWriter } from './group-shared.js';
import { foldDiacritics } from '../vn/text.js';
import { ACCEPT_SCORE, couldBeListedTwice, explainMatchOnce, idConfirmed, MARGIN, REVIEW_SCORE, sameIdentity } from './score.js';

/** A birth date's `YYYYMMDD` as a number: dates are equal as their ISO texts are (records.ts). */
function dateNumber(dob: DobFacts): number {
  return (dob.year * 100 + dob.month) * 100 + dob.day;
}

/**
 * Pupils of one school with the same family name and birth date: possible twins. Reads
 * the name and date the assessment took apart; a school by its number in `schools`.
 */
class TwinKey implements KeyOf<Assessment> {
  private readonly schools = new Map<string, number>();

  write({ pupil, parts, dob }: Assessment, key: KeyWriter): boolean {
    if (!dob || pupil.dob?.precision !== 'day' || !parts[0]?.skeleton) return false;
    let school = this.schools.get(pupil.school);
    if (school === undefined) this.schools.set(pupil.school, (school = this.schools.size));
    key.add(school);
    key.add(parts[0].skeletonNumber);
    key.add(dateNumber(dob));
    return true;
  }
}

/** The same name and birth date: one child listed twice, or namesakes. */
class ListingKey implements KeyOf<Assessment> {
  write({ pupil, parts, dob }: Assessment, key: KeyWriter): boolean {
    // Without marks: the same child's name is often typed with and without them in two schools.
    if (!dob || pupil.dob?.precision !== 'day' || !pupil.nameKey) return false;
    for (let i = 0; i < parts.length; i++) key.add(parts[i].skeletonNumber);
    key.add(dateNumber(dob));
    return true;
  }
}

/** The keys of possible twins (see twinKeyIn), for this many pupils, noted as they are assessed. */
export function twinKeys(pupils: number): SharedKeys<Assessment> {
  return new SharedKeys(new TwinKey(), pupils);
}

/** Pupils who may be twins, each to its group; a pupil without a possible twin is in none. */
export function twinGroups(keys: SharedKeys<Assessment>, assessments: Assessment[]): Map<Assessment, Assessment[]> {
  const groupOf = new Map<Assessment, Assessment[]>();
  for (const group of keys.groups(assessments)) for (const a of group) groupOf.set(a, group);
  return groupOf;
}

/** A schoolmate with the same family name and birth date whose name could also be the card's: a twin the card may belong to. */
function twinCouldHold(a: Assessment, card: Card, twins: Map<Assessment, Assessment[]>): boolean {
  const group = twins.get(a);
  if (!group) return false; // the pupil alone
  const cardParts = namePartsOf(card.nameKey);
  return group.some((other) => other !== a && compareNameParts(other.parts, cardParts).level !== 'different');
}

/**
 * Two rows with the same name and birth date are one child when they carry the same
 * code or personal ID, or live in the same commune (a transferred child keeps its home;
 * namesakes seldom share one). Without either, a clerk must look.
 */
function oneChild(a: Pupil, b: Pupil): boolean {
  if ((a.bhxh && a.bhxh === b.bhxh) || (a.personalId && a.personalId === b.personalId)) return true;
  // Within one school, sharing a commune says nothing: classmates are neighbours.
  if (a.school === b.school || bothGivenAndDiffer(a.gender, b.gender)) return false;
  return a.commune !== null && b.commune !== null && foldDiacritics(a.commune) === foldDiacritics(b.commune);
}

function bothGivenAndDiffer(x: string | null, y: string | null): boolean {
  return x !== null && y !== null && x !== y;
}

/** The same syllables once the marks are gone. */
function sameSkeletons(p: NameParts, q: NameParts): boolean {
  return p.length === q.length && p.every((syllable, i) => syllable.skeleton === q[i].skeleton);
}

/**
 * Rows of two schools with the very same name (marks aside), birth date and sex, and
 * nothing on them that says two children (IDs and communes, where both rows give them,
 * agree or are missing): one child on two lists. Namesakes born the same day are far
 * rarer than transfers, and most hold a card each, which assignPeople gives them; so a
 * single card between such rows is taken as the child's, on both rows, flagged.
 */
function presumedOneChild(a: Assessment, b: Assessment): boolean {
  const [p, q] = [a.pupil, b.pupil];
  if (p.school === q.school || bothGivenAndDiffer(p.gender, q.gender)) return false;
  if (p.dob?.precision !== 'day' || q.dob?.precision !== 'day' || p.dob.iso !== q.dob.iso) return false;
  return sameSkeletons(a.parts, b.parts) && !bothGivenAndDiffer(p.commune && foldDiacritics(p.commune), q.commune && foldDiacritics(q.commune));
}

/**
 * Another card holder with the pupil's full name (without marks) born the same year on
 * another day: a name that common makes a namesake born the same day plausible.
 */
function commonName(a: Assessment, index: CardIndex): boolean {
  const { dob } = a.pupil;
  if (!dob || !a.dob) return true;
  return peopleWithSameYearNames(index, a.dob.year, a.parts).some((person) => {
    const first = index.holders[index.firstHolderOf[person]];
    return first.record.dob?.iso !== dob.iso && sameSkeletons(first.parts, a.parts);
  });
}

/**
 * Rows that look like one child claim one card. They are taken as one child when IDs or
 * a commune say so, when this row is at the card's own school, or when the rows are
 * plainly one child listed twice (see presumedOneChild) under a name too rare for a
 * namesake born the same day. Otherwise a clerk checks: the reason, or null.
 */
function listedTwiceDoubt(a: Assessment, e: Evidence, others: readonly Assessment[], index: CardIndex): string | null {
  const { pupil } = a;
  if (idConfirmed(e) || others.every((other) => oneChild(pupil, other.pupil))) return null;
  const sameSchool = others.filter((other) => other.pupil.school === pupil.school);
  if (sameSchool.length) return `Trùng họ tên và ngày sinh với học sinh khác cùng trường (lớp ${sameSchool.map((o) => o.pupil.class ?? '?').join(', ')}): một em ghi hai lần hay hai em trùng tên? cần kiểm tra`;
  if (e.unit === 'same') return null;
  const noIdAgainst = e.bhxh !== 'other' && e.personalId !== 'other';
  if (sameIdentity(e) && e.dob === 'exact' && noIdAgainst && others.every((other) => presumedOneChild(a, other)) && !commonName(a, index)) return null;
  return `Trùng họ tên và ngày sinh với học sinh ở ${[...new Set(others.map((other) => other.pupil.school))].join(', ')}, người đang có thẻ này: chuyển trường hay trùng tên? cần kiểm tra`;
}

function methodOf(e: Evidence): string {
  if (e.bhxh === 'same') return 'bhxh';
  if (e.personalId === 'same') return 'personal-id';
  if (e.name === 'exact' && e.dob === 'exact') return 'name-dob';
  return 'fuzzy';
}

/**
 * What the candidate's person's cards say on the date (see coverageOf). Most people hold
 * one card, the candidate's own, which is at hand: the index's holders are read only
 * for people with several.
 */
function coverageOfCandidate(index: CardIndex, candidate: Candidate, asOf: string): PersonCoverage {
  const { person } = candidate;
  const onlyCard = index.firstCardOf[person + 1] - index.firstCardOf[person] === 1;
  return coverageOf(onlyCard ? [candidate.card] : cardsOf(index, person), asOf);
}

const lowered = new Map<string, string>();

/** Remembered per letter: the reasons begin with a handful of letters, and lower-casing by locale is slow. */
function lowerFirst(text: string): string {
  const first = text.charAt(0);
  let lower = lowered.get(first);
  if (lower === undefined) lowered.set(first, (lower = first.toLocaleLowerCase('vi')));
  return lower + text.slice(1);
}

export interface DecisionContext {
  index: CardIndex;
  asOf: string;
  /** The pupil (Pupil.index) each person went to, or -1. */
  owners: Int32Array;
  /** Pupils who may be twins (see twinGroups). */
  twins: Map<Assessment, Assessment[]>;
  /** People claimed by several roster rows that look like one child (see assignPeople). */
  duplicates: Map<number, number[]>;
  assessments: Assessment[];
  /** Pupils whose name and birth date appear in another school's roster too. */
  listedElsewhere: Set<number>;
  sharedWith: Map<number, Pupil>;
  /** Reasons of matches, made once each (see matchReason). */
  matchReasons: Map<string, Map<string, string>>;
}

/**
 * A match's reason from what agreed and what the person's cards say, remembered by the
 * two: 100,000 decisions say a few thousand different things, and keeping one text
 * each costs more than looking it up.
 */
function matchReason(explanation: string, coverage: string, reasons: DecisionContext['matchReasons']): string {
  let byCoverage = reasons.get(explanation);
  if (byCoverage === undefined) reasons.set(explanation, (byCoverage = new Map()));
  let reason = byCoverage.get(coverage);
  if (reason === undefined) byCoverage.set(coverage, (reason = `${explanation}; ${lowerFirst(coverage)}`));
  return reason;
}

/** Shared by the decisions without other cards or flags (most): a decision's lists are never changed. */
const NO_CARDS: readonly number[] = [];
const NO_FLAGS: readonly string[] = [];

function review(pupil: Pupil, method: string, cards: Card[], reason: string): Decision {
  return { pupil: pupil.index, status: 'review', method, card: null, candidates: cards.map((c) => c.index), reason, flags: NO_FLAGS };
}

/** A decision with another status, reason or flags, built field by field: a spread gives every copy its own hidden class in V8. */
function amended(d: Decision, status: Status, reason: string, flags: readonly string[]): Decision {
  return { pupil: d.pupil, status, method: d.method, card: d.card, candidates: d.candidates, reason, flags };
}

/** Two pupils of different schools that matched one card well may be one child listed twice: say so on both. */
export function flagSharedCard(decision: Decision, context: DecisionContext): Decision {
  const other = context.sharedWith.get(decision.pupil);
  if (!other || decision.flags.includes('duplicate')) return decision;
  return amended(decision, decision.status, `${decision.reason}; gần trùng với học sinh ở ${other.school} (chuyển trường?)`, [...decision.flags, 'duplicate']);
}

const NO_ONE: readonly Assessment[] = [];

/** Whether another pupil was given the candidate's person. */
function ownedByOther(c: Candidate, pupil: number, owners: Int32Array): boolean {
  const owner = owners[c.person];
  return owner >= 0 && owner !== pupil;
}

/**
 * Candidates scoring close enough to the chosen one that taking it would be a guess,
 * leaving out people given to other pupils, and look-alikes held elsewhere (a
 * household's, a commune's, another school's) when the chosen card is under the pupil's
 * own school, which outranks them. Null when there are none, the common case.
 */
function rivalsOf(a: Assessment, chosenAt: number, owners: Int32Array): Candidate[] | null {
  const chosen = a.candidates[chosenAt];
  const lowest = Math.max(REVIEW_SCORE, chosen.score - MARGIN);
  const ownSchool = chosen.evidence.unit === 'same';
  let rivals: Candidate[] | null = null;
  for (let i = 0; i < a.candidates.length; i++) {
    const c = a.candidates[i];
    if (i === chosenAt || c.score < lowest || ownedByOther(c, a.pupil.index, owners) || (ownSchool && c.evidence.unit !== 'same')) continue;
    (rivals ??= []).push(c);
  }
  return rivals;
}

export function decide(a: Assessment, chosenAt: number, context: DecisionContext): Decision {
  const { pupil } = a;
  if (chosenAt < 0) {
    if (a.codeOwner) {
      // The code is someone else's (a sibling's, a parent's): it proves nothing about the pupil, whose own card was not found.
      const reason = `Không tìm thấy thẻ; mã số BHXH trên danh sách là của "${a.codeOwner.card.name}" (khác họ tên và ngày sinh)`;
      return { pupil: pupil.index, status: 'uninsured', method: 'bhxh-conflict', card: null, candidates: [a.codeOwner.card.index], reason, flags: ['code-mismatch'] };
    }
    const elsewhere = context.listedElsewhere.has(pupil.index);
    return { pupil: pupil.index, status: 'uninsured', method: 'none', card: null, candidates: NO_CARDS, reason: elsewhere ? 'Không tìm thấy thẻ; học sinh có tên trong nhiều danh sách (chuyển trường?)' : 'Không tìm thấy thẻ', flags: elsewhere ? ['duplicate'] : NO_FLAGS };
  }
  const chosen = a.candidates[chosenAt];
  const e = chosen.evidence;
  const rivals = rivalsOf(a, chosenAt, context.owners);
  const sharing = context.duplicates.get(chosen.person);
  const listedTwice = sharing !== undefined && couldBeListedTwice(e);
  const others = listedTwice ? sharing.filter((i) => i !== pupil.index).map((i) => context.assessments[i]) : NO_ONE;
  if (listedTwice) {
    const doubt = listedTwiceDoubt(a, e, others, context.index);
    if (doubt) return { ...review(pupil, 'duplicate', [chosen.card], doubt), flags: ['duplicate'] };
  }
  const confirmed = idConfirmed(e) || listedTwice;
  if (rivals && !(confirmed && !rivals.some((r) => idConfirmed(r.evidence)))) {
    const sameNameDob = [chosen, ...rivals].every((c) => c.evidence.name === 'exact' && c.evidence.dob === 'exact');
    const reason = sameNameDob
      ? `Trùng họ tên và ngày sinh với ${rivals.length + 1} thẻ: cần kiểm tra`
      : `Gần khớp với ${rivals.length + 1} thẻ: cần kiểm tra`;
    return review(pupil, 'ambiguous', [chosen.card, ...rivals.map((r) => r.card)], reason);
  }
  const twinDoubt = !sameIdentity(e) && twinCouldHold(a, chosen.card, context.twins);
  // A card of another school is a namesake's as often as the pupil's: without an ID, never taken.
  if (!confirmed && (chosen.score < ACCEPT_SCORE || twinDoubt || e.unit === 'other-school')) {
    const why = e.unit === 'other-school' ? `thẻ thuộc đơn vị khác (${chosen.card.unit})` : twinDoubt ? 'trong trường có học sinh cùng họ, ngày sinh và tên gần giống (sinh đôi?)' : 'chưa đủ chắc chắn';
    return review(pupil, 'fuzzy', [chosen.card], `${explainMatchOnce(e)} nhưng ${why}: cần kiểm tra`);
  }
  const coverage = coverageOfCandidate(context.index, chosen, context.asOf);
  let flags = NO_FLAGS;
  let reason = matchReason(explainMatchOnce(e), coverage.reason, context.matchReasons);
  if (a.codeOwner) {
    flags = ['code-mismatch'];
    reason += `; mã số BHXH trên danh sách là của người khác (${a.codeOwner.card.name})`;
  }
  if (listedTwice || context.listedElsewhere.has(pupil.index)) {
    flags = [...flags, 'duplicate'];
    const elsewhere = [...new Set(others.map((other) => other.pupil.school).filter((school) => school !== pupil.school))];
    reason += elsewhere.length ? `; có tên cả ở ${elsewhere.join(', ')} (chuyển trường?): cần xác nhận em đang học ở đâu` : '; học sinh có tên trong nhiều danh sách (chuyển trường?)';
  }
  return { pupil: pupil.index, status: coverage.insured ? 'insured' : 'uninsured', method: methodOf(e), card: coverage.card.index, candidates: NO_CARDS, reason, flags };
}

/**
 * A review none of whose candidate cards is valid on the reference date: the pupil has
 * no valid card whichever is theirs, so it is uninsured, and the reason names the card.
 */
export function settleWithoutValidCard(decision: Decision, context: DecisionContext): Decision {
  if (decision.status !== 'review' || decision.candidates.length === 0) return decision;
  const { index, asOf } = context;
  const coverages = decision.candidates.map((card) => coverageOf(cardsOf(index, index.personOfCard[card]), asOf));
  if (coverages.some((coverage) => coverage.insured)) return decision;
  const [first] = coverages;
  const reason =
    coverages.length === 1
      ? `Không tìm thấy thẻ còn hạn; thẻ gần khớp (${first.card.name}) chưa chắc là của học sinh và ${lowerFirst(first.reason)}`
      : `Không tìm thấy thẻ còn hạn; ${coverages.length} thẻ gần khớp đều không còn hạn`;
  return amended(decision, 'uninsured', reason, decision.flags);
}

/** The keys of one child's listings (see listingKey), for this many pupils, noted as they are assessed. */
export function listingKeys(pupils: number): SharedKeys<Assessment> {
  return new SharedKeys(new ListingKey(), pupils);
}

/** Pupils whose name and birth date appear in more than one school's roster. */
export function listedInSeveralSchools(keys: SharedKeys<Assessment>, assessments: Assessment[]): Set<number> {
  const flagged = new Set<number>();
  for (const group of keys.groups(assessments)) {
    const { school } = group[0].pupil;
    if (group.some((a) => a.pupil.school !== school)) for (const a of group) flagged.add(a.pupil.index);
  }
  return flagged;
}
