/**
 * Whether a written syllable can be Vietnamese at all: an onset, a vowel group and a
 * final consonant from the language's short lists. "Hnh", "Oans" or "Tpuấn" cannot,
 * so a one-letter difference against "Hạnh", "Oanh" or "Tuấn" is a typing error, not
 * another real name as Vy / Vi can be.
 */
import { foldDiacritics } from './text.js';

const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?';
const VOWELS = '(?:ieu|yeu|oai|oay|oao|oeo|uay|uoi|uou|uya|uye|uyu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|[aeiouy])';
const CODA = '(?:ch|ng|nh|[cmnpt])?';
const SYLLABLE = new RegExp(`^${ONSET}${VOWELS}${CODA}$`);

export function isVietnameseSyllable(syllable: string): boolean {
  return SYLLABLE.test(foldDiacritics(syllable).toLowerCase());
}
