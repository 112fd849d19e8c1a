// A bhyt run as far as the lock goes, for test/store/lock.test.ts. Modes:
//   contend <folder> <startAtMs> <holdMs>  wait until startAtMs, take the lock, hold it, release;
//                                          prints {"acquired":pid} (exit 0) or {"heldBy":pid} (exit 75)
//   hold <folder> [own-handler]            take the lock, print "locked", wait to be killed;
//                                          own-handler: a SIGINT listener of its own that exits 7
import { acquireLock, LockHeldError } from '../../dist/store/lock.js';

const [mode, folder, ...rest] = process.argv.slice(2);

if (mode === 'contend') {
  const [startAt, holdMs] = rest.map(Number);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  try {
    const lock = await acquireLock(folder, { command: 'reconcile' });
    console.log(JSON.stringify({ acquired: process.pid }));
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    lock.release();
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    console.log(JSON.stringify({ heldBy: error.owner?.pid ?? null, message: error.message }));
    process.exitCode = 75;
  }
} else if (mode === 'hold') {
  if (rest[0] === 'own-handler') process.on('SIGINT', () => process.exit(7));
  await acquireLock(folder, { command: 'reconcile' });
  console.log('locked');
  setInterval(() => {}, 1000);
} else {
  throw new Error(`unknown mode ${mode}`);
}
