/** `bhyt report`: the report an office sends up, from a recorded run. */
import path from 'node:path';
import { GROUP_BYS } from '../cover/groups.js';
import { todayIso } from '../dates/dates.js';
import { unchanged } from '../read/fingerprint.js';
import { buildReport } from '../report/build-report.js';
import type { GroupBy, Report } from '../report/model.js';
import { REPORT_FORMATS } from '../report/renderers.js';
import { renderReportLines } from '../report/render-text.js';
import type { StudentLine } from '../render/model.js';
import { acquireLock } from '../store/lock.js';
import { recoverInterruptedSwap } from '../store/output-swap.js';
import { fingerprintInputs, runRecordOf } from '../store/record-run.js';
import { listRuns, previousComparable, type RunRecord } from '../store/run-history.js';
import { readRunFolder } from '../store/run-folder.js';
import { EXIT } from './exit-codes.js';
import { UsageError, type ReportSettings } from './settings.js';
import { colours, type Output } from './terminal.js';

export function parseGroupBy(value: string): GroupBy {
  if (!(GROUP_BYS as string[]).includes(value)) throw new UsageError(`--group-by "${value}": chọn một trong ${GROUP_BYS.join(', ')} / one of ${GROUP_BYS.join(', ')}`);
  return value as GroupBy;
}

/** Builds the report of a run and writes it in every asked format into `folder`. */
export async function writeReport(
  run: { record: RunRecord; students: StudentLine[]; history: RunRecord[]; warnings: string[] },
  settings: ReportSettings,
  folder: string,
): Promise<{ report: Report; files: string[] }> {
  const history = [...run.history.filter((r) => r.id !== run.record.id), run.record].sort((a, b) => a.asOf.localeCompare(b.asOf) || a.createdAt.localeCompare(b.createdAt));
  const report = buildReport({
    run: run.record,
    students: run.students,
    previous: previousComparable(history, run.record),
    history,
    target: settings.target,
    groupBy: settings.groupBy,
    renewalDays: settings.renewalDays,
    office: settings.office,
    place: settings.place,
    reportDate: todayIso(),
    warnings: run.warnings,
  });
  const files: string[] = [];
  for (const format of settings.formats) files.push(await REPORT_FORMATS[format].write(folder, report));
  return { report, files };
}

export function printReport(report: Report, files: string[], settings: ReportSettings, output: Output): void {
  const c = colours(output);
  for (const warning of report.warnings) output.err(c.yellow(warning));
  if (settings.quiet || settings.json) return;
  for (const line of renderReportLines(report, c)) output.out(line);
  for (const file of files) output.out(`Báo cáo: ${file}`);
}

/** Inputs whose fingerprints changed since the run: the report may be out of date. */
async function changedInputs(record: RunRecord): Promise<string[]> {
  const changed: string[] = [];
  for (const input of record.inputs) if (!(await unchanged(input))) changed.push(input.path);
  return changed;
}

function changedWarning(changed: string[]): string[] {
  if (changed.length === 0) return [];
  const names = changed.slice(0, 3).map((f) => path.basename(f)).join(', ') + (changed.length > 3 ? ', ...' : '');
  return [`${changed.length} tệp đầu vào đã thay đổi sau lần chạy này (${names}): hãy chạy lại "bhyt reconcile" để có số liệu mới.`];
}

export async function runReport(settings: ReportSettings, output: Output): Promise<number> {
  const runs = await listRuns(settings.dataFolder);
  const folder = settings.run ?? runs.at(-1)?.outputFolder;
  if (!folder) throw new UsageError(`Chưa có lần chạy nào trong "${settings.dataFolder}": chạy "bhyt reconcile" trước, hoặc chỉ ra --run <thư mục kết quả>.`);
  const lock = await acquireLock(settings.dataFolder, { command: 'report' });
  try {
    await recoverInterruptedSwap(folder);
    const { summary, students } = await readRunFolder(folder);
    const recorded = runs.find((r) => r.outputFolder === folder);
    const record = recorded ?? runRecordOf(summary, students, folder, await fingerprintInputs(summary).catch(() => []));
    const warnings = recorded ? changedWarning(await changedInputs(recorded)) : [];
    const { report, files } = await writeReport({ record, students, history: runs, warnings }, settings, settings.out ?? folder);
    if (settings.json) output.out(JSON.stringify(report, null, 2));
    printReport(report, files, settings, output);
    return EXIT.ok;
  } finally {
    lock.release();
  }
}
