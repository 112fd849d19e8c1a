/**
 * The command line: parses options, runs a command, returns the exit code. It never
 * calls process.exit, so tests run it in-process.
 */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/schema.js';
import { OutputFileBusyError } from '../render/workbook-style.js';
import { LockHeldError } from '../store/lock.js';
import { OutputFolderBusyError, OutputFolderNotOursError } from '../store/output-swap.js';
import { RunFolderError } from '../store/run-folder.js';
import { VERSION } from '../version.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.js';
import { runHistory } from './history-command.js';
import { runInit } from './init-command.js';
import { langFromArgs, say, type Lang } from './lang.js';
import { COMMAND_OPTIONS, OPTIONS } from './options.js';
import { runReconcile } from './reconcile-command.js';
import { runReport } from './report-command.js';
import { resolveReconcileSettings, resolveReportSettings, UsageError, type CommandLine } from './settings.js';
import { processOutput, type Output } from './terminal.js';

function addOptions(command: Command, name: keyof typeof COMMAND_OPTIONS, lang: Lang): Command {
  for (const key of COMMAND_OPTIONS[name]) {
    const spec = OPTIONS[key];
    const option = new Option(spec.flags, say(lang, spec.help));
    if ('parse' in spec) {
      const parse: (value: string) => unknown = spec.parse;
      option.argParser((value: string) => parse(value));
    }
    command.addOption(option);
  }
  return command.addHelpText('after', `\n${EXIT_CODES_HELP}`);
}

/** Errors that are the user's to fix, with the exit code each means. */
function userErrorCode(error: unknown): number | null {
  if (error instanceof LockHeldError) return exitCodeFor({ kind: 'locked' });
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof RunFolderError) return exitCodeFor({ kind: 'usage' });
  if (error instanceof OutputFileBusyError || error instanceof OutputFolderBusyError || error instanceof OutputFolderNotOursError) return exitCodeFor({ kind: 'usage' });
  return null;
}

export async function run(argv: string[], output: Output = processOutput(), cwd: string = process.cwd()): Promise<number> {
  const lang = langFromArgs(argv);
  let exitCode: number = EXIT.ok;
  const text = (vi: string, en: string) => say(lang, { vi, en });
  const program = new Command('bhyt')
    .description(text('Đối chiếu danh sách học sinh với dữ liệu thẻ BHYT và báo cáo tỷ lệ tham gia.', 'Reconciles school rosters with BHYT card exports and reports coverage.'))
    .version(VERSION, '-V, --version')
    .addOption(new Option(OPTIONS.lang.flags, say(lang, OPTIONS.lang.help)))
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .exitOverride()
    .configureOutput({ writeOut: (t) => output.out(t.trimEnd()), writeErr: (t) => output.err(t.trimEnd()) });

  const reconcileCommand = (withReport: boolean) => async (rosters: string | undefined, cards: string[], options: CommandLine) => {
    const settings = await resolveReconcileSettings(options, { rosters, cards }, cwd, new Date());
    exitCode = await runReconcile(settings, output, { withReport });
  };

  addOptions(
    program
      .command('reconcile')
      .description(text('đối chiếu danh sách học sinh (thư mục hoặc tệp) với một hay nhiều tệp thẻ BHYT', 'match rosters (a folder or a file) against one or more card exports'))
      .argument('[rosters]', text('thư mục (đọc cả thư mục con) hoặc tệp danh sách học sinh; mặc định theo cấu hình', 'roster folder (read recursively) or file; default from the config'))
      .argument('[cards...]', text('tệp thẻ BHYT (.xlsx, .xls, .csv; được dùng *); mặc định theo cấu hình', 'card exports (.xlsx, .xls, .csv; * allowed); default from the config'))
      .action(reconcileCommand(false)),
    'reconcile',
    lang,
  );

  addOptions(
    program
      .command('run')
      .description(text('chạy theo tệp cấu hình: đối chiếu rồi lập báo cáo (dùng cho lịch chạy tự động)', 'the scheduled job: reconcile then report, from the config file'))
      .action((options: CommandLine) => reconcileCommand(true)(undefined, [], options)),
    'run',
    lang,
  );

  addOptions(
    program
      .command('report')
      .description(text('lập báo cáo tỷ lệ tham gia BHYT từ lần chạy mới nhất (hoặc --run)', 'make the coverage report from the latest run (or --run)'))
      .action(async (options: CommandLine) => {
        exitCode = await runReport(await resolveReportSettings(options, cwd), output);
      }),
    'report',
    lang,
  );

  addOptions(
    program
      .command('history')
      .description(text('liệt kê các lần chạy đã ghi', 'list the recorded runs'))
      .action(async (options: CommandLine) => {
        const settings = await resolveReportSettings(options, cwd);
        exitCode = await runHistory({ data: settings.dataFolder, json: options.json }, output);
      }),
    'history',
    lang,
  );

  addOptions(
    program
      .command('init')
      .description(text('tạo tệp cấu hình mẫu có chú thích (bhyt.config.jsonc)', 'write a commented config file (bhyt.config.jsonc)'))
      .action(async (options: { config?: string; force?: boolean }) => {
        exitCode = await runInit(options, cwd, output);
      }),
    'init',
    lang,
  );

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const code = userErrorCode(error);
    if (code !== null) {
      output.err((error as Error).message);
      return code;
    }
    output.err(text('Lỗi không mong đợi trong bhyt. Xin gửi nội dung dưới đây cho nhóm phát triển:', 'Unexpected error in bhyt. Please report the text below to the developers:'));
    output.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return EXIT.bug;
  }
}
