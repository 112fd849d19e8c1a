/**
 * The one error the .xlsx reader raises for a file it cannot read. It has a module of its own so
 * that the zip reader, the XML scanner and the workbook reader all raise this same class without
 * importing one another in a cycle; xlsx.ts re-exports it.
 */
export class XlsxFormatError extends Error {
  override name = 'XlsxFormatError';

  /**
   * @param message the technical detail, in English
   * @param advice for a common cause the user can fix, what to tell them, in Vietnamese
   */
  constructor(
    message: string,
    readonly advice?: string,
  ) {
    super(message);
  }
}
