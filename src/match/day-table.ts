/**
 * People filed under a birth date (a day number) and one name syllable (its skeleton
 * number), packed in typed arrays sorted by day, then by syllable: a look-up finds the
 * day's entries by position and the syllable among them by halving, so filing a
 * province's cards is two counting sorts, with no hashing at all. Each key's people stay
 * in the order they were filed.
 */
import type { PersonVisitor } from './key-table.js';

/** Entries (day, syllable, person) in filing order, before they are sorted. */
export class DayTableBuilder {
  private readonly days: number[] = [];
  private readonly syllables: number[] = [];
  private readonly people: number[] = [];

  /** Files the person under the day and syllable, once: a person's cards are filed one after another. */
  add(day: number, syllable: number, person: number): void {
    for (let i = this.people.length - 1; i >= 0 && this.people[i] === person; i--) {
      if (this.days[i] === day && this.syllables[i] === syllable) return;
    }
    this.days.push(day);
    this.syllables.push(syllable);
    this.people.push(person);
  }

  build(): DayTable {
    return new DayTable(this.days, this.syllables, this.people);
  }
}

/** The positions 0..keys.length-1 sorted by key (offset by `lowest`, below `lowest + range`), stably, from `order`. */
function countingSort(keys: readonly number[], lowest: number, range: number, order: Int32Array): Int32Array {
  const starts = new Int32Array(range + 1);
  for (let i = 0; i < keys.length; i++) starts[keys[i] - lowest + 1]++;
  for (let k = 0; k < range; k++) starts[k + 1] += starts[k];
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) sorted[starts[keys[order[i]] - lowest]++] = order[i];
  return sorted;
}

function lowestOf(values: readonly number[]): number {
  let lowest = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] < lowest) lowest = values[i];
  return lowest;
}

function highestOf(values: readonly number[]): number {
  let highest = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > highest) highest = values[i];
  return highest;
}

export class DayTable {
  private readonly firstDay: number;
  /** Where each day's entries start, from firstDay on, and one past the last day's end. */
  private readonly dayStarts: Int32Array;
  /** Each entry's syllable and person, by day, then by syllable, then in filing order. */
  private readonly syllables: Int32Array;
  private readonly people: Int32Array;

  constructor(days: readonly number[], syllables: readonly number[], people: readonly number[]) {
    const n = days.length;
    this.firstDay = n ? lowestOf(days) : 0;
    const dayCount = n ? highestOf(days) - this.firstDay + 1 : 0;
    const filed = new Int32Array(n);
    for (let i = 0; i < n; i++) filed[i] = i;
    // By syllable, then by day: sorting is stable, so each day's entries stay sorted by syllable.
    const order = countingSort(days, this.firstDay, dayCount, countingSort(syllables, 0, n ? highestOf(syllables) + 1 : 0, filed));
    this.syllables = new Int32Array(n);
    this.people = new Int32Array(n);
    this.dayStarts = new Int32Array(dayCount + 1);
    for (let i = 0; i < n; i++) {
      const entry = order[i];
      this.syllables[i] = syllables[entry];
      this.people[i] = people[entry];
      this.dayStarts[days[entry] - this.firstDay + 1]++;
    }
    for (let d = 0; d < dayCount; d++) this.dayStarts[d + 1] += this.dayStarts[d];
  }

  /** Tells the visitor of each person filed under the day and syllable, in filing order. */
  forEachPerson(day: number, syllable: number, visitor: PersonVisitor): void {
    const d = day - this.firstDay;
    if (d < 0 || d >= this.dayStarts.length - 1) return;
    let low = this.dayStarts[d];
    let high = this.dayStarts[d + 1];
    const end = high;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.syllables[middle] < syllable) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < end && this.syllables[i] === syllable; i++) visitor.visit(this.people[i]);
  }
}
