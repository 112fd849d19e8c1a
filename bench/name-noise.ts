/**
 * The ways one Vietnamese name gets written differently between a roster and a card
 * export (DOMAIN.md, "Vietnamese names"). Each function returns the changed name, or
 * null when the quirk cannot apply to this name (no oa/oe/uy syllable, no Đ, ...), so
 * a pupil is only tagged with a quirk that really changed its text.
 */
import type { Gender } from '../src/ingest/records.js';
import { ADDED_MIDDLE } from './names.js';
import type { Rng } from './prng.js';

/** A name in parts; the full name is family + middle + given. */
export interface NameParts {
  family: string;
  middle: string[];
  given: string;
}

export function fullName(parts: NameParts): string {
  return [parts.family, ...parts.middle, parts.given].join(' ');
}

const TONE = '[\u0300\u0301\u0303\u0309\u0323]';
const TONES = new RegExp(TONE, 'g');

/**
 * Open syllables oa, oe, uy carry the tone on either vowel ("hòa" / "hoà",
 * "thủy" / "thuỷ"). Not after q: in "quý" the u belongs to the consonant.
 */
const OPEN_SYLLABLE = new RegExp(`^([bcdđghklmnprstvx]*)(o|u)(${TONE}?)(a|e|y)(${TONE}?)$`, 'i');

/** The other tone placement of one syllable, or null. */
export function otherTonePlacement(syllable: string): string | null {
  const m = OPEN_SYLLABLE.exec(syllable.normalize('NFD'));
  if (!m) return null;
  const [, initial, first, toneOnFirst, second, toneOnSecond] = m;
  if (Boolean(toneOnFirst) === Boolean(toneOnSecond)) return null; // no tone: nothing to move
  if (first.toLowerCase() === 'u' && second.toLowerCase() !== 'y') return null;
  if (first.toLowerCase() === 'o' && second.toLowerCase() === 'y') return null;
  const moved = toneOnFirst ? `${initial}${first}${second}${toneOnFirst}` : `${initial}${first}${toneOnSecond}${second}`;
  return moved.normalize('NFC');
}

/** Rewrites one syllable of a name chosen at random among those `change` accepts. */
function changeOneSyllable(rng: Rng, name: string, change: (syllable: string) => string | null): string | null {
  const syllables = name.split(' ');
  const options = syllables.map((s, i) => [i, change(s)] as const).filter(([, changed]) => changed !== null);
  if (options.length === 0) return null;
  const [i, changed] = rng.pick(options);
  syllables[i] = changed!;
  return syllables.join(' ');
}

export function tonePlacement(rng: Rng, name: string): string | null {
  return changeOneSyllable(rng, name, otherTonePlacement);
}

/** One syllable typed without its tone mark ("Nguyên" for "Nguyễn"); the hats stay. */
export function missingTone(rng: Rng, name: string): string | null {
  return changeOneSyllable(rng, name, (s) => {
    const bare = s.normalize('NFD').replace(TONES, '').normalize('NFC');
    return bare === s ? null : bare;
  });
}

/** Typed without any diacritics at all ("Nguyen Van An"): no Unikey on that computer. */
export function noDiacritics(name: string): string | null {
  const plain = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  return plain === name ? null : plain;
}

const LETTERS = 'abcdeghiklmnopqrstuvxy';

function plain(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
}

function randomLetter(rng: Rng, avoid: string, upper: boolean): string {
  let letter = rng.pick([...LETTERS]);
  while (letter === plain(avoid)) letter = rng.pick([...LETTERS]);
  return upper ? letter.toUpperCase() : letter;
}

type TypoKind = 'substitution' | 'deletion' | 'insertion' | 'transposition';

/**
 * One key wrong in one syllable, never on its first letter (people rarely miss the
 * capital they start a word with). The letters without marks must really change.
 */
function typoInSyllable(rng: Rng, syllable: string, kind: TypoKind): string | null {
  const letters = [...syllable.normalize('NFC')];
  if (letters.length < 2 && kind !== 'insertion') return null;
  const at = rng.int(1, Math.max(1, letters.length - 1));
  switch (kind) {
    case 'substitution':
      letters[at] = randomLetter(rng, letters[at], false);
      break;
    case 'deletion':
      letters.splice(at, 1);
      break;
    case 'insertion':
      letters.splice(at, 0, randomLetter(rng, '', false));
      break;
    case 'transposition':
      if (at + 1 >= letters.length) return null;
      [letters[at], letters[at + 1]] = [letters[at + 1], letters[at]];
      break;
  }
  const result = letters.join('');
  return plain(result) === plain(syllable) ? null : result;
}

export function typo(rng: Rng, name: string): string | null {
  const kinds: TypoKind[] = ['substitution', 'deletion', 'insertion', 'transposition'];
  for (let attempt = 0; attempt < 8; attempt++) {
    const changed = changeOneSyllable(rng, name, (s) => (rng.chance(0.5) ? typoInSyllable(rng, s, rng.pick(kinds)) : null));
    if (changed) return changed;
  }
  return null;
}

/** "Nguyễn Thị Ngọc Anh" → "Nguyễn Ngọc Anh": one middle word left out. */
export function dropMiddle(rng: Rng, parts: NameParts): NameParts | null {
  if (parts.middle.length === 0) return null;
  const middle = [...parts.middle];
  middle.splice(rng.int(0, middle.length - 1), 1);
  return { ...parts, middle };
}

/** "Nguyễn Ngọc Anh" → "Nguyễn Thị Ngọc Anh": a middle word added by the other system. */
export function addMiddle(rng: Rng, parts: NameParts, gender: Gender): NameParts | null {
  const options = ADDED_MIDDLE[gender].filter((w) => !parts.middle.includes(w) && w !== parts.given);
  if (options.length === 0 || parts.middle.length >= 3) return null;
  const word = rng.pick(options);
  // Thị / Văn lead the middle name; other words follow it.
  const middle = word === 'Thị' || word === 'Văn' ? [word, ...parts.middle] : [...parts.middle, word];
  return { ...parts, middle };
}

export function upperCase(name: string): string {
  return name.toLocaleUpperCase('vi');
}

/** Decomposed text (Windows-1258 CSV, some software): tone marks as combining characters. */
export function decomposed(name: string): string | null {
  const nfd = name.normalize('NFD');
  return nfd === name ? null : nfd;
}

/** The look-alike Icelandic Ð (U+00D0) typed for Đ (U+0110). */
export function icelandicEth(name: string): string | null {
  return name.includes('Đ') ? name.replace(/Đ/g, '\u00d0') : null;
}

/** A doubled space, a non-breaking space or a trailing space between or after the words. */
export function oddSpaces(rng: Rng, name: string): string {
  const spaces = [...name.matchAll(/ /g)].map((m) => m.index!);
  const form = rng.int(0, 2);
  if (form === 2 || spaces.length === 0) return `${name} `;
  const at = rng.pick(spaces);
  return name.slice(0, at) + (form === 0 ? '  ' : '\u00a0') + name.slice(at + 1);
}
