/** Vietnamese text tidying shared by every stage: what is "the same text" to a person. */

const ETH_UPPER = /\u00d0/g; // Ð, the Icelandic look-alike of Đ
const ETH_LOWER = /\u00f0/g;
const SPACES = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g;

/** NFC, look-alike Đ fixed, whitespace (NBSP too) collapsed and trimmed. Keeps letters and case. */
export function tidyText(text: string): string {
  return text.normalize('NFC').replace(ETH_UPPER, '\u0110').replace(ETH_LOWER, '\u0111').replace(SPACES, ' ').trim();
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
