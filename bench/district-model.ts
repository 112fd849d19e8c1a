/** The synthetic district's own model: schools, children (identities) and roster slots, before they become records. */
import type { Gender } from '../src/ingest/records.js';
import type { NameParts } from './name-noise.js';

export type Level = 'TH' | 'THCS' | 'THPT';

/** How a school's HS cards are paid: per calendar year (Hồ Chí Minh City) or per school year (1/10–30/9). */
export type CardStyle = 'calendar' | 'school-year';

export interface School {
  /** As ingest writes Pupil.school: "Trường Tiểu học An Lạc". */
  name: string;
  /** As BHXH writes the card unit: "TH An Lạc". */
  unit: string;
  level: Level;
  style: CardStyle;
  /** False for schools whose rosters were not sent: their pupils appear only on cards. */
  rostered: boolean;
  file: string;
}

/** What happened to a child's insurance, which decides its cards. */
export type Plan = 'insured' | 'no-card' | 'expired' | 'future' | 'te-expired';

export interface CardSpec {
  /** Group code (HS, TE, HN, ...). */
  group: string;
  from: string;
  to: string;
  unit: string | null;
}

/** One real child: what both the roster and the card export describe, each in its own way. */
export interface Child {
  id: number;
  parts: NameParts;
  gender: Gender;
  /** ISO birth date. */
  dob: string;
  bhxh: string;
  personalId: string;
  grade: number;
  /** Where the family lives: the unit of household, poor-household and TE cards. */
  commune: string;
  /** The school whose unit the child's HS cards carry. */
  school: School;
  plan: Plan;
  /** Forced plans (twins, namesakes, siblings) are not redrawn. */
  planFixed: boolean;
  cards: CardSpec[];
  /** The name as the card export writes it, once card-side quirks are applied. */
  cardName: string | null;
  cardQuirks: string[];
  /** Tags every roster row of this child carries: twin, namesake, transfer. */
  tags: Set<string>;
  slots: Slot[];
  /** Taken by a population quirk already: not reused for another. */
  touched: boolean;
}

/** One roster row's place: a school, a class, and the child listed there. */
export interface Slot {
  school: School;
  grade: number;
  class: string;
  child: Child;
  /** A sibling's mã số BHXH written on this row instead of the child's own. */
  siblingCode: string | null;
}
