/**
 * `bhyt reconcile` and `bhyt run`: the reconcile pipeline as an unattended job. One
 * run at a time per data folder (lock), a log per run, the output folder replaced
 * whole or not at all, the run recorded in the history, old runs and logs pruned.
 * `run` also writes the report into the same folder before it is swapped in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { reconcile } from '../reconcile.js';
import { formatCount, formatPercent } from '../render/format-vi.js';
import { writeOutputs } from '../render/outputs.js';
import type { Report } from '../report/model.js';
import { acquireLock } from '../store/lock.js';
import { writeFolderAtomically } from '../store/output-swap.js';
import { isRunFolder } from '../store/run-folder.js';
import { fingerprintInputs, runRecordOf } from '../store/record-run.js';
import { listRuns, pruneRuns, recordRun, runId } from '../store/run-history.js';
import { openRunLog, pruneLogs, type RunLog } from '../store/run-log.js';
import { exitCodeFor } from './exit-codes.js';
import { createProgress, PHASES } from './progress.js';
import { printReport, writeReport } from './report-command.js';
import type { ReconcileSettings } from './settings.js';
import { colours, coverageTable, problemLines, type Output } from './terminal.js';

export async function runReconcile(settings: ReconcileSettings, output: Output, options: { withReport: boolean; now?: Date }): Promise<number> {
  await fs.promises.mkdir(settings.dataFolder, { recursive: true });
  const lock = await acquireLock(settings.dataFolder, { command: options.withReport ? 'run' : 'reconcile' });
  const createdAt = options.now ?? new Date();
  const log = openRunLog(settings.dataFolder, runId(createdAt.toISOString()));
  try {
    // Counts and paths only: the log never holds pupils' names, birth dates or IDs.
    log.info(`bhyt ${options.withReport ? 'run' : 'reconcile'}: tính đến ${settings.asOf}; danh sách ${settings.rosters}; ${settings.cards.length} tệp thẻ; kết quả ${settings.outFolder}`);
    const code = await reconcileAndWrite(settings, output, log, options.withReport, createdAt);
    log.info(`xong, mã thoát ${code}`);
    return code;
  } catch (error) {
    log.error(error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    log.close();
    lock.release();
  }
}

async function reconcileAndWrite(settings: ReconcileSettings, output: Output, log: RunLog, withReport: boolean, createdAt: Date): Promise<number> {
  const c = colours(output);
  const progress = settings.quiet ? null : createProgress(output);
  let phase = '';
  const enterPhase = (label: string) => {
    if (label !== phase) progress?.phase((phase = label));
  };
  const outcome = await reconcile({
    rosters: settings.rosters,
    cards: settings.cards,
    asOf: settings.asOf,
    now: createdAt,
    progress: {
      fileStarted: (file, role) => {
        enterPhase(role === 'roster' ? PHASES.rosters : PHASES.cards);
        progress?.fileStarted(file.name);
      },
      rowRead: () => progress?.rows(1),
      matching: () => enterPhase(PHASES.matching),
    },
  });
  progress?.done();
  const { summary, students } = outcome.result;
  const errors = summary.problems.filter((p) => p.level === 'error');
  for (const problem of errors) log.error(`${problem.file}${problem.sheet ? ` [${problem.sheet}]` : ''}: ${problem.message}`);
  log.info(`${formatCount(summary.totals.students)} học sinh, ${formatCount(summary.totals.cards)} thẻ, ${formatCount(summary.problems.length - errors.length)} cảnh báo`);
  if (!outcome.ok) {
    for (const line of problemLines(summary, c, { workbookWritten: false })) output.err(line);
    const message = outcome.missing === 'pupils' ? `Không đọc được học sinh nào từ "${settings.rosters}": không có kết quả.` : 'Không đọc được thẻ BHYT nào từ các tệp thẻ: không có kết quả.';
    output.err(c.red.bold(message));
    log.error(message);
    return exitCodeFor({ kind: 'nothing-read' });
  }
  const record = runRecordOf(summary, students, settings.outFolder, await fingerprintInputs(summary));
  const history = withReport ? await listRuns(settings.dataFolder) : [];
  const written: { report?: Report; files: string[] } = { files: [] };
  await writeFolderAtomically(
    settings.outFolder,
    async (staging) => {
      await writeOutputs(staging, outcome.result);
      if (withReport) Object.assign(written, await writeReport({ record, students, history, warnings: [] }, settings, staging));
    },
    isRunFolder,
  );
  await recordRun(settings.dataFolder, record);
  await pruneRuns(settings.dataFolder, settings.keepRuns);
  await pruneLogs(settings.dataFolder, settings.keepRuns);
  log.info(`tỷ lệ ${formatPercent(summary.totals.coverage)}; kết quả ở ${settings.outFolder}`);

  if (settings.json) output.out(JSON.stringify(summary, null, 2));
  if (!settings.quiet && !settings.json) for (const line of coverageTable(summary, c)) output.out(line);
  // Errors always reach stderr; with --json everything but the JSON does.
  const problems = problemLines(summary, c);
  if (errors.length || settings.json) problems.forEach((line) => output.err(line));
  else if (!settings.quiet) problems.forEach((line) => output.out(line));
  if (!settings.quiet && !settings.json) output.out(`Kết quả: ${settings.outFolder} (${formatCount(summary.totals.students)} học sinh, ${formatCount(summary.totals.cards)} thẻ)`);
  if (written.report) printReport(written.report, written.files.map((file) => path.join(settings.outFolder, path.basename(file))), settings, output);
  const belowTarget = settings.failUnder !== null && summary.totals.coverage < settings.failUnder;
  if (belowTarget) output.err(c.red(`Tỷ lệ ${formatPercent(summary.totals.coverage)} dưới mức ${formatPercent(settings.failUnder!)} (--fail-under).`));
  return exitCodeFor({ kind: 'done', unreadableInputs: errors.length, belowTarget });
}
