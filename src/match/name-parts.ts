/**
 * Names taken apart into syllables, for the blocking keys and the comparisons. A
 * district's names are made of a few thousand syllables: each is made once per process
 * and shared by every name it appears in. A name key's syllables are found in a table by
 * their characters, read in place (no string cut out), and a matching's names in a table
 * by their syllables (see NameBook): faster than a Map of the names' texts.
 */
import { skeletonOfKey } from '../vn/name.js';
import { ReusedList } from './reused-list.js';

/**
 * One syllable of a name: its key (tone moved to the end), the same without any marks
 * (its skeleton), and the skeleton's number (the blocking keys are made of these).
 */
export interface Syllable {
  /** Its number among the syllables met in this process. */
  readonly id: number;
  readonly key: string;
  readonly skeleton: string;
  readonly skeletonNumber: number;
}

/** A name taken apart: its syllables, in order. */
export type NameParts = readonly Syllable[];

/** Skeleton numbers fit in 21 bits, as the blocking keys hold them (see card-index.ts). */
export const MAX_SKELETONS = 2 ** 21;

const skeletonNumbers = new Map<string, number>();

function newSyllable(id: number, key: string): Syllable {
  const skeleton = skeletonOfKey(key);
  let skeletonNumber = skeletonNumbers.get(skeleton);
  if (skeletonNumber === undefined) {
    // Past what the keys hold (only garbage text gets there), syllables share the last number: their blocks grow, comparisons still decide.
    skeletonNumber = Math.min(skeletonNumbers.size, MAX_SKELETONS - 1);
    skeletonNumbers.set(skeleton, skeletonNumber);
  }
  return { id, key, skeleton, skeletonNumber };
}

/** Whether text.slice(from, to) is `key`, without cutting it out. */
function sameChars(key: string, text: string, from: number, to: number): boolean {
  if (key.length !== to - from) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}

/**
 * Items by a digest (a whole number), in open addressing: an item goes to the slot its
 * digest points to, or the next free one; kept at most half full. Items with one digest
 * are told apart by the caller, who walks the slots from first() with next() while
 * filled(), reads itemAt() only where digestAt() is its digest, and puts a new item in the
 * free slot it ends on. A slot holds its digest and its item's number side by side, so a
 * walk reads one place in memory per slot, and an item only when the digests agree.
 */
class DigestTable<T> {
  /** Per slot: the item's number + 1 (0 for a free slot), then its digest. */
  private slots = new Int32Array(2 * 4096);
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  private get mask(): number {
    return (this.slots.length >> 1) - 1;
  }

  /** Digests mixed first: names that differ only in their last syllable have digests close together. */
  first(digest: number): number {
    let h = Math.imul(digest ^ (digest >>> 15), 0x85ebca6b);
    h ^= h >>> 13;
    return (h ^ (h >>> 16)) & this.mask;
  }

  next(slot: number): number {
    return (slot + 1) & this.mask;
  }

  filled(slot: number): boolean {
    return this.slots[2 * slot] !== 0;
  }

  digestAt(slot: number): number {
    return this.slots[2 * slot + 1];
  }

  itemAt(slot: number): T {
    return this.items[this.slots[2 * slot] - 1];
  }

  /** Puts the item in the free slot where a walk from first(digest) ended. */
  put(slot: number, digest: number, item: T): void {
    this.items.push(item);
    this.slots[2 * slot] = this.items.length;
    this.slots[2 * slot + 1] = digest;
    if (this.items.length * 2 > this.slots.length >> 1) this.grow();
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === 0) continue;
      let slot = this.first(old[i + 1]);
      while (this.filled(slot)) slot = this.next(slot);
      this.slots[2 * slot] = old[i];
      this.slots[2 * slot + 1] = old[i + 1];
    }
  }
}

/** The syllables met so far, by the digest of their characters. */
class SyllableTable {
  private readonly table = new DigestTable<Syllable>();

  /** The syllable text.slice(from, to), whose characters' digest (see gather) is `digest`, made on first meeting. */
  syllableAt(text: string, from: number, to: number, digest: number): Syllable {
    const { table } = this;
    let slot = table.first(digest);
    for (; table.filled(slot); slot = table.next(slot)) {
      if (table.digestAt(slot) !== digest) continue;
      const syllable = table.itemAt(slot);
      if (sameChars(syllable.key, text, from, to)) return syllable;
    }
    const syllable = newSyllable(table.size, text.slice(from, to));
    table.put(slot, digest, syllable);
    return syllable;
  }
}

const syllables = new SyllableTable();
const SPACE = 32;
const NO_NAME: NameParts = [];

/** A name's syllables, gathered in place before they are looked up or copied out. */
const gathered = new ReusedList<Syllable>();

/** Gathers the name key's syllables (the key split at each space) into `gathered`; returns their digest. */
function gather(nameKey: string): number {
  gathered.clear();
  let from = 0;
  let characters = 0;
  let digest = 0;
  for (let i = 0; i <= nameKey.length; i++) {
    const code = i < nameKey.length ? nameKey.charCodeAt(i) : SPACE;
    if (code !== SPACE) {
      characters = (Math.imul(characters, 31) + code) | 0;
      continue;
    }
    const syllable = syllables.syllableAt(nameKey, from, i, characters);
    gathered.push(syllable);
    digest = (Math.imul(digest, 0x9e3779b1) + syllable.id) | 0;
    from = i + 1;
    characters = 0;
  }
  return digest;
}

/** A name key's syllables (the key split at each space), in an array of its own. */
export function namePartsOf(nameKey: string): NameParts {
  if (!nameKey) return NO_NAME;
  gather(nameKey);
  return gathered.copy();
}

function sameSyllables(parts: NameParts, others: ReusedList<Syllable>): boolean {
  if (parts.length !== others.size) return false;
  for (let i = 0; i < parts.length; i++) if (parts[i] !== others.at(i)) return false;
  return true;
}

/**
 * Names taken apart for one matching, each name once: a person's cards mostly carry one
 * name and a pupil its card's, so most comparisons read one array for both (see
 * compareNameParts), and far fewer arrays are kept. A name is found by its syllables,
 * once taken apart.
 */
export class NameBook {
  private readonly table = new DigestTable<NameParts>();

  partsOf(nameKey: string): NameParts {
    if (!nameKey) return NO_NAME;
    const { table } = this;
    const digest = gather(nameKey);
    let slot = table.first(digest);
    for (; table.filled(slot); slot = table.next(slot)) {
      if (table.digestAt(slot) !== digest) continue;
      const parts = table.itemAt(slot);
      if (sameSyllables(parts, gathered)) return parts;
    }
    const parts = gathered.copy();
    table.put(slot, digest, parts);
    return parts;
  }
}
