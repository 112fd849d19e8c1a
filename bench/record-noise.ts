/**
 * Noise in how one child is written down: the roster row and the card export differ
 * by spelling, dates and codes (DOMAIN.md, "Vietnamese names", "Dates", "Identifiers").
 * A row gets none, one or two such quirks; a name quirk may sit on the card side
 * instead (then every card of the child shows it).
 */
import type { BirthDate } from '../src/ingest/records.js';
import type { Child } from './district-model.js';
import { addDays, dayOf, monthOf, yearOf } from './iso-dates.js';
import * as noise from './name-noise.js';
import { fullName, type NameParts } from './name-noise.js';
import { WeightedList, type Rng } from './prng.js';

export type NoiseQuirk =
  | 'tone-placement'
  | 'nfd'
  | 'eth'
  | 'upper-case'
  | 'odd-spaces'
  | 'missing-tone'
  | 'no-diacritics'
  | 'typo'
  | 'middle-dropped'
  | 'middle-added'
  | 'swapped-dob'
  | 'dob-off-by-one'
  | 'year-only'
  | 'mistyped-code'
  | 'parent-id';

/** Chance that the card export, not the roster, carries a quirk. */
const CARD_SIDE: Record<NoiseQuirk, number> = {
  'tone-placement': 0.5,
  nfd: 0,
  eth: 0.3,
  'upper-case': 0.5,
  'odd-spaces': 0,
  'missing-tone': 0.2,
  'no-diacritics': 0,
  typo: 0.2,
  'middle-dropped': 0.5,
  'middle-added': 0.5,
  'swapped-dob': 0,
  'dob-off-by-one': 0,
  'year-only': 0,
  'mistyped-code': 0,
  'parent-id': 0,
};

/**
 * How noisy a district is. `sample` follows the shares measured in the shared sample
 * district (its truth.json tags: 2% typos, 2% names without marks, 1.2% dates one day
 * off, 0.5% years alone, 0.25% swapped dates, 0.12% middle names changed, 0.23% of
 * children in two rosters); `heavy` is about three times as noisy, with middle-name and
 * date errors ten times as common, to stress the matcher.
 */
export interface NoiseProfile {
  /** How many noise quirks a row gets. */
  quirkCount: WeightedList<number>;
  /** Relative weights of the quirks (a weight of 0 keeps a quirk out of the draw). */
  weights: Record<NoiseQuirk, number>;
  /** Children listed in two schools' rosters (each such child is two rows). */
  transferChildren: number;
  /**
   * Pairs of children in two schools given the same full name and birth date, one of
   * them without a card half the time, on top of the namesakes independent draws from
   * the name frequencies make (about 0.06% of rows, tagged too).
   */
  namesakePairs: number;
}

export const NOISE_PROFILES = {
  // Weights are per cent of rows; swapped dates apply to a third of dates (day ≤ 12), hence 0.7 for 0.25%.
  sample: {
    quirkCount: new WeightedList<number>([
      [0, 0.835],
      [1, 0.15],
      [2, 0.015],
    ]),
    weights: {
      'tone-placement': 0,
      nfd: 2,
      eth: 1,
      'upper-case': 3,
      'odd-spaces': 3,
      'missing-tone': 2,
      'no-diacritics': 2,
      typo: 2,
      'middle-dropped': 0.1,
      'middle-added': 0.05,
      'swapped-dob': 0.7,
      'dob-off-by-one': 1.2,
      'year-only': 0.5,
      'mistyped-code': 0.3,
      'parent-id': 0.3,
    },
    transferChildren: 0.0023,
    // The sample has no namesakes at all (0 pairs in 9,023 rows): only the natural ones.
    namesakePairs: 0,
  },
  // With ~0.5 quirks per row these come to 2–5% of rows each.
  heavy: {
    quirkCount: new WeightedList<number>([
      [0, 0.6],
      [1, 0.31],
      [2, 0.09],
    ]),
    weights: {
      'tone-placement': 0,
      nfd: 0.8,
      eth: 0.8,
      'upper-case': 1.0,
      'odd-spaces': 1.0,
      'missing-tone': 1.2,
      'no-diacritics': 0.8,
      typo: 1.2,
      'middle-dropped': 0.8,
      'middle-added': 0.4,
      'swapped-dob': 0.6,
      'dob-off-by-one': 0.6,
      'year-only': 0.6,
      'mistyped-code': 0.6,
      'parent-id': 0.3,
    },
    transferChildren: 0.005,
    namesakePairs: 0.001,
  },
} satisfies Record<string, NoiseProfile>;

export type NoiseLevel = keyof typeof NOISE_PROFILES;

/** Pairs that cannot both happen (or would hide each other). */
const CONFLICTS: [NoiseQuirk, NoiseQuirk][] = [
  ['missing-tone', 'no-diacritics'],
  ['tone-placement', 'no-diacritics'],
  ['eth', 'no-diacritics'],
  ['nfd', 'no-diacritics'],
  ['middle-dropped', 'middle-added'],
  ['swapped-dob', 'dob-off-by-one'],
  ['swapped-dob', 'year-only'],
  ['dob-off-by-one', 'year-only'],
];

/** The order name quirks are applied in: words first, then letters, then how the text is encoded. */
const NAME_ORDER: NoiseQuirk[] = ['middle-dropped', 'middle-added', 'typo', 'missing-tone', 'tone-placement', 'no-diacritics', 'upper-case', 'eth', 'nfd', 'odd-spaces'];

export interface RowFacts {
  child: Child;
  /** The code this row carries before noise (own or sibling's), or null. */
  code: string | null;
  codeIsOwn: boolean;
  hasPersonalId: boolean;
}

export interface NoisyRow {
  rawName: string;
  dob: BirthDate;
  code: string | null;
  personalId: string | null;
  quirks: NoiseQuirk[];
}

/** Applies one name quirk to name parts or text; null when it does not apply to this name. */
function applyNameQuirk(rng: Rng, quirk: NoiseQuirk, parts: NameParts, text: string, child: Child): { parts: NameParts; text: string } | null {
  const onText = (changed: string | null) => (changed === null ? null : { parts, text: changed });
  const onParts = (changed: NameParts | null) => (changed === null ? null : { parts: changed, text: fullName(changed) });
  switch (quirk) {
    case 'middle-dropped':
      return onParts(noise.dropMiddle(rng, parts));
    case 'middle-added':
      return onParts(noise.addMiddle(rng, parts, child.gender));
    case 'typo':
      return onText(noise.typo(rng, text));
    case 'missing-tone':
      return onText(noise.missingTone(rng, text));
    case 'tone-placement':
      return onText(noise.tonePlacement(rng, text));
    case 'no-diacritics':
      return onText(noise.noDiacritics(text));
    case 'upper-case':
      return onText(noise.upperCase(text));
    case 'eth':
      return onText(noise.icelandicEth(text));
    case 'nfd':
      return onText(noise.decomposed(text));
    case 'odd-spaces':
      return onText(noise.oddSpaces(rng, text));
    default:
      return null;
  }
}

/** Applies name quirks in their natural order; quirks that turn out not to apply are dropped. */
export function writeName(rng: Rng, child: Child, quirks: NoiseQuirk[]): { text: string; applied: NoiseQuirk[] } {
  let parts = child.parts;
  let text = fullName(parts);
  const applied: NoiseQuirk[] = [];
  for (const quirk of NAME_ORDER) {
    if (!quirks.includes(quirk)) continue;
    const result = applyNameQuirk(rng, quirk, parts, text, child);
    if (!result) continue;
    ({ parts, text } = result);
    applied.push(quirk);
  }
  return { text, applied };
}

function canSwap(dob: string): boolean {
  return dayOf(dob) <= 12 && dayOf(dob) !== monthOf(dob);
}

/** Whether a quirk can change this row at all (checked on the clean name, before drawing it). */
function applies(rng: Rng, quirk: NoiseQuirk, facts: RowFacts): boolean {
  switch (quirk) {
    // An English-locale Excel swaps only dates whose day could be a month; others come through as text and ingest reads them right.
    case 'swapped-dob':
      return canSwap(facts.child.dob);
    case 'dob-off-by-one':
    case 'year-only':
      return true;
    case 'mistyped-code':
      return facts.code !== null && facts.codeIsOwn;
    case 'parent-id':
      return facts.hasPersonalId;
    default:
      return applyNameQuirk(rng, quirk, facts.child.parts, fullName(facts.child.parts), facts.child) !== null;
  }
}

/** Draws up to two compatible quirks that apply to this row. */
export function drawQuirks(rng: Rng, facts: RowFacts, profile: NoiseProfile): NoiseQuirk[] {
  const wanted = profile.quirkCount.draw(rng);
  const chosen: NoiseQuirk[] = [];
  for (let attempt = 0; chosen.length < wanted && attempt < 12; attempt++) {
    const options = (Object.keys(profile.weights) as NoiseQuirk[]).filter(
      (q) => !chosen.includes(q) && !CONFLICTS.some(([a, b]) => (a === q && chosen.includes(b)) || (b === q && chosen.includes(a))),
    );
    const quirk = new WeightedList(options.map((q) => [q, profile.weights[q]] as const)).draw(rng);
    if (applies(rng, quirk, facts)) chosen.push(quirk);
  }
  return chosen;
}

/**
 * Tone placement in oa / oe / uy is a keyboard setting, not a slip: where a name has
 * such a syllable, the roster and the export disagree about half the time. It is drawn
 * apart from the noise and does not count toward the two quirks.
 */
export function drawStyle(rng: Rng, facts: RowFacts, noiseQuirks: NoiseQuirk[]): NoiseQuirk[] {
  if (noiseQuirks.includes('no-diacritics') || !rng.chance(0.5)) return [];
  return applies(rng, 'tone-placement', facts) ? ['tone-placement'] : [];
}

/** Splits drawn quirks between the roster row and the card side (the card side only once per child). */
export function splitSides(rng: Rng, quirks: NoiseQuirk[], cardSideFree: boolean): { roster: NoiseQuirk[]; card: NoiseQuirk[] } {
  const roster: NoiseQuirk[] = [];
  const card: NoiseQuirk[] = [];
  for (const quirk of quirks) (cardSideFree && rng.chance(CARD_SIDE[quirk]) ? card : roster).push(quirk);
  return { roster, card };
}

export function writeDob(rng: Rng, dob: string, quirks: NoiseQuirk[]): BirthDate {
  if (quirks.includes('year-only')) return { iso: `${yearOf(dob)}-01-01`, precision: 'year' };
  if (quirks.includes('swapped-dob')) return { iso: `${dob.slice(0, 4)}-${dob.slice(8, 10)}-${dob.slice(5, 7)}`, precision: 'day' };
  if (quirks.includes('dob-off-by-one')) return { iso: addDays(dob, rng.chance(0.5) ? 1 : -1), precision: 'day' };
  return { iso: dob, precision: 'day' };
}

/** One digit typed wrong, after the province digits. */
export function mistypeCode(rng: Rng, code: string): string {
  const digits = [...code];
  const at = rng.int(2, digits.length - 1);
  let digit = String(rng.int(0, 9));
  while (digit === digits[at]) digit = String(rng.int(0, 9));
  digits[at] = digit;
  return digits.join('');
}

/** A parent's personal ID in the pupil's column: born 1975–1995, so century digit 0/1. */
export function parentId(rng: Rng, childId: string): string {
  const centurySex = rng.chance(0.5) ? '0' : '1';
  const year = String(rng.int(75, 95));
  return `${childId.slice(0, 3)}${centurySex}${year}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
}
