/**
 * Groups items by a text key that most items share with no other: building and hashing
 * a text key for each of 100,000 pupils costs more than the decisions that read the
 * groups. A key is written piece by piece. Each item's pieces are first only digested
 * (a rolling hash, so equal keys have equal digests however they are cut into pieces),
 * and only the items whose digest another item shares have their key built.
 */

/** Where a key is written, piece by piece. */
export interface KeyWriter {
  add(piece: string): void;
}

/** Writes the item's key into `key`; false when the item has none. */
export type KeyOf<T> = (item: T, key: KeyWriter) => boolean;

class Digest implements KeyWriter {
  value = 0;

  add(piece: string): void {
    let value = this.value;
    for (let i = 0; i < piece.length; i++) value = (Math.imul(value, 31) + piece.charCodeAt(i)) | 0;
    this.value = value;
  }
}

class Text implements KeyWriter {
  value = '';

  add(piece: string): void {
    this.value += piece;
  }
}

/** The item's key as text, or null. */
export function keyText<T>(item: T, keyOf: KeyOf<T>): string | null {
  const text = new Text();
  return keyOf(item, text) ? text.value : null;
}

/** The items that share their key with another, grouped by key, each group in item order; an item alone with its key is in none. */
export function groupShared<T>(items: readonly T[], keyOf: KeyOf<T>): Map<string, T[]> {
  const digests = new Int32Array(items.length);
  const keyed = new Uint8Array(items.length);
  const counts = new Map<number, number>();
  const digest = new Digest();
  for (let i = 0; i < items.length; i++) {
    digest.value = 0;
    if (!keyOf(items[i], digest)) continue;
    keyed[i] = 1;
    digests[i] = digest.value;
    counts.set(digest.value, (counts.get(digest.value) ?? 0) + 1);
  }
  const groups = new Map<string, T[]>();
  for (let i = 0; i < items.length; i++) {
    if (!keyed[i] || counts.get(digests[i])! < 2) continue;
    const key = keyText(items[i], keyOf)!;
    const group = groups.get(key);
    if (group) group.push(items[i]);
    else groups.set(key, [items[i]]);
  }
  // Keys alone in their group had a digest in common with another key.
  for (const [key, group] of groups) if (group.length < 2) groups.delete(key);
  return groups;
}
