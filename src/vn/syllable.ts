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

const STOP_FINAL = /(?:ch|[cpt])$/;
/** Huyền, hỏi, ngã (NFD). */
const LEVEL_OR_CURVED_TONE = /[\u0300\u0309\u0303]/;
const SHARP_TONE = /[\u0301\u0323]/;
/** Circumflex, breve, horn, or đ: the writer typed marks. */
const LETTER_MARK = /[\u0302\u0306\u031b\u0111]/;

/**
 * Whether a written syllable can be Vietnamese at all. A syllable ending in p, t, c or
 * ch takes only the sắc or nặng tone ("Phát", "Đạt"): "Sơt" or "Hàt" cannot be, nor
 * can one written with other marks but no tone; without any mark it may be "Phát"
 * typed plainly.
 */
export function isVietnameseSyllable(syllable: string): boolean {
  const folded = foldDiacritics(syllable).toLowerCase();
  if (!SYLLABLE.test(folded)) return false;
  if (!STOP_FINAL.test(folded)) return true;
  const marks = syllable.toLowerCase().normalize('NFD');
  if (LEVEL_OR_CURVED_TONE.test(marks)) return false;
  return SHARP_TONE.test(marks) || !LETTER_MARK.test(marks);
}
