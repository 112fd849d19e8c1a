/** `bhyt history`: the recorded runs with their totals. */
import { formatDateVi } from '../dates/dates.js';
import { formatCount, formatPercent } from '../render/format-vi.js';
import { listRuns } from '../store/run-history.js';
import { EXIT } from './exit-codes.js';
import { colours, type Output } from './terminal.js';

export async function runHistory(options: { data: string; json?: boolean }, output: Output): Promise<number> {
  const dataFolder = options.data;
  const problems: string[] = [];
  const runs = await listRuns(dataFolder, problems);
  for (const problem of problems) output.err(problem);
  if (options.json) {
    output.out(JSON.stringify(runs.map(({ groups: _groups, ...run }) => run), null, 2));
    return EXIT.ok;
  }
  if (runs.length === 0) {
    output.err(`Chưa có lần chạy nào trong "${dataFolder}".`);
    return EXIT.ok;
  }
  const c = colours(output);
  output.out(c.bold('Lần chạy                Tính đến     Sĩ số    Có thẻ    Tỷ lệ  Kết quả'));
  for (const run of runs) {
    const made = run.createdAt.slice(0, 16).replace('T', ' ');
    output.out(
      `${made.padEnd(22)}  ${formatDateVi(run.asOf).padEnd(10)} ${formatCount(run.totals.students).padStart(7)} ${formatCount(run.totals.insured).padStart(9)} ${formatPercent(run.totals.coverage).padStart(8)}  ${run.outputFolder}`,
    );
  }
  return EXIT.ok;
}
