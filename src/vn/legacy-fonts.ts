/**
 * Text typed in the legacy Vietnamese fonts TCVN3 (".VnTime") and VNI ("VNI-Times")
 * is Vietnamese only on screen, through the font: the file holds bytes that we get back
 * read as Windows-1252 ("NguyÔn V¨n An", "Nguyeãn Vaên An"). This module turns such
 * text into Unicode and recognises it in files that name no font.
 */

export type LegacyEncoding = 'tcvn3' | 'vni';

const TCVN3_FONT = /^\.vn/i;
const VNI_FONT = /^vni[- ]/i;

/** The legacy encoding a font name implies, and whether it is an upper-case font (".VnTimeH", ".VnArialH": TCVN3 upper-case fonts reuse lower-case codes, so the text must be upper-cased after conversion). null for Unicode fonts. */
export function fontEncoding(fontName: string | undefined | null): { encoding: LegacyEncoding; upperCase: boolean } | null {
  const name = fontName?.trim();
  if (!name) return null;
  // The upper-case TCVN3 fonts are the lower-case ones with "H" appended.
  if (TCVN3_FONT.test(name)) return { encoding: 'tcvn3', upperCase: name.endsWith('H') };
  if (VNI_FONT.test(name)) return { encoding: 'vni', upperCase: false };
  return null;
}

/** Tone marks as combining characters, in the order the tables below use. */
const TONES = '\u0300\u0309\u0303\u0301\u0323'; // grave, hook above, tilde, acute, dot below
const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';

/**
 * Bytes 0x80–0x9F as Windows-1252 shows them. Read as Latin-1 they are C1 controls
 * instead; both stand for the same byte, and both fonts show the Windows symbol there.
 */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function c1ControlsToCp1252(): [string, string][] {
  return [...CP1252_80_9F].map((symbol, i) => [String.fromCharCode(0x80 + i), symbol]);
}

/**
 * A character no byte read as Windows-1252 or Latin-1 gives (ă ơ ư đ ạ, combining
 * marks, …): text holding one is Unicode already, not legacy bytes.
 */
const NOT_FROM_A_BYTE = new RegExp(`[^\\x00-\\xff${CP1252_80_9F}]`);

// ---------------------------------------------------------------------------
// TCVN3: one byte per letter.

/**
 * Each vowel untoned and with the five tones in Unicode, its six TCVN3 codes, and the
 * code of its untoned capital. TCVN3 (.VnTime) has no capital toned vowels: the
 * lower-case codes are shown in capitals by the ".VnTimeH" fonts.
 */
const TCVN3_VOWELS: readonly { unicode: string; tcvn3: string; capital: string }[] = [
  { unicode: 'aàảãáạ', tcvn3: 'aµ¶·¸¹', capital: 'A' },
  { unicode: 'ăằẳẵắặ', tcvn3: '¨»¼½¾Æ', capital: '¡' },
  { unicode: 'âầẩẫấậ', tcvn3: '©ÇÈÉÊË', capital: '¢' },
  { unicode: 'eèẻẽéẹ', tcvn3: 'eÌÎÏÐÑ', capital: 'E' },
  { unicode: 'êềểễếệ', tcvn3: 'ªÒÓÔÕÖ', capital: '£' },
  { unicode: 'iìỉĩíị', tcvn3: 'i×ØÜÝÞ', capital: 'I' },
  { unicode: 'oòỏõóọ', tcvn3: 'oßáâãä', capital: 'O' },
  { unicode: 'ôồổỗốộ', tcvn3: '«åæçèé', capital: '¤' },
  { unicode: 'ơờởỡớợ', tcvn3: '¬êëìíî', capital: '¥' },
  { unicode: 'uùủũúụ', tcvn3: 'uïñòóô', capital: 'U' },
  { unicode: 'ưừửữứự', tcvn3: '\u00adõö÷øù', capital: '¦' },
  { unicode: 'yỳỷỹýỵ', tcvn3: 'yúûüýþ', capital: 'Y' },
];

function buildTcvn3Chars(): Map<string, string> {
  const chars = new Map<string, string>(c1ControlsToCp1252());
  for (const { unicode, tcvn3, capital } of TCVN3_VOWELS) {
    for (let i = 0; i < unicode.length; i++) chars.set(tcvn3[i], unicode[i]);
    chars.set(capital, unicode[0].toUpperCase());
  }
  chars.set('§', 'Đ');
  chars.set('®', 'đ');
  for (const [code, letter] of chars) if (code === letter) chars.delete(code);
  return chars;
}

/**
 * Some converters write a capital toned vowel as its untoned capital followed by the
 * toned code ("A¸" for Á, "¢Ê" for Ấ). No Vietnamese word has such a pair otherwise.
 */
function buildTcvn3CapitalPairs(): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const { unicode, tcvn3, capital } of TCVN3_VOWELS) {
    for (let i = 1; i < unicode.length; i++) pairs.set(capital + tcvn3[i], unicode[i].toUpperCase());
  }
  return pairs;
}

const TCVN3_CHARS = buildTcvn3Chars();
const TCVN3_CAPITAL_PAIRS = buildTcvn3CapitalPairs();
const TCVN3_CAPITALS = new Set(TCVN3_VOWELS.map((vowel) => vowel.capital));
const TCVN3_TONED = new Set(TCVN3_VOWELS.flatMap((vowel) => [...vowel.tcvn3.slice(1)]));

function decodeTcvn3(text: string, fixToneCase: boolean): string {
  let out = '';
  const tonedAt: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const next = text[i + 1]; // undefined at the end, and then not >= anything
    if (next >= '\u0080' && TCVN3_CAPITALS.has(ch)) {
      const capitalToned = TCVN3_CAPITAL_PAIRS.get(ch + next);
      if (capitalToned) {
        out += capitalToned;
        i++;
        continue;
      }
    }
    if (ch < '\u0080') {
      out += ch;
      continue;
    }
    if (isLookAlikeD(text, i)) {
      out += '\u0110';
      continue;
    }
    // Every code and every letter it becomes is one UTF-16 unit, so `out.length` indexes it.
    if (TCVN3_TONED.has(ch)) tonedAt.push(out.length);
    out += TCVN3_CHARS.get(ch) ?? ch;
  }
  return fixToneCase && tonedAt.length > 0 ? capitaliseTonedVowels(out, tonedAt) : out;
}

/**
 * Ð (U+00D0) is TCVN3's é, but lists also hold the Unicode look-alike of Đ typed into a
 * .VnTime cell. In a word with another tone it cannot be é (a syllable has one tone):
 * it is Đ, as in "ÐÆng" = "Đặng", "Ðoµn" = "Đoàn".
 */
function isLookAlikeD(text: string, at: number): boolean {
  if (text[at] !== '\u00d0' || (at > 0 && /\p{L}/u.test(text[at - 1]))) return false;
  for (let i = at + 1; i < text.length && text[i] !== ' '; i++) if (TCVN3_TONED.has(text[i])) return true;
  return false;
}

type WordCase = 'upper' | 'notUpper' | 'unknown';

/**
 * "TRƯỜNG" typed in .VnTime reads "TR¦êNG" and converts to "TRƯờNG": the font has no
 * capital ờ. Where the other letters of a word are capitals, its toned vowels become
 * capitals too. A word with fewer than two other letters ("Hä" = "Họ", "Së" = "Sở")
 * cannot tell a capitalised word from an upper-case one, so the whole text decides.
 */
function capitaliseTonedVowels(text: string, tonedAt: number[]): string {
  const toned = new Set(tonedAt);
  let textCase: WordCase | undefined;
  let result = text;
  for (const at of tonedAt) {
    const wordCase = caseOfWordAround(text, at, toned);
    if (wordCase === 'notUpper') continue;
    if (wordCase === 'unknown' && (textCase ??= caseOfLetters(text, toned)) !== 'upper') continue;
    result = result.slice(0, at) + result[at].toUpperCase() + result.slice(at + 1);
  }
  return result;
}

/** The case of the word around text[at], leaving out its toned vowels; scans outwards so that a small neighbour settles it at once. */
function caseOfWordAround(text: string, at: number, toned: Set<number>): WordCase {
  let capitals = 0;
  for (const step of [-1, 1]) {
    for (let i = at + step; i >= 0 && i < text.length; i += step) {
      if (toned.has(i)) continue;
      const letterCase = caseOf(text[i]);
      if (letterCase === 'none') break;
      if (letterCase === 'lower') return 'notUpper';
      capitals++;
    }
  }
  return capitals >= 2 ? 'upper' : 'unknown';
}

/** The case of all the letters of the text but the toned vowels. */
function caseOfLetters(text: string, toned: Set<number>): WordCase {
  let capitals = 0;
  for (let i = 0; i < text.length; i++) {
    if (toned.has(i)) continue;
    const letterCase = caseOf(text[i]);
    if (letterCase === 'lower') return 'notUpper';
    if (letterCase === 'upper') capitals++;
  }
  return capitals >= 2 ? 'upper' : 'unknown';
}

function caseOf(ch: string): 'upper' | 'lower' | 'none' {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? 'upper' : code >= 0x61 && code <= 0x7a ? 'lower' : 'none';
  if (ch !== ch.toUpperCase()) return 'lower';
  return ch !== ch.toLowerCase() ? 'upper' : 'none';
}

// ---------------------------------------------------------------------------
// VNI: a base letter followed by a mark byte (one byte for a hat or breve with a tone).

/** Mark bytes in lower case; the capital's byte is the Latin-1 capital ("aù" á, "AÙ" Á). */
const VNI_TONE_MARKS = 'øûõùï'; // in the order of TONES; on a e o u y ơ ư
const VNI_CIRCUMFLEX = 'â'; // on a e o
const VNI_CIRCUMFLEX_TONE_MARKS = 'àåãáä';
const VNI_BREVE = 'ê'; // on a
const VNI_BREVE_TONE_MARKS = 'èúüéë';

/** Letters a mark byte can follow: the base letter each stands for. */
const VNI_BASES: Record<string, string> = { a: 'a', e: 'e', o: 'o', u: 'u', y: 'y', ô: 'ơ', ö: 'ư' };

/** Letters that are one byte in VNI. ë/Ë alone as ỷ/Ỷ is duydev's convention; after a, A it is the mark of ặ. */
const VNI_SINGLE_LETTERS: [string, string][] = [
  ['ô', 'ơ'],
  ['ö', 'ư'],
  ['ñ', 'đ'],
  ['æ', 'ỉ'],
  ['ó', 'ĩ'],
  ['ò', 'ị'],
  ['î', 'ỵ'],
  ['ë', 'ỷ'],
];

/** Marks with the combining characters they add, per base letter. */
function vniMarksFor(base: string): [string, string][] {
  const marks: [string, string][] = [...VNI_TONE_MARKS].map((mark, i) => [mark, TONES[i]]);
  if ('aeo'.includes(base)) {
    marks.push([VNI_CIRCUMFLEX, CIRCUMFLEX]);
    for (let i = 0; i < TONES.length; i++) marks.push([VNI_CIRCUMFLEX_TONE_MARKS[i], CIRCUMFLEX + TONES[i]]);
  }
  if (base === 'a') {
    marks.push([VNI_BREVE, BREVE]);
    for (let i = 0; i < TONES.length; i++) marks.push([VNI_BREVE_TONE_MARKS[i], BREVE + TONES[i]]);
  }
  return marks;
}

/** Every base + mark pair in any mix of case; the letter takes the case of the base. */
function buildVniMarkedLetters(): Map<string, string> {
  const marked = new Map<string, string>();
  for (const [code, base] of Object.entries(VNI_BASES)) {
    for (const [mark, combining] of vniMarksFor(base)) {
      const letter = (base + combining).normalize('NFC');
      for (const markCase of [mark, mark.toUpperCase()]) {
        marked.set(code + markCase, letter);
        marked.set(code.toUpperCase() + markCase, letter.toUpperCase());
      }
    }
  }
  return marked;
}

function buildVniChars(): Map<string, string> {
  const chars = new Map<string, string>(c1ControlsToCp1252());
  for (const [code, letter] of VNI_SINGLE_LETTERS) {
    chars.set(code, letter);
    chars.set(code.toUpperCase(), letter.toUpperCase());
  }
  return chars;
}

const VNI_MARKED_LETTERS = buildVniMarkedLetters();
const VNI_MARKABLE = new Set(Object.keys(VNI_BASES).flatMap((code) => [code, code.toUpperCase()]));
const VNI_CHARS = buildVniChars();

function decodeVni(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const next = text[i + 1]; // undefined at the end, and then not >= anything
    if (next >= '\u0080' && VNI_MARKABLE.has(ch)) {
      const letter = VNI_MARKED_LETTERS.get(ch + next);
      if (letter) {
        out += letter;
        i++;
        continue;
      }
    }
    out += ch < '\u0080' ? ch : (VNI_CHARS.get(ch) ?? ch);
  }
  return out;
}

// ---------------------------------------------------------------------------

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Converts legacy-font text to Unicode NFC. Characters outside the table pass through
 * unchanged. Text that holds a character no byte gives (Unicode typed into a cell
 * that keeps its legacy font) is already Unicode and only normalised.
 */
export function decodeLegacy(text: string, encoding: LegacyEncoding, upperCase = false): string {
  if (!NON_ASCII.test(text)) return upperCase ? text.toUpperCase() : text;
  if (NOT_FROM_A_BYTE.test(text)) return text.normalize('NFC');
  const decoded = encoding === 'tcvn3' ? decodeTcvn3(text, !upperCase) : decodeVni(text);
  return (upperCase ? decoded.toUpperCase() : decoded).normalize('NFC');
}

// ---------------------------------------------------------------------------
// Detection. Each rule below counts a character that, in its place, only that legacy
// encoding writes: not Unicode Vietnamese, not Windows-1258 bytes read as 1252, and
// seldom any Western language.

/** TCVN3 codes that are symbols in Windows-1252 (¨ ă, ª ê, ¸ á, § Đ, soft hyphen ư, …). */
const TCVN3_SYMBOL_CODES = new Set('¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾×÷');
/** TCVN3 toned codes that are Latin-1 capitals ("NguyÔn", "ThÞ"): odd after a small letter. */
const TCVN3_CAPITAL_CODES = new Set('ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖØÜÝÞß');
/** Windows-1258 tone marks read as 1252 ("HoaÌng"): after a vowel they are not TCVN3. */
const CP1258_TONE_BYTES = new Set('ÌÒÞ');
/** TCVN3 codes that neither Vietnamese nor VNI puts right after a consonant ("häc", "Së"). */
const TCVN3_AFTER_CONSONANT = new Set('ÇËÏÑØÜÞßäåçëïøüþû');
const ASCII_CONSONANT = /[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]/;
const ASCII_LOWER = /[a-z]/;
const VOWEL = /[aeiouyAEIOUYôöÔÖ]/;
const ASCII_LETTER = /[A-Za-z]/;
/** VNI pairs that are also Unicode Vietnamese: "hoà", "hoá", "xoã" in the new style. */
const UNICODE_VIETNAMESE_PAIRS = new Set(['oà', 'oá', 'oã', 'OÀ', 'OÁ', 'OÃ']);

function isTcvn3Sign(prev: string, ch: string, next: string): boolean {
  if (TCVN3_SYMBOL_CODES.has(ch)) return isLegacyLetter(prev) || isLegacyLetter(next);
  if (TCVN3_CAPITAL_CODES.has(ch) && ASCII_LOWER.test(prev)) {
    return !(CP1258_TONE_BYTES.has(ch) && VOWEL.test(prev));
  }
  return TCVN3_AFTER_CONSONANT.has(ch) && ASCII_CONSONANT.test(prev);
}

function isVniSign(prev: string, ch: string, next: string): boolean {
  if (VNI_MARKED_LETTERS.has(prev + ch)) return isSameCase(prev, ch) && !UNICODE_VIETNAMESE_PAIRS.has(prev + ch);
  if (ch === 'ñ' || ch === 'Ñ') return !isLegacyLetter(prev) && VOWEL.test(next); // đ, Đ start a syllable
  return (ch === 'ô' && prev === 'ö') || (ch === 'Ô' && prev === 'Ö'); // ươ
}

function isLegacyLetter(ch: string): boolean {
  return ASCII_LETTER.test(ch) || (ch >= '\u00a1' && ch <= '\u00ff');
}

function isSameCase(a: string, b: string): boolean {
  return (a === a.toUpperCase()) === (b === b.toUpperCase());
}

interface Tally {
  tcvn3: number;
  vni: number;
  /** Characters no byte gives: Unicode text. */
  unicode: number;
  samplesWithLetters: number;
  samplesWithTcvn3: number;
  samplesWithVni: number;
}

function tallySample(sample: string, tally: Tally): void {
  let tcvn3 = 0;
  let vni = 0;
  let letters = false;
  for (let i = 0; i < sample.length; i++) {
    const ch = sample[i];
    if (ch < '\u0080') {
      letters ||= ASCII_LETTER.test(ch);
      continue;
    }
    letters = true;
    const prev = sample[i - 1] ?? '';
    const next = sample[i + 1] ?? '';
    if (NOT_FROM_A_BYTE.test(ch)) tally.unicode++;
    else if (isTcvn3Sign(prev, ch, next)) tcvn3++;
    else if (isVniSign(prev, ch, next)) vni++;
  }
  tally.tcvn3 += tcvn3;
  tally.vni += vni;
  if (letters) tally.samplesWithLetters++;
  if (tcvn3 > 0) tally.samplesWithTcvn3++;
  if (vni > 0) tally.samplesWithVni++;
}

const MIN_SIGNS = 3;
/** The winning encoding needs this many times the signs of the other one. */
const DOMINANCE = 3;
/** Its signs must show in at least this share of the samples that hold letters. */
const MIN_SAMPLE_SHARE = 0.1;

/** Guesses, from character statistics over sample strings (e.g. the first ~200 non-empty cells of a file), whether the text is TCVN3 or VNI mojibake rather than real Unicode Vietnamese or plain ASCII. Must return null for ordinary Unicode Vietnamese text (NFC or NFD), for Windows-1258-decoded text, for English/ASCII, and for numbers/dates. Be conservative: a false positive would corrupt correct names. */
export function detectLegacyEncoding(samples: Iterable<string>): LegacyEncoding | null {
  const tally: Tally = { tcvn3: 0, vni: 0, unicode: 0, samplesWithLetters: 0, samplesWithTcvn3: 0, samplesWithVni: 0 };
  for (const sample of samples) tallySample(sample, tally);
  const [encoding, signs, otherSigns, samplesWithSigns]: [LegacyEncoding, number, number, number] =
    tally.tcvn3 >= tally.vni
      ? ['tcvn3', tally.tcvn3, tally.vni, tally.samplesWithTcvn3]
      : ['vni', tally.vni, tally.tcvn3, tally.samplesWithVni];
  if (signs < MIN_SIGNS) return null;
  if (signs < DOMINANCE * otherSigns) return null;
  // A legacy sheet may have a header retyped in Unicode, but Unicode text has hardly
  // any legacy signs: more Unicode letters than signs means Unicode.
  if (signs <= tally.unicode) return null;
  if (samplesWithSigns < MIN_SAMPLE_SHARE * tally.samplesWithLetters) return null;
  return encoding;
}
