/**
 * Lists of people filed under whole-number keys (below 2^53), packed in typed arrays:
 * a district files some 200,000 keys, most holding one or two people, and a Map of
 * small arrays spends more time allocating and collecting them than looking them up.
 * An open-addressing hash table over the keys points into one array of people, each
 * key's people side by side in the order they were filed.
 */

/** Pairs of key and person, in filing order, before they are packed. */
export class KeyTableBuilder {
  private keys: number[] = [];
  private people: number[] = [];

  add(key: number, person: number): void {
    this.keys.push(key);
    this.people.push(person);
  }

  build(): KeyTable {
    return new KeyTable(this.keys, this.people);
  }
}

const EMPTY = -1;

/** Who is told of each person a look-up finds (the assessor, for one): an object with a method, not a closure made per look-up. */
export interface PersonVisitor {
  visit(person: number): void;
}

/** Mixes a key's high and low 32 bits into a slot position. */
export function hashOf(key: number, mask: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

export class KeyTable {
  /** Each slot's key; meaningless where the slot is empty. */
  private readonly slotKeys: Float64Array;
  /** Where each slot's people start in `people`, and one past where they end; EMPTY for an empty slot. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly people: Int32Array;
  private readonly mask: number;

  constructor(keys: number[], people: number[]) {
    let capacity = 16;
    while (capacity < keys.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slotKeys = new Float64Array(capacity);
    this.starts = new Int32Array(capacity).fill(EMPTY);
    this.ends = new Int32Array(capacity);
    this.people = new Int32Array(people.length);
    // Count each key's people (in `ends` for now), then lay them out side by side, in filing order.
    const slotOfEntry = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const slot = this.slotFor(keys[i]);
      slotOfEntry[i] = slot;
      this.ends[slot]++;
    }
    let next = 0;
    for (let slot = 0; slot < capacity; slot++) {
      if (this.starts[slot] === EMPTY) continue;
      this.starts[slot] = next;
      next += this.ends[slot];
      this.ends[slot] = this.starts[slot];
    }
    for (let i = 0; i < keys.length; i++) this.people[this.ends[slotOfEntry[i]]++] = people[i];
  }

  /** The slot holding the key, claimed (start 0, no people) if it is new. */
  private slotFor(key: number): number {
    let slot = hashOf(key, this.mask);
    while (this.starts[slot] !== EMPTY) {
      if (this.slotKeys[slot] === key) return slot;
      slot = (slot + 1) & this.mask;
    }
    this.slotKeys[slot] = key;
    this.starts[slot] = 0;
    return slot;
  }

  /** Tells the visitor of each person filed under the key, in filing order. */
  forEachPerson(key: number, visitor: PersonVisitor): void {
    let slot = hashOf(key, this.mask);
    while (this.starts[slot] !== EMPTY) {
      if (this.slotKeys[slot] === key) {
        for (let i = this.starts[slot]; i < this.ends[slot]; i++) visitor.visit(this.people[i]);
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}
