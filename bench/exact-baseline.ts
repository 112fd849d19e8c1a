/**
 * What a careful clerk's VLOOKUP does, done properly: look the pupil up by mã số BHXH,
 * else by exact name key and birth date, and read the found person's cards on the
 * as-of date. No fuzziness, no review: the time reference for the matcher.
 */
import { coverageOf } from '../src/cover/validity.js';
import type { Card, Pupil } from '../src/ingest/records.js';
import type { Status } from '../src/match/decision.js';

export interface BaselineDecision {
  pupil: number;
  status: Status;
  method: 'bhxh' | 'name-dob' | 'none';
  card: number | null;
  flags: string[];
}

function pushTo<K>(map: Map<K, Card[]>, key: K, card: Card): void {
  const list = map.get(key);
  if (list) list.push(card);
  else map.set(key, [card]);
}

function nameDobKey(nameKey: string, dobIso: string): string {
  return `${nameKey}|${dobIso}`;
}

export function exactMatch(pupils: Pupil[], cards: Card[], asOf: string): BaselineDecision[] {
  const byCode = new Map<string, Card[]>();
  const byNameDob = new Map<string, Card[]>();
  for (const card of cards) {
    if (card.bhxh) pushTo(byCode, card.bhxh, card);
    if (card.dob) pushTo(byNameDob, nameDobKey(card.nameKey, card.dob.iso), card);
  }
  return pupils.map((pupil) => {
    let method: BaselineDecision['method'] = 'bhxh';
    let found = pupil.bhxh ? byCode.get(pupil.bhxh) : undefined;
    if (!found && pupil.dob) {
      method = 'name-dob';
      const hit = byNameDob.get(nameDobKey(pupil.nameKey, pupil.dob.iso));
      // The first hit's person, all their cards: a VLOOKUP takes the first row.
      found = hit && (hit[0].bhxh ? byCode.get(hit[0].bhxh) : hit);
    }
    if (!found) return { pupil: pupil.index, status: 'uninsured', method: 'none', card: null, flags: [] };
    const coverage = coverageOf(found, asOf);
    return { pupil: pupil.index, status: coverage.insured ? 'insured' : 'uninsured', method, card: coverage.card.index, flags: [] };
  });
}
