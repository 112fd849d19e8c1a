/**
 * Groups items by a key that most items share with no other: keying and hashing each of
 * 100,000 pupils costs more than the decisions that read the groups. A key is a short
 * list of whole numbers below 2^31 (a school's number, syllable numbers, a date), written
 * one by one. Each item's key is first only digested; only the items whose digest
 * another item shares have their numbers gathered and compared.
 */

/** Where a key is written, number by number. */
export interface KeyWriter {
  add(n: number): void;
}

/** What keys an item. */
export interface KeyOf<T> {
  /** Writes the item's key into `key`; false when the item has none. */
  write(item: T, key: KeyWriter): boolean;
}

class Digest implements KeyWriter {
  value = 0;

  add(n: number): void {
    const value = Math.imul(this.value + n, 0x9e3779b1);
    this.value = value ^ (value >>> 16);
  }
}

class Numbers implements KeyWriter {
  readonly values: number[] = [];

  add(n: number): void {
    this.values.push(n);
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * How many items have each digest, for a known number of items: open addressing over
 * typed arrays (a slot per digest, or the next free one; at most half full), since a Map
 * of 100,000 numbers costs more than the rest of the grouping.
 */
class DigestCounts {
  private readonly digests: Int32Array;
  private readonly counts: Int32Array;
  private readonly mask: number;

  constructor(items: number) {
    let capacity = 16;
    while (capacity < items * 2) capacity *= 2;
    this.digests = new Int32Array(capacity);
    this.counts = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The digest's slot, or the free slot where it would go. */
  private slotOf(digest: number): number {
    let slot = (digest ^ (digest >>> 15)) & this.mask;
    while (this.counts[slot] !== 0 && this.digests[slot] !== digest) slot = (slot + 1) & this.mask;
    return slot;
  }

  add(digest: number): void {
    const slot = this.slotOf(digest);
    this.digests[slot] = digest;
    this.counts[slot]++;
  }

  count(digest: number): number {
    return this.counts[this.slotOf(digest)];
  }
}

interface Group<T> {
  readonly key: readonly number[];
  readonly items: T[];
}

/**
 * Items keyed one by one as they are made, while each is fresh in memory (a second pass
 * over 100,000 pupils reads each from memory again), then grouped (see groups).
 */
export class SharedKeys<T> {
  private readonly digests: Int32Array;
  private readonly keyed: Uint8Array;
  private readonly counts: DigestCounts;
  private readonly digest = new Digest();

  constructor(
    private readonly keyOf: KeyOf<T>,
    items: number,
  ) {
    this.digests = new Int32Array(items);
    this.keyed = new Uint8Array(items);
    this.counts = new DigestCounts(items);
  }

  /** Digests the key of item i. */
  note(i: number, item: T): void {
    const { digest } = this;
    digest.value = 0;
    if (!this.keyOf.write(item, digest)) return;
    this.keyed[i] = 1;
    this.digests[i] = digest.value;
    this.counts.add(digest.value);
  }

  /**
   * The items that share their key with another, grouped, groups in the order of their
   * first item and each in item order; an item alone with its key is in none.
   */
  groups(items: readonly T[]): T[][] {
    const { digests, keyed, counts } = this;
    // Keys with one digest: nearly always one key, but digests can collide.
    const byDigest = new Map<number, Group<T>[]>();
    const groups: Group<T>[] = [];
    for (let i = 0; i < items.length; i++) {
      if (!keyed[i] || counts.count(digests[i]) < 2) continue;
      const key = new Numbers();
      this.keyOf.write(items[i], key);
      let sharing = byDigest.get(digests[i]);
      if (!sharing) byDigest.set(digests[i], (sharing = []));
      let group = sharing.find((other) => sameNumbers(other.key, key.values));
      if (!group) {
        group = { key: key.values, items: [] };
        sharing.push(group);
        groups.push(group);
      }
      group.items.push(items[i]);
    }
    return groups.filter((group) => group.items.length >= 2).map((group) => group.items);
  }
}
