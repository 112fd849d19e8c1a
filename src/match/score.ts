/**
 * How much a comparison says that a pupil and a card holder are one person, and the
 * words a clerk reads for it. Weights are log-odds-like points: agreement on a
 * rare-to-fake field counts more than on a common one; disagreement subtracts.
 */
import type { Context, DobLevel, Evidence, IdLevel, NameLevel } from './compare.js';

const NAME_POINTS: Record<NameLevel, number> = { exact: 6, marks: 5, middle: 4, typo: 4, 'typo-given': 2.5, 'middle-typo': 2.5, different: -4 };
const DOB_POINTS: Record<DobLevel, number> = { exact: 5, swapped: 3, 'off-by-one': 3, year: 3, 'same-year': -2, different: -4, unknown: 0 };
const CODE_POINTS: Record<IdLevel, number> = { same: 9, near: 2, other: -2, none: 0 };

/** At or above: the same person. */
export const ACCEPT_SCORE = 8.5;
/** At or above (and below ACCEPT_SCORE): a clerk should look. */
export const REVIEW_SCORE = 7;
/** The best candidate must lead the next by this much to be taken without review. */
export const MARGIN = 3;

/** The points of everything but the name. */
function contextPoints(e: Context): number {
  return (
    DOB_POINTS[e.dob] +
    CODE_POINTS[e.bhxh] +
    CODE_POINTS[e.personalId] +
    (e.gender === 'same' ? 0.5 : e.gender === 'other' ? -2 : 0) +
    (e.unit === 'same' ? 1.5 : e.unit === 'other-school' ? -3 : 0)
  );
}

/**
 * Whether a card holder whose name is judged different can reach review when neither
 * code nor personal ID is the same: not with these weights (a different name, the same
 * birth date, sex and school and a code one typo away stay below REVIEW_SCORE), so
 * such holders need not be compared at all (see givenCouldAgree).
 */
export const DIFFERENT_NAME_REACHES_REVIEW =
  NAME_POINTS.different + contextPoints({ dob: 'exact', gender: 'same', bhxh: 'near', personalId: 'none', unit: 'same' }) >= REVIEW_SCORE;

/** The score a name level would make in this context: known before any evidence is built. */
export function scoreWith(name: NameLevel, context: Context): number {
  return NAME_POINTS[name] + contextPoints(context);
}

/**
 * Whether a comparison with this context is worth finishing: even an exact name would
 * leave it below review, and no ID agrees. Most people sharing only a birth year stop here.
 */
export function hopeless(context: Context): boolean {
  return NAME_POINTS.exact + contextPoints(context) < REVIEW_SCORE && context.bhxh !== 'same' && context.personalId !== 'same';
}

/** Names close enough to say "the same person" on their own; a middle name changed and another letter wrong is as far as a sibling's name. */
export function nameAgrees(level: NameLevel): boolean {
  return level !== 'different' && level !== 'middle-typo';
}

/** Birth dates that agree, allowing for one typing error. */
export function dobAgrees(level: DobLevel): boolean {
  return level === 'exact' || level === 'swapped' || level === 'off-by-one' || level === 'year';
}

/** An ID agrees and nothing clearly says another person holds the card. */
export function idConfirmed(e: Evidence): boolean {
  return idConfirmedWith(e.name, e);
}

/**
 * idConfirmed for a name level and its context, before any evidence is built. With the
 * birth date against it, the name must agree and the sex must not differ: a brother's or
 * sister's code can carry the same family and given name ("Phạm Khắc Tráng" on a card of
 * "Phạm Thị Bích Trang").
 */
export function idConfirmedWith(name: NameLevel, context: Context): boolean {
  const idSame = context.bhxh === 'same' || context.personalId === 'same';
  return idSame && (dobAgrees(context.dob) || (nameAgrees(name) && context.gender !== 'other'));
}

/** Evidence strong enough to say two roster rows are one pupil listed twice (a transfer). */
export function sameIdentity(e: Evidence): boolean {
  const nameSame = e.name === 'exact' || e.name === 'marks';
  return (nameSame && (e.dob === 'exact' || e.dob === 'year')) || (e.bhxh === 'same' && idConfirmed(e));
}

/**
 * Evidence that two rows claiming one card may be one child listed twice: the same
 * identity, or the same birth date with the name written a little differently (a typo
 * or a middle name on one list only). decide.ts then wants an ID or a commune to agree.
 */
export function couldBeListedTwice(e: Evidence): boolean {
  return sameIdentity(e) || (e.dob === 'exact' && (e.name === 'typo' || e.name === 'middle'));
}

const NAME_WORDS: Record<NameLevel, string> = {
  exact: 'họ tên',
  marks: 'họ tên (khác cách bỏ dấu)',
  middle: 'họ tên (khác tên đệm)',
  'middle-typo': 'họ tên (khác tên đệm, sai một chữ)',
  typo: 'họ tên (sai một chữ)',
  'typo-given': 'họ tên (sai một chữ ở tên)',
  different: '',
};
const DOB_WORDS: Record<DobLevel, string> = {
  exact: 'ngày sinh',
  swapped: 'ngày sinh (đảo ngày/tháng)',
  'off-by-one': 'ngày sinh (lệch 1 ngày)',
  year: 'năm sinh',
  'same-year': '',
  different: '',
  unknown: '',
};

/** "họ tên (sai một chữ: Trươnn / Trương)". */
function nameWords(e: Evidence): string {
  const words = NAME_WORDS[e.name];
  return e.nameDetail ? words.replace(/\)$/, `: ${e.nameDetail})`) : words;
}

/** The keys of a level table, each numbered by its place: levels as small integers. */
function numbered<Level extends string>(table: Record<Level, unknown>): Record<Level, number> {
  return Object.fromEntries(Object.keys(table).map((level, at) => [level, at])) as Record<Level, number>;
}

const NAME_NUMBER = numbered(NAME_WORDS);
const DOB_NUMBER = numbered(DOB_WORDS);
const CODE_NUMBER = numbered(CODE_POINTS);
const DOB_LEVELS = Object.keys(DOB_WORDS).length;
const CODE_LEVELS = Object.keys(CODE_POINTS).length;
const explanations: string[] = [];

/**
 * explainMatch, made once per combination of the levels it reads (name, birth date, the
 * two IDs) when the name has no detail to tell: one text, not one per matched pupil.
 */
export function explainMatchOnce(e: Evidence): string {
  if (e.nameDetail) return explainMatch(e);
  const levels = ((NAME_NUMBER[e.name] * DOB_LEVELS + DOB_NUMBER[e.dob]) * CODE_LEVELS + CODE_NUMBER[e.bhxh]) * CODE_LEVELS + CODE_NUMBER[e.personalId];
  return (explanations[levels] ??= explainMatch(e));
}

/** "Khớp mã số BHXH", "Khớp họ tên (khác cách bỏ dấu) và ngày sinh". */
export function explainMatch(e: Evidence): string {
  const parts: string[] = [];
  if (e.bhxh === 'same') parts.push('mã số BHXH');
  else if (e.personalId === 'same') parts.push('số định danh cá nhân');
  if (parts.length === 0) parts.push([nameWords(e), DOB_WORDS[e.dob]].filter(Boolean).join(' và '));
  let sentence = `Khớp ${parts.join(', ')}`;
  if (e.bhxh === 'near') sentence += '; mã số BHXH trên danh sách sai một chữ số';
  return sentence;
}

/** What agrees and what differs, for the review sheet. */
export function describeEvidence(e: Evidence): { agrees: string[]; differs: string[] } {
  const agrees: string[] = [];
  const differs: string[] = [];
  (e.name === 'exact' || e.name === 'marks' ? agrees : differs).push(e.name === 'different' ? 'họ tên khác' : nameWords(e));
  if (e.dob === 'exact') agrees.push('ngày sinh');
  else if (e.dob === 'year') agrees.push('năm sinh');
  else if (e.dob !== 'unknown') differs.push(DOB_WORDS[e.dob] || 'ngày sinh khác');
  if (e.bhxh === 'same') agrees.push('mã số BHXH');
  if (e.bhxh === 'near') differs.push('mã số BHXH sai một chữ số');
  if (e.bhxh === 'other') differs.push('mã số BHXH khác');
  if (e.personalId === 'same') agrees.push('số định danh');
  if (e.gender === 'other') differs.push('giới tính khác');
  if (e.unit === 'same') agrees.push('đơn vị');
  if (e.unit === 'other-school') differs.push('thẻ thuộc trường khác');
  return { agrees, differs };
}
