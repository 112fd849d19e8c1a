/** `bhyt reconcile <rosters> <cards...>`: the command around the reconcile pipeline. */
import path from 'node:path';
import { parseUserDate, todayIso } from '../dates/dates.js';
import { reconcile } from '../reconcile.js';
import { OutputFileBusyError } from '../render/workbook-style.js';
import { writeOutputs } from '../render/outputs.js';
import { formatCount } from '../render/format-vi.js';
import { exitCodeFor } from './exit-codes.js';
import { say, type Lang } from './lang.js';
import { colours, coverageTable, problemLines, type Output } from './terminal.js';

export interface ReconcileCommandOptions {
  asOf?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  lang: Lang;
}

export class UsageError extends Error {}

export function resolveAsOf(value: string | undefined, now = new Date()): string {
  if (value === undefined) return todayIso(now);
  const iso = parseUserDate(value);
  if (!iso) throw new UsageError(`--as-of "${value}": cần một ngày như 2026-11-15 hoặc 15/11/2026 / expected a date such as 2026-11-15 or 15/11/2026`);
  return iso;
}

export async function runReconcile(rosters: string, cards: string[], options: ReconcileCommandOptions, output: Output): Promise<number> {
  const asOf = resolveAsOf(options.asOf);
  const outFolder = path.resolve(options.out ?? `bhyt-${asOf}`);
  const c = colours(output);
  const info = (text: string) => {
    if (!options.quiet && !options.json) output.out(text);
  };
  const progress = (text: string) => {
    if (!options.quiet) output.err(c.dim(text));
  };
  const outcome = await reconcile({
    rosters,
    cards,
    asOf,
    progress: output.isTerminal ? { fileStarted: (file, role) => progress(`${role === 'roster' ? 'Đọc danh sách' : 'Đọc thẻ'}: ${file.name}`) } : {},
  });
  const { summary } = outcome.result;
  if (!outcome.ok) {
    for (const line of problemLines(summary, c)) output.err(line);
    output.err(
      c.red.bold(
        outcome.missing === 'pupils'
          ? say(options.lang, { vi: `Không đọc được học sinh nào từ "${rosters}": không có kết quả.`, en: `No pupils could be read from "${rosters}": no result.` })
          : say(options.lang, { vi: 'Không đọc được thẻ BHYT nào từ các tệp thẻ: không có kết quả.', en: 'No cards could be read from the card files: no result.' }),
      ),
    );
    return exitCodeFor({ kind: 'nothing-read' });
  }
  try {
    await writeOutputs(outFolder, outcome.result);
  } catch (error) {
    if (error instanceof OutputFileBusyError) {
      output.err(c.red(error.message));
      return exitCodeFor({ kind: 'usage' });
    }
    throw error;
  }
  if (options.json) output.out(JSON.stringify(summary, null, 2));
  for (const line of coverageTable(summary, c)) info(line);
  const problems = problemLines(summary, c);
  for (const line of problems) (summary.problems.some((p) => p.level === 'error') ? output.err : info)(line);
  info(`${say(options.lang, { vi: 'Kết quả', en: 'Results' })}: ${outFolder} (${formatCount(summary.totals.students)} học sinh, ${formatCount(summary.totals.cards)} thẻ)`);
  const unreadable = summary.problems.filter((p) => p.level === 'error').length;
  return exitCodeFor({ kind: 'done', unreadableInputs: unreadable });
}
