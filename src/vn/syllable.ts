/**
 * Whether a written syllable can be Vietnamese at all: an onset, a vowel group and a
 * final consonant from the language's short lists. "Hnh", "Oans" or "Tpuấn" cannot,
 * so a one-letter difference against "Hạnh", "Oanh" or "Tuấn" is a typing error, not
 * another real name as Vy / Vi can be.
 */
import { foldDiacritics } from './text.js';

const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?';
/** Vowel groups that end the syllable: their last letter is a glide (ai, ao, êu, ươi, ...), so no final consonant follows. */
const OPEN = '(?:ieu|yeu|oai|oay|oao|oeo|uay|uoi|uou|uya|uyu|ai|ao|au|ay|eo|eu|ia|iu|oi|ui|uu|ya)';
/** iê, yê, uô/ươ and uyê are always followed by a final consonant or glide (iên, yêu is OPEN above). */
const BEFORE_FINAL = '(?:uye|ie|ye|uo)';
/** Vowel groups that may end the syllable or take a final consonant. */
const EITHER = '(?:oa|oe|ua|ue|uy|oo|[aeiouy])';
const FINAL = '(?:ch|ng|nh|[cmnpt])';
const SYLLABLE = new RegExp(`^${ONSET}(?:${OPEN}|${BEFORE_FINAL}${FINAL}|${EITHER}${FINAL}?)$`);

export function isVietnameseSyllable(syllable: string): boolean {
  return SYLLABLE.test(foldDiacritics(syllable).toLowerCase());
}
