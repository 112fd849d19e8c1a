/**
 * Codes (mã số BHXH) → people, for a province's cards: a code of digits is kept as a
 * number in an open-addressing table, since a Map of strings hashes every code's text
 * and rehashes as it grows; any other code goes to a Map.
 */
import { hashOf } from './key-table.js';

const EMPTY = -1;
const MAX_DIGITS = 14;
const ZERO = 48;

/** The code's digits as a number, with its length (so "0123" and "123" differ); NaN for a code that is not all digits. */
function codeNumber(code: string): number {
  const length = code.length;
  if (length === 0 || length > MAX_DIGITS) return NaN;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const digit = code.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return NaN;
    n = n * 10 + digit;
  }
  return n * 16 + length;
}

export class CodeTable {
  private slotCodes = new Float64Array(1024);
  private slotPeople = new Int32Array(1024).fill(EMPTY);
  private filled = 0;
  private readonly others = new Map<string, number>();

  /** The person the code belongs to, if any. */
  get(code: string): number | undefined {
    const n = codeNumber(code);
    if (Number.isNaN(n)) return this.others.get(code);
    const person = this.slotPeople[this.slotOf(n)];
    return person === EMPTY ? undefined : person;
  }

  /** Gives the code to the person (replacing any other). */
  set(code: string, person: number): void {
    const n = codeNumber(code);
    if (Number.isNaN(n)) {
      this.others.set(code, person);
      return;
    }
    const slot = this.slotOf(n);
    const isNew = this.slotPeople[slot] === EMPTY;
    this.slotCodes[slot] = n;
    this.slotPeople[slot] = person;
    // Kept at most half full, so a search meets an empty slot soon.
    if (isNew && ++this.filled * 2 > this.slotPeople.length) this.grow();
  }

  /** The slot holding the code number, or the empty slot where it would go. */
  private slotOf(n: number): number {
    const mask = this.slotPeople.length - 1;
    let slot = hashOf(n, mask);
    while (this.slotPeople[slot] !== EMPTY && this.slotCodes[slot] !== n) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const codes = this.slotCodes;
    const people = this.slotPeople;
    this.slotCodes = new Float64Array(codes.length * 2);
    this.slotPeople = new Int32Array(people.length * 2).fill(EMPTY);
    for (let i = 0; i < people.length; i++) {
      if (people[i] === EMPTY) continue;
      const slot = this.slotOf(codes[i]);
      this.slotCodes[slot] = codes[i];
      this.slotPeople[slot] = people[i];
    }
  }
}
