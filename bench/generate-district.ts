/**
 * A synthetic district with ground truth, for the accuracy and speed benchmarks:
 * roster pupils and BHXH cards exactly as `src/ingest` would hand them to the matcher,
 * with the quirks of DOMAIN.md applied at rates taken from the domain and the shared
 * sample district, not from the matcher (see RATES below, NOISE_PROFILES in
 * record-noise.ts, and population-quirks.ts, card-plans.ts).
 *
 * Truth: a pupil is insured iff one of its own cards (its own mã số BHXH) is valid on
 * the as-of date; a twin, namesake or sibling's card never makes it insured.
 */
import type { BirthDate, Card, Pupil } from '../src/ingest/records.js';
import { displayName, nameKey } from '../src/vn/name.js';
import { cardsFor, drawPlan } from './card-plans.js';
import type { CardSpec, Child, School, Slot } from './district-model.js';
import { loadNamePools, DEFAULT_NAMES_DIR } from './names.js';
import { fullName } from './name-noise.js';
import { addPopulationQuirks } from './population-quirks.js';
import { childMaker, fillSchools, IdMaker, planSchools, type ChildMaker } from './population.js';
import { mulberry32, shuffle, type Rng } from './prng.js';
import { drawQuirks, drawStyle, mistypeCode, NOISE_PROFILES, parentId, splitSides, writeDob, writeName, type NoiseLevel, type NoiseProfile, type NoiseQuirk } from './record-noise.js';

export const DEFAULT_AS_OF = '2026-11-15';

/** Shares of roster rows and cards that are facts of the files, not quirks. */
const RATES = {
  /** Roster rows that carry a mã số BHXH (about half do not). */
  rowHasCode: 0.5,
  rowHasPersonalId: 0.3,
  rowHasGender: 0.97,
  rowHasCommune: 0.3,
  /** Card holders whose cards also carry a personal ID. */
  cardHasPersonalId: 0.05,
  /** Cards printed in the 10-digit format since 4/2021 (no group code). */
  newFormatCard: 0.4,
  /** Among people on cards but on no roster: kindergarten children (TE) vs pupils of schools without a roster. */
  kindergartenFiller: 0.5,
};

/** Benefit digits by group (they change over time; any valid card counts whatever they are). */
const BENEFIT: Record<string, string> = { HS: '4', TE: '1', HN: '1', CN: '2', DT: '1', GD: '4', QN: '2', CA: '2' };

export interface DistrictOptions {
  seed: number;
  /** Roster rows. */
  pupils: number;
  /** Card rows to reach; people on no roster fill the export up to it. Default 1.5 × pupils. */
  cards: number;
  /** ISO date cards must be valid on. */
  asOf: string;
  /** Folder of name frequency lists; null or missing folder: the embedded lists. */
  namesDir: string | null;
  /** How noisy the rows are (see NOISE_PROFILES). */
  noise: NoiseLevel;
}

export interface PupilTruth {
  insured: boolean;
  quirks: string[];
  /** Index of the other roster row of the same child (a transfer). */
  transferOf?: number;
  /** The child's identity, shared by a transfer's two rows. */
  child: number;
  /** The child's own mã số BHXH: its cards are the cards with this code. */
  ownCode: string;
}

export interface District {
  options: DistrictOptions;
  pupils: Pupil[];
  cards: Card[];
  truth: PupilTruth[];
  /** Pupil.school of every rostered school. */
  schools: string[];
  namesSource: 'files' | 'embedded';
}

interface WrittenRow {
  slot: Slot;
  pupil: Omit<Pupil, 'index' | 'source'>;
  quirks: string[];
}

/** Writes one roster row of a slot's child, with its noise; the first row of a child also fixes how the cards write its name. */
function writeRow(rng: Rng, slot: Slot, profile: NoiseProfile): WrittenRow {
  const child = slot.child;
  const code = slot.siblingCode ?? (rng.chance(RATES.rowHasCode) ? child.bhxh : null);
  const hasPersonalId = rng.chance(RATES.rowHasPersonalId);
  const facts = { child, code, codeIsOwn: slot.siblingCode === null, hasPersonalId };
  const noise = drawQuirks(rng, facts, profile);
  const drawn = [...noise, ...drawStyle(rng, facts, noise)];
  const sides = splitSides(rng, drawn, child.cardName === null);
  if (child.cardName === null) {
    const written = writeName(rng, child, sides.card);
    child.cardName = written.text;
    child.cardQuirks = written.applied;
  }
  const name = writeName(rng, child, sides.roster);
  const other = sides.roster.filter((q) => ['swapped-dob', 'dob-off-by-one', 'year-only', 'mistyped-code', 'parent-id'].includes(q));
  const quirks: string[] = [...name.applied, ...other];
  if (slot.siblingCode) quirks.push('sibling-code');
  if (!code) quirks.push('no-code');
  return {
    slot,
    quirks,
    pupil: {
      name: displayName(name.text),
      nameKey: nameKey(name.text),
      dob: writeDob(rng, child.dob, sides.roster),
      gender: rng.chance(RATES.rowHasGender) ? child.gender : null,
      bhxh: code && sides.roster.includes('mistyped-code') ? mistypeCode(rng, code) : code,
      personalId: hasPersonalId ? (sides.roster.includes('parent-id') ? parentId(rng, child.personalId) : child.personalId) : null,
      school: slot.school.name,
      class: slot.class,
      commune: rng.chance(RATES.rowHasCommune) ? child.commune : null,
    },
  };
}

function isValid(card: CardSpec, asOf: string): boolean {
  return card.from <= asOf && asOf <= card.to;
}

/** Tags saying what the child's cards are like on the as-of date. */
function cardStateTags(child: Child, asOf: string): string[] {
  const cards = child.cards;
  if (cards.length === 0) return ['no-card'];
  const valid = cards.filter((c) => isValid(c, asOf));
  if (valid.length) {
    const tags: string[] = [];
    if (cards.some((c) => c.to < asOf)) tags.push('old-card');
    if (!valid.some((c) => c.group === 'HS')) tags.push(valid.every((c) => c.group === 'TE') ? 'te-valid' : 'non-hs-card');
    return tags;
  }
  if (cards.some((c) => c.from > asOf)) return ['future'];
  const latest = [...cards].sort((a, b) => b.to.localeCompare(a.to))[0];
  return [latest.group === 'TE' ? 'te-expired' : 'expired'];
}

/** People on the card export but on no roster: kindergarten children (TE) and pupils of schools without rosters. */
function makeFiller(rng: Rng, maker: ChildMaker, ghosts: School[], asOf: string): Child {
  const school = rng.pick(ghosts);
  const kindergarten = rng.chance(RATES.kindergartenFiller);
  const grades = school.level === 'TH' ? [1, 5] : school.level === 'THCS' ? [6, 9] : [10, 12];
  const child = maker.make(school, kindergarten ? -rng.int(0, 4) : rng.int(grades[0], grades[1]));
  child.plan = drawPlan(rng, child, asOf);
  child.cards = cardsFor(rng, child, asOf);
  child.cardName = fullName(child.parts);
  return child;
}

function cardRecord(rng: Rng, child: Child, spec: CardSpec, withPersonalId: boolean): Omit<Card, 'index' | 'source'> {
  const newFormat = rng.chance(RATES.newFormatCard);
  const cardName = child.cardName ?? fullName(child.parts);
  return {
    name: displayName(cardName),
    nameKey: nameKey(cardName),
    dob: { iso: child.dob, precision: 'day' } satisfies BirthDate,
    gender: child.gender,
    bhxh: child.bhxh,
    personalId: withPersonalId ? child.personalId : null,
    cardNumber: newFormat ? child.bhxh : `${spec.group}${BENEFIT[spec.group] ?? '4'}${child.bhxh.slice(0, 2)}${child.bhxh}`,
    group: newFormat ? null : spec.group,
    validFrom: spec.from,
    validTo: spec.to,
    unit: spec.unit,
  };
}

/** Roster order: school by school, class by class, as the files list them. */
function rosterOrder(slots: Slot[], schools: School[]): Slot[] {
  const schoolIndex = new Map(schools.map((s, i) => [s, i]));
  const classNumber = (slot: Slot) => Number(slot.class.slice(slot.class.indexOf('A') + 1));
  return slots
    .map((slot, i) => ({ slot, i }))
    .sort((a, b) => schoolIndex.get(a.slot.school)! - schoolIndex.get(b.slot.school)! || a.slot.grade - b.slot.grade || classNumber(a.slot) - classNumber(b.slot) || a.i - b.i)
    .map(({ slot }) => slot);
}

/** Same full name and birth date, different children: tagged wherever they happen, injected or not. */
function tagNaturalNamesakes(people: Child[]): void {
  const byKey = new Map<string, Child[]>();
  for (const child of people) {
    const key = `${nameKey(fullName(child.parts))}|${child.dob}`;
    const list = byKey.get(key);
    if (list) list.push(child);
    else byKey.set(key, [child]);
  }
  for (const group of byKey.values()) if (group.length > 1) for (const child of group) child.tags.add('namesake');
}

const NOISE: Set<string> = new Set<NoiseQuirk>([
  'tone-placement', 'nfd', 'eth', 'upper-case', 'odd-spaces', 'missing-tone', 'no-diacritics', 'typo',
  'middle-dropped', 'middle-added', 'swapped-dob', 'dob-off-by-one', 'year-only', 'mistyped-code', 'parent-id',
]);
const POPULATION = new Set(['twin', 'namesake', 'transfer', 'sibling-code']);

/** A pupil with no noise and no population quirk (card states aside). */
function isClean(quirks: string[]): boolean {
  return !quirks.some((q) => NOISE.has(q) || POPULATION.has(q));
}

export function generateDistrict(input: Partial<DistrictOptions> = {}): District {
  const pupilCount = input.pupils ?? 20_000;
  const options: DistrictOptions = {
    seed: input.seed ?? 1,
    pupils: pupilCount,
    cards: input.cards ?? Math.round(pupilCount * 1.5),
    asOf: input.asOf ?? DEFAULT_AS_OF,
    namesDir: input.namesDir === undefined ? DEFAULT_NAMES_DIR : input.namesDir,
    noise: input.noise ?? 'sample',
  };
  const profile = NOISE_PROFILES[options.noise];
  const { asOf } = options;
  const rng = mulberry32(options.seed);
  const pools = loadNamePools(options.namesDir);
  const maker = childMaker(rng, pools, new IdMaker(rng), asOf);
  const schoolPlan = planSchools(rng, options.pupils);
  const slots = fillSchools(schoolPlan, maker);
  const outsiders: Child[] = [];
  addPopulationQuirks({ rng, pools, maker, slots, ghosts: schoolPlan.ghosts, outsiders, transferChildren: profile.transferChildren, namesakePairs: profile.namesakePairs, drawPlan: (child) => drawPlan(rng, child, asOf) });

  const rostered = [...new Set(slots.map((slot) => slot.child))];
  for (const child of [...rostered, ...outsiders]) {
    if (!child.planFixed) child.plan = drawPlan(rng, child, asOf);
    child.cards = cardsFor(rng, child, asOf);
  }
  const ordered = rosterOrder(slots, schoolPlan.rostered);
  const rows = ordered.map((slot) => writeRow(rng, slot, profile));

  const holders = [...rostered, ...outsiders].filter((child) => child.cards.length > 0);
  let cardCount = holders.reduce((n, child) => n + child.cards.length, 0);
  const filler: Child[] = [];
  while (cardCount < options.cards) {
    const child = makeFiller(rng, maker, schoolPlan.ghosts, asOf);
    if (child.cards.length === 0) continue;
    filler.push(child);
    cardCount += child.cards.length;
  }
  tagNaturalNamesakes([...rostered, ...outsiders, ...filler]);

  const cardRows = [...holders, ...filler].flatMap((child) => {
    const withPersonalId = rng.chance(RATES.cardHasPersonalId);
    return child.cards.map((spec) => cardRecord(rng, child, spec, withPersonalId));
  });
  // Object.assign, as ingest does: a spread with extra fields gives every record its own hidden class.
  const cards: Card[] = shuffle(rng, cardRows).map((card, index) => Object.assign(card, { index, source: { file: 'the-bhyt.xlsx', sheet: 'Sheet1', row: index + 2 } }));

  const rowOfSlot = new Map<Slot, number>(rows.map((row, index) => [row.slot, index]));
  const sheetRow = new Map<string, number>();
  const pupils: Pupil[] = rows.map((row, index) => {
    const sheetKey = `${row.slot.school.file}|${row.slot.class}`;
    const at = (sheetRow.get(sheetKey) ?? 7) + 1;
    sheetRow.set(sheetKey, at);
    return Object.assign(row.pupil, { index, source: { file: row.slot.school.file, sheet: `Lop ${row.slot.class}`, row: at } });
  });
  const truth: PupilTruth[] = rows.map((row) => {
    const child = row.slot.child;
    const quirks = [...new Set([...row.quirks, ...child.cardQuirks, ...child.tags, ...cardStateTags(child, asOf)])];
    if (isClean(quirks)) quirks.push('clean');
    const other = child.slots.find((s) => s !== row.slot);
    return {
      insured: child.cards.some((c) => isValid(c, asOf)),
      quirks,
      child: child.id,
      ownCode: child.bhxh,
      ...(other ? { transferOf: rowOfSlot.get(other)! } : {}),
    };
  });
  return { options, pupils, cards, truth, schools: schoolPlan.rostered.map((s) => s.name), namesSource: pools.source };
}
