/**
 * A list emptied and refilled once per name, card holder or pupil. Emptying a JS array
 * (`length = 0`) drops its storage in V8, so each refill would allocate again; this
 * keeps the storage and counts its items instead.
 */
export class ReusedList<T> {
  private readonly items: T[] = [];
  size = 0;

  clear(): void {
    this.size = 0;
  }

  at(i: number): T {
    return this.items[i];
  }

  push(item: T): void {
    this.items[this.size++] = item;
  }

  /** Pushes the item unless the list holds it already. */
  pushOnce(item: T): void {
    for (let i = 0; i < this.size; i++) if (this.items[i] === item) return;
    this.push(item);
  }

  /** The items, in an array of their own. */
  copy(): T[] {
    return this.items.slice(0, this.size);
  }
}
