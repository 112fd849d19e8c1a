/** Vietnamese text tidying shared by every stage: what is "the same text" to a person. */

const ETH_UPPER = /\u00d0/g; // Ð, the Icelandic look-alike of Đ
const ETH_LOWER = /\u00f0/g;
const SPACES = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g;

/** NFC, look-alike Đ fixed, whitespace (NBSP too) collapsed and trimmed. Keeps letters and case. */
export function tidyText(text: string): string {
  if (alreadyTidy(text)) return text;
  return text.normalize('NFC').replace(ETH_UPPER, '\u0110').replace(ETH_LOWER, '\u0111').replace(SPACES, ' ').trim();
}

const SPACE = 0x20;

/**
 * Whether tidyText would give the text back as it is: printable ASCII and precomposed
 * Latin letters (all of Vietnamese, already NFC), no Ð/ð, single spaces between words.
 * Most cells are, and a province has millions of them.
 */
function alreadyTidy(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = text.charCodeAt(i);
    if (code === SPACE) {
      if (i === 0 || i === last || text.charCodeAt(i + 1) === SPACE) return false;
    } else if (!(code > SPACE && code < 0x7f) && !isPrecomposedLetter(code)) {
      return false;
    }
  }
  return true;
}

/** Latin-1 and Latin Extended-A/B letters up to ư, and the Vietnamese block (Ạ–ỹ), but for Ð, ð, × and ÷. */
function isPrecomposedLetter(code: number): boolean {
  if (code >= 0x1ea0 && code <= 0x1ef9) return true;
  return code >= 0xc0 && code <= 0x1b0 && code !== 0xd0 && code !== 0xf0 && code !== 0xd7 && code !== 0xf7;
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower case without any diacritics (đ → d): for matching labels and for blocking keys. */
export function foldDiacritics(text: string): string {
  return tidyText(text)
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/\u0111/g, 'd');
}

/**
 * Folds a header label or keyword for comparison: no diacritics, camelCase and
 * snake_case split, punctuation as spaces. `maSoBhxh`, `MA_SO_BHXH` and "Mã số BHXH"
 * all become "ma so bhxh".
 */
export function foldLabel(text: string): string {
  const spacedCamel = text.replace(/([a-z])([A-Z])/g, '$1 $2');
  return foldDiacritics(spacedCamel)
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}

/** Upper case in Vietnamese (İ-safe). */
export function isAllUpperCase(text: string): boolean {
  return text === text.toLocaleUpperCase('vi') && text !== text.toLocaleLowerCase('vi');
}
