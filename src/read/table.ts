/** What every reader produces: rows of cells with their file, sheet and row number. */

/** A date cell is a `Date` at UTC midnight of the calendar day shown in the sheet. */
export type CellValue = string | number | boolean | Date | null;

export interface TableRow {
  /** 1-based row number as Excel or a text editor shows it. */
  row: number;
  /** cells[0] is column A. Missing trailing cells may be absent. */
  cells: CellValue[];
  /** Font name per cell where the format has fonts (xlsx, xls); used to undo legacy fonts. */
  fonts?: (string | undefined)[];
}

export interface Table {
  /** Path relative to the folder the user named, with `/` separators. */
  file: string;
  /** Sheet name; null for CSV and text files. */
  sheet: string | null;
  /** Rows in order; streamed, so read them once. */
  rows: AsyncIterable<TableRow>;
  /** What the reader noticed while the rows were read (ask once they are), in Vietnamese. */
  notes?: () => TableNote[];
}

export interface TableNote {
  /** The first row concerned. */
  row: number;
  message: string;
}
