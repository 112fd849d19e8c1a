/**
 * What a command runs with: the options given on the command line laid over the
 * config file (`--config`, or bhyt.config.jsonc in the current folder), over defaults.
 */
import path from 'node:path';
import { expandCardPatterns, loadConfig, resolveAsOf } from '../config/load.js';
import { ConfigError, isAsOfPolicy, type Config } from '../config/schema.js';
import type { GroupBy } from '../report/model.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/renderers.js';

export class UsageError extends Error {}

/** Options as commander gives them: undefined when not on the command line. */
export interface CommandLine {
  config?: string;
  asOf?: string;
  out?: string;
  data?: string;
  json?: boolean;
  quiet?: boolean;
  target?: number;
  groupBy?: GroupBy;
  format?: ReportFormat[];
  days?: number;
  office?: string;
  place?: string;
  failUnder?: number;
  run?: string;
}

export interface ReportSettings {
  dataFolder: string;
  target: number;
  groupBy: GroupBy;
  formats: ReportFormat[];
  renewalDays: number;
  office: string | null;
  place: string | null;
  json: boolean;
  quiet: boolean;
  /** The run folder to report on (report command only); else the latest run. */
  run: string | null;
  /** Where report files go (report command only); else the run folder. */
  out: string | null;
}

export interface ReconcileSettings extends ReportSettings {
  rosters: string;
  cards: string[];
  asOf: string;
  outFolder: string;
  keepRuns: number;
  failUnder: number | null;
}

export const DEFAULT_FORMATS: ReportFormat[] = ['xlsx', 'html'];

/** The run history lives beside the outputs unless told otherwise. */
export function defaultDataFolder(outFolder: string): string {
  return path.join(path.dirname(path.resolve(outFolder)), 'bhyt-data');
}

/** `--as-of`: a date (2026-11-15, 15/11/2026) or a policy (today, end-of-month, end-of-year). */
export function asOfFromCommandLine(value: string, now: Date): string {
  if (!isAsOfPolicy(value)) {
    throw new UsageError(`--as-of "${value}": cần một ngày như 2026-11-15 hoặc 15/11/2026 (hoặc today, end-of-month, end-of-year) / expected a date such as 2026-11-15 or 15/11/2026`);
  }
  try {
    return resolveAsOf(value, now);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--as-of "${value}": ${error.message}`);
    throw error;
  }
}

export async function loadCommandConfig(cli: CommandLine, cwd: string): Promise<{ config: Config; fromFile: boolean }> {
  const loaded = await loadConfig(cli.config, cwd);
  return { config: loaded.config, fromFile: loaded.file !== null };
}

function reportSettings(cli: CommandLine, config: Config, dataFolder: string): ReportSettings {
  return {
    dataFolder,
    target: cli.target ?? config.target,
    groupBy: cli.groupBy ?? config.groupBy,
    formats: cli.format ?? DEFAULT_FORMATS,
    renewalDays: cli.days ?? config.renewalDays,
    office: cli.office ?? config.office,
    place: cli.place ?? config.place,
    json: Boolean(cli.json),
    quiet: Boolean(cli.quiet),
    run: cli.run ? path.resolve(cli.run) : null,
    out: cli.out ? path.resolve(cli.out) : null,
  };
}

export async function resolveReportSettings(cli: CommandLine, cwd: string): Promise<ReportSettings> {
  const { config, fromFile } = await loadCommandConfig(cli, cwd);
  const dataFolder = path.resolve(cwd, cli.data ?? (fromFile ? config.dataDir : 'bhyt-data'));
  return reportSettings(cli, config, dataFolder);
}

export async function resolveReconcileSettings(cli: CommandLine, args: { rosters?: string; cards: string[] }, cwd: string, now: Date): Promise<ReconcileSettings> {
  const { config, fromFile } = await loadCommandConfig(cli, cwd);
  const rosters = args.rosters ? path.resolve(cwd, args.rosters) : config.rosters;
  if (!rosters) throw new UsageError('Thiếu danh sách học sinh: ghi <rosters> trên dòng lệnh hoặc khóa "rosters" trong tệp cấu hình (bhyt init). / Missing rosters.');
  const patterns = args.cards.length ? args.cards : config.cards;
  if (patterns.length === 0) throw new UsageError('Thiếu tệp thẻ BHYT: ghi <cards...> trên dòng lệnh hoặc khóa "cards" trong tệp cấu hình. / Missing card files.');
  const asOf = cli.asOf ? asOfFromCommandLine(cli.asOf, now) : resolveAsOf(config.asOf, now);
  const outFolder = cli.out ? path.resolve(cwd, cli.out) : path.join(config.outDir, `bhyt-${asOf}`);
  const dataFolder = cli.data ? path.resolve(cwd, cli.data) : fromFile ? config.dataDir : defaultDataFolder(outFolder);
  return {
    ...reportSettings(cli, config, dataFolder),
    out: null,
    rosters,
    cards: await expandCardPatterns(patterns, cwd),
    asOf,
    outFolder,
    keepRuns: config.keepRuns,
    failUnder: cli.failUnder ?? config.failUnder,
  };
}

export function parsePercent(option: string) {
  return (value: string): number => {
    const number = Number(value.replace(',', '.').replace('%', ''));
    if (!Number.isFinite(number) || number < 0 || number > 100) throw new UsageError(`${option} "${value}": cần một số từ 0 đến 100 / expected a number from 0 to 100`);
    return number;
  };
}

export function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const format of formats) {
    if (!(format in REPORT_FORMATS)) throw new UsageError(`--format "${format}": chọn trong ${Object.keys(REPORT_FORMATS).join(', ')}`);
  }
  return formats as ReportFormat[];
}

export function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0) throw new UsageError(`--days "${value}": cần một số ngày / expected a number of days`);
  return days;
}
