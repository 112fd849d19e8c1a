/**
 * Which encoding a text file is in: UTF-8 (BOM or not), UTF-16 (Excel's "Unicode
 * Text"), Windows-1258 (Vietnamese Windows Excel's CSV) or bytes of a legacy font
 * (TCVN3, VNI) that only look right in that font.
 */
import iconv from 'iconv-lite';
import { decodeLegacy, detectLegacyEncoding, type LegacyEncoding } from '../vn/legacy-fonts.js';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows1258' | 'windows1252';

export interface EncodingGuess {
  /** How to turn the bytes into characters. */
  encoding: TextEncoding;
  /** Bytes to skip (a byte-order mark). */
  bomLength: number;
  /** After decoding, text in a legacy font to convert cell by cell. */
  legacy: LegacyEncoding | null;
}

/** Guesses from the first bytes of a file (a few hundred kilobytes are plenty). */
export function guessEncoding(head: Buffer): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return withLegacyCheck(head, 'utf8', 3);
  if (head[0] === 0xff && head[1] === 0xfe) return withLegacyCheck(head, 'utf16le', 2);
  if (head[0] === 0xfe && head[1] === 0xff) return withLegacyCheck(head, 'utf16be', 2);
  const utf16 = utf16WithoutBom(head);
  if (utf16) return withLegacyCheck(head, utf16, 0);
  if (isValidUtf8(head)) return withLegacyCheck(head, 'utf8', 0);
  // Not UTF-8: either Windows-1258, or legacy-font bytes that need the 1252 view first.
  const asLatin = iconv.decode(head, 'windows1252');
  const legacy = detectLegacyEncoding(sampleLines(asLatin));
  if (legacy && vietnameseScore(decodeLegacy(asLatin, legacy)) > vietnameseScore(iconv.decode(head, 'windows1258'))) {
    return { encoding: 'windows1252', bomLength: 0, legacy };
  }
  return { encoding: 'windows1258', bomLength: 0, legacy: null };
}

function withLegacyCheck(head: Buffer, encoding: TextEncoding, bomLength: number): EncodingGuess {
  const text = iconv.decode(head.subarray(bomLength), encoding);
  return { encoding, bomLength, legacy: detectLegacyEncoding(sampleLines(text)) };
}

function sampleLines(text: string): string[] {
  return text.split(/\r?\n/, 400);
}

/** Text without a BOM but with a NUL in every other byte is UTF-16. */
function utf16WithoutBom(head: Buffer): TextEncoding | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf16le';
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf16be';
  return null;
}

/** Valid UTF-8, allowing the sample to end in the middle of a character. */
function isValidUtf8(head: Buffer): boolean {
  let end = head.length;
  // Step back over a character cut off at the end of the sample.
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back];
    if ((byte & 0xc0) === 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < needed) end -= back;
      break;
    }
    if ((byte & 0xc0) !== 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

const VIETNAMESE_LETTERS = /[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]/gu;
const ODD_CHARACTERS = /[^\p{L}\p{N}\s.,;:'"()\/\-_%&+*#@!?\u0300-\u036f]|[\u0300-\u036f]{2,}/gu;

/** How much a text looks like Vietnamese: Vietnamese letters minus characters that do not belong. */
export function vietnameseScore(text: string): number {
  const nfc = text.normalize('NFC');
  return (nfc.match(VIETNAMESE_LETTERS)?.length ?? 0) - 3 * (nfc.match(ODD_CHARACTERS)?.length ?? 0);
}

export function decodeBuffer(data: Buffer, guess: EncodingGuess): string {
  return iconv.decode(data.subarray(guess.bomLength), guess.encoding);
}

/**
 * The iconv-lite name of a declared charset, or null when there is none or it is unknown.
 * As browsers do, ISO-8859-1 and ASCII mean Windows-1252, and a page declaring UTF-16 in
 * its (single-byte) markup is UTF-8.
 */
export function charsetName(declared: string | null): string | null {
  if (!declared) return null;
  const name = declared.trim().toLowerCase();
  if (/^(utf-?8|unicode-1-1-utf-8|utf-?16(le|be)?|unicode)$/.test(name)) return 'utf8';
  if (/^(windows-?1258|cp-?1258|x-cp1258)$/.test(name)) return 'windows1258';
  if (/^(windows-?1252|cp-?1252|x-cp1252|iso-?8859-1|iso_8859-1|latin-?1|l1|us-ascii|ascii)$/.test(name)) return 'windows1252';
  return iconv.encodingExists(name) ? name : null;
}

const MARKUP_SNIFF_BYTES = 256 * 1024;

/**
 * The text of a markup file (an HTML page, an XML workbook): a byte-order mark or UTF-16
 * decides, then the charset the file declares (`charsetOf` reads it from the file's first
 * bytes as Latin-1), then the same guess as for CSV files. Composed to NFC: Windows-1258
 * writes tone marks as separate characters.
 */
export function decodeMarkup(data: Buffer, charsetOf: (head: string) => string | null): string {
  const guess = guessEncoding(data.subarray(0, MARKUP_SNIFF_BYTES));
  const unicodeByShape = guess.bomLength > 0 || guess.encoding === 'utf16le' || guess.encoding === 'utf16be';
  const declared = unicodeByShape ? null : charsetName(charsetOf(data.subarray(0, 65536).toString('latin1')));
  const text = declared && declared !== 'utf8' ? iconv.decode(data, declared) : decodeBuffer(data, guess);
  return text.replace(/^\ufeff/, '').normalize('NFC');
}
