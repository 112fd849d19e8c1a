/**
 * Keys that make two spellings of one Vietnamese name equal: NFC or NFD, Ð or Đ,
 * case, spacing, and tone-mark placement (hòa / hoà, thủy / thuỷ) do not matter.
 */
import { foldDiacritics, tidyText } from './text.js';

/** Tone marks as combining characters, and the letter each tone is written with in Telex. */
const TONE_LETTER: Record<string, string> = {
  '\u0300': 'f', // huyền
  '\u0301': 's', // sắc
  '\u0309': 'r', // hỏi
  '\u0303': 'x', // ngã
  '\u0323': 'j', // nặng
};
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * One syllable with its tone moved to the end as a Telex letter ("hòa" and "hoà" →
 * "hoaf"), the other marks (â ă ê ô ơ ư đ) kept: where the tone sits is a style,
 * which vowel carries the hat is not.
 */
export function syllableKey(syllable: string): string {
  let key = syllableKeys.get(syllable);
  if (key === undefined) {
    key = readSyllableKey(syllable);
    // Remembered: a province's names are made of a few thousand syllables (garbage text aside, hence the bound).
    if (syllableKeys.size < MAX_REMEMBERED) syllableKeys.set(syllable, key);
  }
  return key;
}

const syllableKeys = new Map<string, string>();
const MAX_REMEMBERED = 200_000;

function readSyllableKey(syllable: string): string {
  const decomposed = syllable.toLowerCase().normalize('NFD');
  let tone = '';
  const bare = decomposed.replace(TONE_MARKS, (mark) => {
    tone = TONE_LETTER[mark];
    return '';
  });
  return bare.normalize('NFC') + tone;
}

const SYLLABLE = /[\p{L}\p{M}]+/gu;

/** Splits a name into syllables: its runs of letters (a stray "*", digit or bracket is not part of a name). */
export function nameSyllables(name: string): string[] {
  return tidyText(name).match(SYLLABLE) ?? [];
}

/** The comparison key of a full name: syllable keys joined by spaces. */
export function nameKey(name: string): string {
  return nameSyllables(name).map(syllableKey).join(' ');
}

/** Letters with a hat, breve or horn, and đ, as plain letters: all a syllable key can hold besides ASCII. */
const PLAIN_LETTER: Record<string, string> = { â: 'a', ă: 'a', ê: 'e', ô: 'o', ơ: 'o', ư: 'u', đ: 'd' };
const TONE_LETTERS = /[fsrxj]$/;
const MARKED_CODES = new Set(Object.keys(PLAIN_LETTER).map((letter) => letter.charCodeAt(0)));
const TONE_CODES = new Set([...'fsrxj'].map((letter) => letter.charCodeAt(0)));

/** Whether a syllable key's character (its UTF-16 code) is â, ă, ê, ô, ơ, ư or đ: a letter with a mark besides the tone. */
export function isMarkedLetter(code: number): boolean {
  return MARKED_CODES.has(code);
}

/** The Telex tone letter a syllable key ends with (see syllableKey), as its code; 0 for none. */
export function toneLetterOf(key: string): number {
  const last = key.charCodeAt(key.length - 1);
  return TONE_CODES.has(last) ? last : 0;
}

/**
 * A syllable key without any marks: "nguyênx" → "nguyen". Cheap (no Unicode
 * normalisation), since it runs for every card. Vietnamese syllables never end in f,
 * s, r, x or j, so a final one of those is the tone letter syllableKey added.
 */
export function skeletonOfKey(key: string): string {
  let plain = '';
  const base = key.replace(TONE_LETTERS, '');
  for (const ch of base) plain += PLAIN_LETTER[ch] ?? ch;
  return plain;
}

/** The name without any diacritics, lower case: a blocking key that survives missing marks. */
export function nameSkeleton(name: string): string {
  return nameSyllables(name).map(foldDiacritics).join(' ');
}

/** A name as people want to read it: tidied, with the original letters and case. */
export function displayName(name: string): string {
  return tidyText(name);
}
