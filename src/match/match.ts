/**
 * Links each pupil to the person (the cards sharing a mã số BHXH) they are, and
 * decides. Candidates come from blocking keys; each is compared field by field with
 * levels and scored. A match is taken only when it is clearly the best and unique;
 * one person's cards go to one pupil, unless two roster rows are plainly the same
 * pupil (a transfer), which are flagged. Ambiguity goes to review; it is never guessed.
 */
import { coverageOf } from '../cover/validity.js';
import type { Card, Pupil } from '../ingest/records.js';
import { blockingKeys, buildCardIndex, candidatePeople, type CardIndex } from './card-index.js';
import { compare, compareNameParts, namePartsOf, personalIdFits, sideOf, type Evidence, type PupilFacts, type Side } from './compare.js';
import type { Decision } from './decision.js';
import { foldDiacritics } from '../vn/text.js';
import { ACCEPT_SCORE, explainMatch, idConfirmed, MARGIN, REVIEW_SCORE, sameIdentity, scoreOf } from './score.js';

export interface Candidate {
  person: number;
  /** The card of the person that agrees best with the pupil. */
  card: Card;
  evidence: Evidence;
  score: number;
}

interface Assessment {
  pupil: Pupil;
  /** Plausible people, best first. */
  candidates: Candidate[];
  /** A person the roster's BHXH code points to who is clearly someone else (a sibling's code). */
  codeOwner: Candidate | null;
}

function bestCandidate(pupil: Side<Pupil>, cards: Side<Card>[], person: number, facts: PupilFacts): Candidate {
  let best: Candidate | null = null;
  for (const card of cards) {
    const evidence = compare(pupil, card, facts);
    const score = scoreOf(evidence);
    if (!best || score > best.score) best = { person, card: card.record, evidence, score };
  }
  return best!;
}

/** The roster's own code found a card whose name and birth date agree too: nothing else can compete. */
function certain(candidate: Candidate): boolean {
  const e = candidate.evidence;
  return e.bhxh === 'same' && (e.name === 'exact' || e.name === 'marks') && e.dob === 'exact';
}

/** A code that points to a clearly different person: name and birth date both disagree. */
function belongsToSomeoneElse(candidate: Candidate): boolean {
  return candidate.evidence.name === 'different' && !['exact', 'swapped', 'off-by-one', 'year'].includes(candidate.evidence.dob);
}

function assess(pupil: Pupil, index: CardIndex): Assessment {
  const side = sideOf(pupil);
  let codeOwner: Candidate | null = null;
  const codePerson = pupil.bhxh ? index.blocks.get(`b:${pupil.bhxh}`)?.[0] : undefined;
  if (codePerson !== undefined) {
    const owner = bestCandidate(side, index.people[codePerson], codePerson, { bhxhTrusted: true, personalIdTrusted: false });
    if (belongsToSomeoneElse(owner)) codeOwner = owner;
    else if (certain(owner)) return { pupil, candidates: [owner], codeOwner: null };
  }
  const facts = {
    bhxhTrusted: codeOwner === null,
    personalIdTrusted: pupil.personalId !== null && personalIdFits(pupil.personalId, pupil.dob, pupil.gender),
  };
  const keys = blockingKeys(
    { dob: pupil.dob, bhxh: facts.bhxhTrusted ? pupil.bhxh : null, personalId: facts.personalIdTrusted ? pupil.personalId : null },
    side.parts,
  );
  const candidates: Candidate[] = [];
  const seen = new Set<number>(codeOwner ? [codeOwner.person] : []);
  const consider = (blockKeys: string[]) => {
    for (const person of candidatePeople(index, blockKeys)) {
      if (seen.has(person)) continue;
      seen.add(person);
      const candidate = bestCandidate(side, index.people[person], person, facts);
      if (candidate.score >= REVIEW_SCORE || idConfirmed(candidate.evidence)) candidates.push(candidate);
    }
  };
  consider(keys.near);
  // The wider blocks only when the near ones found nobody certain: most pupils stop here.
  if (!candidates.some((c) => c.score >= ACCEPT_SCORE || idConfirmed(c.evidence))) consider(keys.far);
  candidates.sort((a, b) => b.score - a.score);
  return { pupil, candidates, codeOwner };
}

interface Assignment {
  /** Index into the pupil's candidates of the person it keeps, or -1. */
  chosen: Int32Array;
  /** Pupils sharing a person because they are the same pupil listed twice. */
  duplicates: Map<number, number[]>;
  /** Pupils that matched a card well but gave it up to a pupil of another school: maybe one child listed twice. */
  yielded: Map<number, Pupil>;
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
function assignPeople(assessments: Assessment[]): Assignment {
  const chosen = new Int32Array(assessments.length).map((_, i) => (assessments[i].candidates.length ? 0 : -1));
  const claims = new Map<number, Set<number>>();
  const contested: number[] = [];
  const claim = (i: number) => {
    if (chosen[i] < 0) return;
    const person = assessments[i].candidates[chosen[i]].person;
    let claimants = claims.get(person);
    if (!claimants) claims.set(person, (claimants = new Set()));
    claimants.add(i);
    if (claimants.size === 2) contested.push(person);
  };
  assessments.forEach((_, i) => claim(i));
  const duplicates = new Map<number, number[]>();
  const yielded = new Map<number, Pupil>();
  const evidence = (i: number) => assessments[i].candidates[chosen[i]];
  // Each pupil only ever moves down its own list, so this ends.
  for (let person = contested.pop(); person !== undefined; person = contested.pop()) {
    const claimants = [...claims.get(person)!];
    if (claimants.length < 2) continue;
    const same = claimants.filter((i) => sameIdentity(evidence(i).evidence) && claimants.every((j) => idsCompatible(assessments[i].pupil, assessments[j].pupil)));
    const keepers = same.length >= 2 ? same : [claimants.reduce((best, i) => (evidence(i).score > evidence(best).score ? i : best))];
    if (keepers.length >= 2) duplicates.set(person, keepers);
    else duplicates.delete(person);
    const keeper = assessments[keepers[0]].pupil;
    for (const i of claimants) {
      if (keepers.includes(i)) continue;
      claims.get(person)!.delete(i);
      if (evidence(i).score >= ACCEPT_SCORE && keeper.school !== assessments[i].pupil.school) yielded.set(i, keeper);
      chosen[i] = chosen[i] + 1 < assessments[i].candidates.length ? chosen[i] + 1 : -1;
      claim(i);
    }
  }
  return { chosen, duplicates, yielded };
}

/** Pupils of one school with the same family name and birth date: possible twins. */
function twinKey(pupil: Pupil): string | null {
  if (!pupil.dob || pupil.dob.precision !== 'day') return null;
  const family = namePartsOf(pupil.nameKey).skeletons[0];
  return family ? `${pupil.school}|${family}|${pupil.dob.iso}` : null;
}

/** The same name and birth date: one child listed twice, or namesakes. */
function listingKey(pupil: Pupil): string | null {
  return pupil.dob?.precision === 'day' && pupil.nameKey ? `${pupil.nameKey}|${pupil.dob.iso}` : null;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** A schoolmate with the same family name and birth date whose name could also be the card's: a twin the card may belong to. */
function twinCouldHold(pupil: Pupil, card: Card, twins: Map<string, Pupil[]>): boolean {
  const key = twinKey(pupil);
  const group = key === null ? [] : (twins.get(key) ?? []);
  const cardParts = namePartsOf(card.nameKey);
  return group.some((other) => other !== pupil && compareNameParts(namePartsOf(other.nameKey), cardParts).level !== 'different');
}

/**
 * Two rows with the same name and birth date are one child when they carry the same
 * code or personal ID, or live in the same commune (a transferred child keeps its home;
 * namesakes seldom share one). Without either, a clerk must look.
 */
function oneChild(a: Pupil, b: Pupil): boolean {
  if ((a.bhxh && a.bhxh === b.bhxh) || (a.personalId && a.personalId === b.personalId)) return true;
  const sameGender = !a.gender || !b.gender || a.gender === b.gender;
  return sameGender && a.commune !== null && b.commune !== null && foldDiacritics(a.commune) === foldDiacritics(b.commune);
}

function methodOf(e: Evidence): string {
  if (e.bhxh === 'same') return 'bhxh';
  if (e.personalId === 'same') return 'personal-id';
  if (e.name === 'exact' && e.dob === 'exact') return 'name-dob';
  return 'fuzzy';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

interface DecisionContext {
  index: CardIndex;
  asOf: string;
  owners: Map<number, number>;
  twins: Map<string, Pupil[]>;
  /** People claimed by several roster rows that look like one child (see assignPeople). */
  duplicates: Map<number, number[]>;
  assessments: Assessment[];
  /** Pupils whose name and birth date appear in another school's roster too. */
  listedElsewhere: Set<number>;
  yielded: Map<number, Pupil>;
}

function review(pupil: Pupil, method: string, cards: Card[], reason: string): Decision {
  return { pupil: pupil.index, status: 'review', method, card: null, candidates: cards.map((c) => c.index), reason, flags: [] };
}

/** A pupil that gave its best card up to a pupil of another school may be that pupil, listed twice: say so. */
function flagYielded(decision: Decision, context: DecisionContext): Decision {
  const keeper = context.yielded.get(decision.pupil);
  if (!keeper || decision.flags.includes('duplicate')) return decision;
  return { ...decision, flags: [...decision.flags, 'duplicate'], reason: `${decision.reason}; gần trùng với học sinh ở ${keeper.school} (chuyển trường?)` };
}

function decide(a: Assessment, chosenAt: number, context: DecisionContext): Decision {
  const { pupil } = a;
  if (chosenAt < 0) {
    if (a.codeOwner) {
      return review(pupil, 'bhxh-conflict', [a.codeOwner.card], `Mã số BHXH trên danh sách là của "${a.codeOwner.card.name}" (khác họ tên và ngày sinh): cần kiểm tra`);
    }
    const elsewhere = context.listedElsewhere.has(pupil.index);
    return { pupil: pupil.index, status: 'uninsured', method: 'none', card: null, candidates: [], reason: elsewhere ? 'Không tìm thấy thẻ; học sinh có tên trong nhiều danh sách (chuyển trường?)' : 'Không tìm thấy thẻ', flags: elsewhere ? ['duplicate'] : [] };
  }
  const chosen = a.candidates[chosenAt];
  const e = chosen.evidence;
  const ownedByOther = (c: Candidate) => (context.owners.get(c.person) ?? pupil.index) !== pupil.index;
  const rivals = a.candidates.filter((c, i) => i !== chosenAt && c.score >= Math.max(REVIEW_SCORE, chosen.score - MARGIN) && !ownedByOther(c));
  // Rows that look like one child claim one card. Without an ID on both rows that says
  // so, a namesake cannot be told from a transfer: the row at the card's own school
  // keeps the card, the others are checked by a clerk.
  const sharing = context.duplicates.get(chosen.person);
  const listedTwice = sharing !== undefined && sameIdentity(e);
  if (listedTwice) {
    const others = sharing.filter((i) => i !== pupil.index).map((i) => context.assessments[i].pupil);
    const surelyOne = others.every((other) => oneChild(pupil, other));
    if (!surelyOne && !idConfirmed(e) && e.unit !== 'same') {
      const where = [...new Set(others.map((other) => other.school))].join(', ');
      return { ...review(pupil, 'duplicate', [chosen.card], `Trùng họ tên và ngày sinh với học sinh ở ${where}, người đang có thẻ này: chuyển trường hay trùng tên? cần kiểm tra`), flags: ['duplicate'] };
    }
  }
  const confirmed = idConfirmed(e) || listedTwice;
  if (rivals.length && !(confirmed && !rivals.some((r) => idConfirmed(r.evidence)))) {
    const sameNameDob = [chosen, ...rivals].every((c) => c.evidence.name === 'exact' && c.evidence.dob === 'exact');
    const reason = sameNameDob
      ? `Trùng họ tên và ngày sinh với ${rivals.length + 1} thẻ: cần kiểm tra`
      : `Gần khớp với ${rivals.length + 1} thẻ: cần kiểm tra`;
    return review(pupil, 'ambiguous', [chosen.card, ...rivals.map((r) => r.card)], reason);
  }
  const twinDoubt = !sameIdentity(e) && twinCouldHold(pupil, chosen.card, context.twins);
  if (!confirmed && (chosen.score < ACCEPT_SCORE || twinDoubt)) {
    const why = e.unit === 'other-school' ? `thẻ thuộc đơn vị khác (${chosen.card.unit})` : twinDoubt ? 'trong trường có học sinh cùng họ, ngày sinh và tên gần giống (sinh đôi?)' : 'chưa đủ chắc chắn';
    return review(pupil, 'fuzzy', [chosen.card], `${explainMatch(e)} nhưng ${why}: cần kiểm tra`);
  }
  const coverage = coverageOf(context.index.people[chosen.person].map((side) => side.record), context.asOf);
  const flags: string[] = [];
  let reason = `${explainMatch(e)}; ${lowerFirst(coverage.reason)}`;
  if (a.codeOwner) {
    flags.push('code-mismatch');
    reason += `; mã số BHXH trên danh sách là của người khác (${a.codeOwner.card.name})`;
  }
  if (listedTwice || context.listedElsewhere.has(pupil.index)) {
    flags.push('duplicate');
    reason += '; học sinh có tên trong nhiều danh sách (chuyển trường?)';
  }
  return { pupil: pupil.index, status: coverage.insured ? 'insured' : 'uninsured', method: methodOf(e), card: coverage.card.index, candidates: [], reason, flags };
}

/** Pupils whose exact name and birth date appear in more than one school's roster. */
function listedInSeveralSchools(pupils: Pupil[]): Set<number> {
  const flagged = new Set<number>();
  for (const group of groupBy(pupils, listingKey).values()) {
    if (new Set(group.map((p) => p.school)).size > 1) for (const p of group) flagged.add(p.index);
  }
  return flagged;
}

/** One decision per pupil, in pupil order. */
export function matchPupils(pupils: Pupil[], cards: Card[], asOf: string): Decision[] {
  const index = buildCardIndex(cards);
  const assessments = pupils.map((pupil) => assess(pupil, index));
  const { chosen, duplicates, yielded } = assignPeople(assessments);
  const owners = new Map<number, number>();
  assessments.forEach((a, i) => {
    if (chosen[i] >= 0) owners.set(a.candidates[chosen[i]].person, a.pupil.index);
  });
  const context: DecisionContext = { index, asOf, owners, twins: groupBy(pupils, twinKey), duplicates, assessments, listedElsewhere: listedInSeveralSchools(pupils), yielded };
  return assessments.map((a, i) => flagYielded(decide(a, chosen[i], context), context));
}
