/**
 * The command line: parses options, runs a command, returns the exit code. It never
 * calls process.exit, so tests run it in-process.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { langFromArgs, say } from './lang.js';
import { runReconcile, UsageError, type ReconcileCommandOptions } from './reconcile-command.js';
import { processOutput, type Output } from './terminal.js';

export async function run(argv: string[], output: Output = processOutput()): Promise<number> {
  const lang = langFromArgs(argv);
  let exitCode: number = EXIT.ok;
  const program = new Command('bhyt')
    .description(
      say(lang, {
        vi: 'Đối chiếu danh sách học sinh với dữ liệu thẻ BHYT và báo cáo tỷ lệ tham gia.',
        en: 'Reconciles school rosters with BHYT card exports and reports coverage.',
      }),
    )
    .version(VERSION, '-V, --version')
    .option('--lang <lang>', say(lang, { vi: 'ngôn ngữ thông báo: vi hoặc en', en: 'message language: vi or en' }), 'vi')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.out(text.trimEnd()), writeErr: (text) => output.err(text.trimEnd()) });

  program
    .command('reconcile')
    .description(
      say(lang, {
        vi: 'đối chiếu danh sách học sinh (thư mục hoặc tệp) với một hay nhiều tệp thẻ BHYT',
        en: 'match rosters (a folder or a file) against one or more card exports',
      }),
    )
    .argument('<rosters>', say(lang, { vi: 'thư mục (đọc cả thư mục con) hoặc tệp danh sách học sinh', en: 'roster folder (read recursively) or file' }))
    .argument('<cards...>', say(lang, { vi: 'tệp dữ liệu thẻ BHYT (.xlsx, .xls, .csv)', en: 'card export files (.xlsx, .xls, .csv)' }))
    .option('--as-of <date>', say(lang, { vi: 'ngày tính thẻ còn hạn (2026-11-15 hoặc 15/11/2026); mặc định hôm nay', en: 'date cards must be valid on (2026-11-15 or 15/11/2026); default today' }))
    .option('--out <folder>', say(lang, { vi: 'thư mục kết quả; mặc định bhyt-<ngày>', en: 'output folder; default bhyt-<date>' }))
    .option('--json', say(lang, { vi: 'in summary.json ra màn hình', en: 'print summary.json on stdout' }))
    .option('--quiet', say(lang, { vi: 'chỉ in lỗi', en: 'print errors only' }))
    .option('--lang <lang>', say(lang, { vi: 'ngôn ngữ thông báo: vi hoặc en', en: 'message language: vi or en' }), 'vi')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .action(async (rosters: string, cards: string[], options: Omit<ReconcileCommandOptions, 'lang'>) => {
      exitCode = await runReconcile(rosters, cards, { ...options, lang }, output);
    });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof UsageError) {
      output.err(error.message);
      return EXIT.usage;
    }
    output.err(
      say(lang, {
        vi: 'Lỗi không mong đợi trong bhyt. Xin gửi nội dung dưới đây cho nhóm phát triển:',
        en: 'Unexpected error in bhyt. Please report the text below to the developers:',
      }),
    );
    output.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return EXIT.bug;
  }
}
