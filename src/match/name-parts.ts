/**
 * Names taken apart into syllables, for the blocking keys and the comparisons. A
 * district's names are made of a few thousand syllables: each is made once per process
 * and shared by every name it appears in. A name key's syllables are found in a table by
 * their characters, read in place (no string cut out, no name looked up as a whole): a
 * province's names are taken apart this way faster than they are found in a Map of names.
 */
import { skeletonOfKey } from '../vn/name.js';

/**
 * One syllable of a name: its key (tone moved to the end), the same without any marks
 * (its skeleton), and the skeleton's number (the blocking keys are made of these).
 */
export interface Syllable {
  readonly key: string;
  readonly skeleton: string;
  readonly skeletonNumber: number;
}

/** A name taken apart: its syllables, in order. */
export type NameParts = readonly Syllable[];

/** Skeleton numbers fit in 21 bits, as the blocking keys hold them (see card-index.ts). */
export const MAX_SKELETONS = 2 ** 21;

const skeletonNumbers = new Map<string, number>();

function newSyllable(key: string): Syllable {
  const skeleton = skeletonOfKey(key);
  let skeletonNumber = skeletonNumbers.get(skeleton);
  if (skeletonNumber === undefined) {
    // Past what the keys hold (only garbage text gets there), syllables share the last number: their blocks grow, comparisons still decide.
    skeletonNumber = Math.min(skeletonNumbers.size, MAX_SKELETONS - 1);
    skeletonNumbers.set(skeleton, skeletonNumber);
  }
  return { key, skeleton, skeletonNumber };
}

/** Whether text.slice(from, to) is `key`, without cutting it out. */
function sameChars(key: string, text: string, from: number, to: number): boolean {
  if (key.length !== to - from) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}

/**
 * The syllables met so far, by the digest of their characters: an open-addressing table
 * (slot by digest, then the next free slot), kept at most half full.
 */
class SyllableTable {
  private slots = new Array<Syllable | null>(4096).fill(null);
  private digests = new Int32Array(4096);
  private filled = 0;

  /** The syllable text.slice(from, to), made on first meeting. */
  syllableAt(text: string, from: number, to: number): Syllable {
    let digest = 0;
    for (let i = from; i < to; i++) digest = (Math.imul(digest, 31) + text.charCodeAt(i)) | 0;
    const mask = this.slots.length - 1;
    let slot = (digest ^ (digest >>> 15)) & mask;
    for (let syllable = this.slots[slot]; syllable !== null; syllable = this.slots[slot]) {
      if (this.digests[slot] === digest && sameChars(syllable.key, text, from, to)) return syllable;
      slot = (slot + 1) & mask;
    }
    const syllable = newSyllable(text.slice(from, to));
    this.slots[slot] = syllable;
    this.digests[slot] = digest;
    if (++this.filled * 2 > this.slots.length) this.grow();
    return syllable;
  }

  private grow(): void {
    const { slots, digests } = this;
    this.slots = new Array<Syllable | null>(slots.length * 2).fill(null);
    this.digests = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === null) continue;
      let slot = (digests[i] ^ (digests[i] >>> 15)) & mask;
      while (this.slots[slot] !== null) slot = (slot + 1) & mask;
      this.slots[slot] = slots[i];
      this.digests[slot] = digests[i];
    }
  }
}

const syllables = new SyllableTable();
const SPACE = 32;
const NO_NAME: NameParts = [];

/** Gathers a name's syllables; copied out, so each name's array is packed and as long as the name. */
const gathered: Syllable[] = [];

/** A name key's syllables (the key split at each space). */
export function namePartsOf(nameKey: string): NameParts {
  if (!nameKey) return NO_NAME;
  gathered.length = 0;
  let from = 0;
  for (let i = 0; i < nameKey.length; i++) {
    if (nameKey.charCodeAt(i) !== SPACE) continue;
    gathered.push(syllables.syllableAt(nameKey, from, i));
    from = i + 1;
  }
  gathered.push(syllables.syllableAt(nameKey, from, nameKey.length));
  return gathered.slice();
}
