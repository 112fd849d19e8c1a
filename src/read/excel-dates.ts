/**
 * Excel's date conventions, shared by the .xls and .xlsx readers: which number formats show
 * dates, and which day a serial number stands for.
 */

/** Built-in number formats that show dates or times ([MS-XLS] 2.4.126, East Asian ids included). */
function isBuiltinDateFormat(id: number): boolean {
  return (
    (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
  );
}

/**
 * Whether a custom number format shows a calendar date: a d, m or y code outside quoted text,
 * escapes and [brackets] (colours, locales, elapsed [h]), where an m next to h or s means minutes.
 */
export function isDateFormatCode(code: string): boolean {
  const codes = code
    .replace(/\[(h+|m+|s+)\]/gi, 'h') // elapsed time: any m next to it means minutes
    .replace(/"[^"]*"|\\.|\[[^\]]*\]|[_*].|General|AM\/PM|A\/P/gi, '')
    .replace(/h+[^a-z]*m+|m+[^a-z]*s+/gi, '');
  return /[dmy]/i.test(codes);
}

/** Tells, with a cache, whether a number format id (built-in, or custom from `formats`) shows a date. */
export function dateFormatTester(formats: Map<number, string>): (formatId: number) => boolean {
  const cache = new Map<number, boolean>();
  return (formatId) => {
    let isDate = cache.get(formatId);
    if (isDate === undefined) {
      const code = formats.get(formatId);
      isDate = isBuiltinDateFormat(formatId) || (code !== undefined && isDateFormatCode(code));
      cache.set(formatId, isDate);
    }
    return isDate;
  };
}

const MS_PER_DAY = 86_400_000;

/**
 * The day an Excel serial date shows, as UTC midnight (time of day dropped), or null where Excel
 * shows #### instead (negative or past 9999). The 1900 system counts Excel's fictitious
 * 29 February 1900 as day 60, which therefore comes out as 1 March like day 61.
 */
export function excelSerialToDate(serial: number, date1904: boolean): Date | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  // Round to the millisecond first so a midnight stored as 44927.99999999999 stays on its day.
  const days = Math.floor(serial + 0.5 / MS_PER_DAY);
  let time: number;
  if (date1904) time = Date.UTC(1904, 0, 1 + days);
  else time = Date.UTC(1899, 11, days <= 60 ? 31 + days : 30 + days);
  const date = new Date(time);
  return date.getUTCFullYear() <= 9999 ? date : null;
}
