/**
 * The report's file formats as a plug-in table, chosen by `--format`: each writes one
 * file into a folder and returns its path. A new format is one more entry here.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { asciiFileName } from '../render/format-vi.js';
import { replaceFile } from '../render/workbook-style.js';
import type { Report } from './model.js';
import { renderReportHtml } from './render-html.js';
import { renderReportCsv, renderReportMarkdown } from './render-text.js';
import { writeReportWorkbook } from './render-workbook.js';

export interface ReportRenderer {
  extension: string;
  write(folder: string, report: Report): Promise<string>;
}

/** `bao-cao-bhyt-2026-11-15-school.xlsx`: the as-of date and grouping, so reports never overwrite each other's kind. */
export function reportFileName(report: Report, extension: string): string {
  return `${asciiFileName(`bao-cao-bhyt-${report.asOf}-${report.groupBy}`)}.${extension}`;
}

/**
 * Written under a temporary name and renamed when complete; a file held open by Excel
 * (which locks CSV files too) is reported as such, not as a stack trace.
 */
async function writeTextFile(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await replaceFile(temporary, file);
}

/** A renderer writing `bao-cao-bhyt-<asOf>-<groupBy>.<extension>` into the folder, made if missing. */
function fileRenderer(extension: string, writeTo: (file: string, report: Report) => Promise<void>): ReportRenderer {
  return {
    extension,
    async write(folder, report) {
      await mkdir(folder, { recursive: true });
      const file = path.join(folder, reportFileName(report, extension));
      await writeTo(file, report);
      return file;
    },
  };
}

function textFile(render: (report: Report) => string): (file: string, report: Report) => Promise<void> {
  return (file, report) => writeTextFile(file, render(report));
}

export const REPORT_FORMATS = {
  xlsx: fileRenderer('xlsx', writeReportWorkbook),
  html: fileRenderer('html', textFile(renderReportHtml)),
  csv: fileRenderer('csv', textFile(renderReportCsv)),
  md: fileRenderer('md', textFile(renderReportMarkdown)),
} as const satisfies Record<string, ReportRenderer>;

/** A format name `--format` accepts. */
export type ReportFormat = keyof typeof REPORT_FORMATS;
