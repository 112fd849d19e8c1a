/** The typed records `ingest` makes from tables: roster pupils and insurance cards. */

export interface SourceRef {
  file: string;
  sheet: string | null;
  row: number;
}

export type Gender = 'M' | 'F';

/** A birth date as far as the file tells it: a whole day, or only a year. */
export interface BirthDate {
  /** ISO `YYYY-MM-DD`; for a year-only date, `YYYY-01-01`. */
  iso: string;
  precision: 'day' | 'year';
}

export interface PersonFields {
  /** The name as written (after legacy-font conversion, whitespace tidied). */
  name: string;
  /** Comparison key: see `nameKey` in src/vn/name.ts. */
  nameKey: string;
  dob: BirthDate | null;
  gender: Gender | null;
  /** 10-digit mã số BHXH. */
  bhxh: string | null;
  /** 12-digit số định danh cá nhân / CCCD. */
  personalId: string | null;
}

export interface Pupil extends PersonFields {
  /** Position in input order, 0-based; decisions refer to pupils by it. */
  index: number;
  source: SourceRef;
  school: string;
  class: string | null;
  commune: string | null;
}

export interface Card extends PersonFields {
  index: number;
  source: SourceRef;
  /** Card number as printed: 15-character old format or the 10-digit code. */
  cardNumber: string | null;
  /** Group code of an old-format card number (HS, TE, HN, ...), when known. */
  group: string | null;
  /** Validity window, ISO dates, inclusive. */
  validFrom: string | null;
  validTo: string | null;
  /** The unit (school) the card is managed under, as BHXH writes it. */
  unit: string | null;
}

/** Something wrong in an input that the user should see, with where it is. */
export interface InputProblem {
  file: string;
  sheet: string | null;
  row: number | null;
  /** `error`: a file or sheet could not be used; `warning`: a value was doubtful. */
  level: 'error' | 'warning';
  message: string;
}

/** What was read from one input file, sheet by sheet. */
export interface InputFileSummary {
  file: string;
  /** Absolute path, for fingerprints. */
  path: string;
  role: 'roster' | 'cards';
  sheets: { sheet: string | null; rows: number; records: number; skipped?: string }[];
  records: number;
  /** Read and used; false when the file could not be read at all. */
  ok: boolean;
}
