/**
 * The report an office sends up, as data: what every report renderer (workbook, web
 * page, CSV, Markdown, terminal, JSON) draws from. Built by build-report.ts.
 */

export type GroupBy = 'school' | 'commune' | 'grade' | 'class';

export interface GroupFigures {
  /** The group's name: a school, a commune, "Khối 6", or a class with its school. */
  group: string;
  students: number;
  insured: number;
  uninsured: number;
  review: number;
  /** insured / students, percent, two decimals. */
  coverage: number;
  /** Pupils who must still get a card for the group to reach the target (0 at or above it). */
  needed: number;
  /** Insured through school cards (HS) and through other groups (HN, CN, DT, TE, ...), and not known (10-digit cards). */
  insuredBy: { hs: number; other: number; unknown: number };
  /** Change since the previous comparable run, or null when there is none or the group is new. */
  change: { students: number; insured: number; coveragePoints: number } | null;
}

export interface RenewalCard {
  school: string;
  class: string | null;
  name: string;
  dob: string | null;
  bhxh: string | null;
  cardNumber: string | null;
  validTo: string;
  daysLeft: number;
}

export interface TrendPoint {
  asOf: string;
  createdAt: string;
  coverage: number;
  students: number;
  insured: number;
}

export interface Report {
  /** Office name and place for the title block (from options or config). */
  office: string | null;
  place: string | null;
  /** The date the report is made, ISO. */
  reportDate: string;
  asOf: string;
  target: number;
  groupBy: GroupBy;
  totals: Omit<GroupFigures, 'group'> & { groups: number; groupsAtTarget: number };
  /** Furthest from target first. */
  groups: GroupFigures[];
  /** The sentence an office writes: "Toàn địa bàn có 20.651 học sinh, ...". */
  sentence: string;
  /** The run compared with, if any. */
  previous: { asOf: string; createdAt: string } | null;
  renewalDays: number;
  /** Cards of insured pupils that end within renewalDays of the as-of date, per school. */
  renewals: RenewalCard[];
  /** Coverage of every run so far (oldest first), for the trend. */
  trend: TrendPoint[];
  /** Warnings to show with the report (inputs changed since the run, ...). */
  warnings: string[];
}
