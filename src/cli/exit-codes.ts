/** Exit codes, documented in the README and in `--help`. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Wrong command line or config. */
  usage: 1,
  /** No pupils or no cards could be read: no result. */
  nothingRead: 2,
  /** Done, but some files or sheets could not be read (named in the output). */
  someUnreadable: 3,
  /** Done, but coverage is below --fail-under (for schedulers that alert on it). */
  belowTarget: 4,
  /** A bug in bhyt (with a request to report it). */
  bug: 70,
  /** Another run holds the lock of the output folder. */
  locked: 75,
} as const;

export type RunOutcome =
  | { kind: 'done'; unreadableInputs: number; belowTarget?: boolean }
  | { kind: 'usage' }
  | { kind: 'nothing-read' }
  | { kind: 'locked' }
  | { kind: 'bug' };

export function exitCodeFor(outcome: RunOutcome): number {
  switch (outcome.kind) {
    case 'done':
      if (outcome.unreadableInputs > 0) return EXIT.someUnreadable;
      return outcome.belowTarget ? EXIT.belowTarget : EXIT.ok;
    case 'usage':
      return EXIT.usage;
    case 'nothing-read':
      return EXIT.nothingRead;
    case 'locked':
      return EXIT.locked;
    case 'bug':
      return EXIT.bug;
  }
}

export const EXIT_CODES_HELP = `Mã thoát / exit codes:
  0   xong / done
  1   sai lệnh hoặc cấu hình / usage or config error
  2   không đọc được học sinh hay thẻ nào / nothing could be read
  3   xong, nhưng có tệp hoặc trang tính không đọc được / done, some inputs unreadable
  4   xong, nhưng tỷ lệ dưới --fail-under / done, coverage below --fail-under
  70  lỗi của bhyt, xin báo lại / a bug in bhyt, please report it
  75  một lần chạy khác đang giữ khóa / another run holds the lock`;
