/**
 * Quirks of the population itself (DOMAIN.md, "Real differences that must not be
 * merged blindly"): twins, namesakes, transfers listed in two rosters, and rows
 * carrying a sibling's BHXH code. Each rewrites children already placed in the
 * schools, so the roster keeps its size; a child takes part in one such quirk at most.
 */
import type { Child, Plan, School, Slot } from './district-model.js';
import { addDays, yearOf } from './iso-dates.js';
import { ONE_LETTER_PAIRS, type NamePools } from './names.js';
import { drawName, type ChildMaker } from './population.js';
import type { Rng } from './prng.js';

/**
 * Shares of roster rows. Set from the domain, not from the matcher: about 2% of children
 * are twins. Children who changed school and stay on the old list, and pairs of namesakes
 * added on top of the natural ones (independent draws from the real name frequencies give
 * about 0.06% of rows, all tagged), are set by the noise profile (see NOISE_PROFILES).
 */
export const POPULATION_RATES = {
  /** Twin pairs in one class. About 2% of children are twins. */
  twinPairs: 0.0075,
  /** Pupils whose namesake lives outside the rosters and holds a card. */
  outsideNamesakes: 0.0005,
  /** Rows carrying a sibling's BHXH code. */
  siblingCodes: 0.02,
  /** Share of those siblings who are themselves on a roster. */
  siblingOnRoster: 0.4,
};

export interface PopulationContext {
  rng: Rng;
  pools: NamePools;
  maker: ChildMaker;
  slots: Slot[];
  ghosts: School[];
  /** Children who are not on any roster but hold cards (siblings, outside namesakes). */
  outsiders: Child[];
  /** Children listed in two schools' rosters, as a share of rows (see NoiseProfile). */
  transferChildren: number;
  /** Injected pairs of namesakes in two schools, as a share of rows (see NoiseProfile). */
  namesakePairs: number;
  /** Draws what happened to a child's insurance (see card-plans.ts). */
  drawPlan: (child: Child) => Plan;
}

class SlotFinder {
  private readonly byGrade = new Map<string, Slot[]>();

  constructor(
    private readonly rng: Rng,
    private readonly slots: Slot[],
  ) {
    for (const slot of slots) {
      const key = `${slot.school.level}|${slot.grade}`;
      const list = this.byGrade.get(key);
      if (list) list.push(slot);
      else this.byGrade.set(key, [slot]);
    }
  }

  /** A slot whose child no other quirk took yet. */
  untouched(filter: (slot: Slot) => boolean = () => true): Slot | null {
    for (let attempt = 0; attempt < 200; attempt++) {
      const slot = this.rng.pick(this.slots);
      if (!slot.child.touched && filter(slot)) return slot;
    }
    return null;
  }

  /** An untouched slot of the same grade at another school of the same level. */
  sameGradeElsewhere(slot: Slot): Slot | null {
    const list = this.byGrade.get(`${slot.school.level}|${slot.grade}`) ?? [];
    for (let attempt = 0; attempt < 200; attempt++) {
      const other = this.rng.pick(list);
      if (!other.child.touched && other.school !== slot.school) return other;
    }
    return null;
  }

  /** The next untouched slot in the same class. */
  classmate(slot: Slot): Slot | null {
    const start = this.slots.indexOf(slot);
    for (let i = start + 1; i < this.slots.length && this.slots[i].school === slot.school; i++) {
      const other = this.slots[i];
      if (other.class === slot.class && !other.child.touched) return other;
    }
    return null;
  }
}

function countOf(rate: number, slots: number): number {
  return Math.round(rate * slots);
}

/** Puts `child` in `slot` in place of whoever was there. */
function occupy(slot: Slot, child: Child): void {
  slot.child = child;
  child.slots.push(slot);
}

/** The same child in two schools' rosters: moved, and the old list was never updated. */
function addTransfers(context: PopulationContext, finder: SlotFinder): void {
  const { rng } = context;
  for (let n = countOf(context.transferChildren, context.slots.length); n > 0; n--) {
    const from = finder.untouched();
    const to = from && finder.sameGradeElsewhere(from);
    if (!from || !to) continue;
    const child = from.child;
    child.touched = true;
    to.child.touched = true;
    occupy(to, child);
    child.tags.add('transfer');
    // The card is under the old school, or already under the new one.
    if (rng.chance(0.4)) child.school = to.school;
  }
}

function differentGiven(context: PopulationContext, child: Child, not: string): string {
  for (;;) {
    const given = context.pools.given[child.gender].draw(context.rng);
    if (given !== not) return given;
  }
}

/** Twins: same family name, birth date and class; given names differ, sometimes by one letter (Vy / Vi). */
function addTwins(context: PopulationContext, finder: SlotFinder): void {
  const { rng } = context;
  for (let n = countOf(POPULATION_RATES.twinPairs, context.slots.length); n > 0; n--) {
    const first = finder.untouched();
    const second = first && finder.classmate(first);
    if (!first || !second) continue;
    const [a, b] = [first.child, second.child];
    a.touched = b.touched = true;
    b.dob = a.dob;
    b.parts = { family: a.parts.family, middle: rng.chance(0.6) ? [...a.parts.middle] : b.parts.middle, given: b.parts.given };
    if (rng.chance(0.3)) {
      const gender = rng.chance(0.5) ? 'M' : 'F';
      const [x, y] = rng.pick(ONE_LETTER_PAIRS[gender]);
      a.gender = b.gender = gender;
      a.parts = { ...a.parts, given: x };
      b.parts = { ...b.parts, given: y };
    } else {
      if (rng.chance(0.5)) b.gender = a.gender;
      b.parts = { ...b.parts, given: differentGiven(context, b, a.parts.given) };
    }
    // Twins are usually insured (or not) together; at least one holds a card.
    a.plan = context.drawPlan(a);
    b.plan = rng.chance(0.75) ? a.plan : context.drawPlan(b);
    if (a.plan === 'no-card' && b.plan === 'no-card') b.plan = 'insured';
    a.planFixed = b.planFixed = true;
    a.tags.add('twin');
    b.tags.add('twin');
  }
}

/** Two children with the same full name and birth date in two schools: only one holds a card, or each their own. */
function addNamesakes(context: PopulationContext, finder: SlotFinder): void {
  const { rng } = context;
  for (let n = countOf(context.namesakePairs, context.slots.length); n > 0; n--) {
    const first = finder.untouched();
    const second = first && finder.sameGradeElsewhere(first);
    if (!first || !second) continue;
    const [a, b] = [first.child, second.child];
    a.touched = b.touched = true;
    b.parts = { ...a.parts, middle: [...a.parts.middle] };
    b.gender = a.gender;
    b.dob = a.dob;
    a.plan = b.plan = 'insured';
    if (rng.chance(0.5)) (rng.chance(0.5) ? a : b).plan = 'no-card';
    a.planFixed = b.planFixed = true;
    a.tags.add('namesake');
    b.tags.add('namesake');
  }
  for (let n = countOf(POPULATION_RATES.outsideNamesakes, context.slots.length); n > 0; n--) {
    const slot = finder.untouched();
    if (!slot) continue;
    const a = slot.child;
    a.touched = true;
    const outsider = context.maker.make(rng.pick(context.ghosts), a.grade, a.dob);
    outsider.parts = { ...a.parts, middle: [...a.parts.middle] };
    outsider.gender = a.gender;
    outsider.plan = 'insured';
    outsider.planFixed = true;
    context.outsiders.push(outsider);
    a.tags.add('namesake');
  }
}

/** A brother or sister: same family name, another given name and birth date. */
function makeSibling(context: PopulationContext, child: Child): Child {
  const { rng } = context;
  const years = rng.int(1, 7) * (rng.chance(0.5) ? 1 : -1);
  const dob = addDays(child.dob, years * 365 + rng.int(-120, 120));
  const grade = child.grade - (yearOf(dob) - yearOf(child.dob));
  const sibling = context.maker.make(rng.pick(context.ghosts), grade, dob);
  sibling.parts = { ...drawName(rng, context.pools, sibling.gender), family: child.parts.family };
  if (sibling.parts.given === child.parts.given) sibling.parts.given = differentGiven(context, sibling, child.parts.given);
  return sibling;
}

/**
 * A row carrying a sibling's code: the code a parent remembered, or copied from the
 * family's papers. The sibling holds a card; the pupil is insured only by its own.
 */
function addSiblingCodes(context: PopulationContext, finder: SlotFinder): void {
  const { rng } = context;
  for (let n = countOf(POPULATION_RATES.siblingCodes, context.slots.length); n > 0; n--) {
    const slot = finder.untouched();
    if (!slot) continue;
    const child = slot.child;
    child.touched = true;
    let sibling: Child;
    const rostered = rng.chance(POPULATION_RATES.siblingOnRoster)
      ? finder.untouched((s) => s.grade !== slot.grade && s.child.parts.given !== child.parts.given)
      : null;
    if (rostered) {
      sibling = rostered.child;
      sibling.touched = true;
      sibling.parts = { ...sibling.parts, family: child.parts.family };
    } else {
      sibling = makeSibling(context, child);
      context.outsiders.push(sibling);
    }
    sibling.plan = context.drawPlan(sibling);
    if (sibling.plan === 'no-card') sibling.plan = 'insured';
    sibling.planFixed = true;
    slot.siblingCode = sibling.bhxh;
  }
}

export function addPopulationQuirks(context: PopulationContext): void {
  const finder = new SlotFinder(context.rng, context.slots);
  addTransfers(context, finder);
  addTwins(context, finder);
  addNamesakes(context, finder);
  addSiblingCodes(context, finder);
}
