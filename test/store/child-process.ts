/**
 * Child Node processes for tests that need real processes: two runs contending for a
 * lock, a run killed half-way. The children run the built code in dist/ (Node 20 cannot
 * run TypeScript), so the build is brought up to date first when it is missing or older
 * than the sources.
 */
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds when `dist/<module>.js` is missing or older than `src/<module>.ts`, e.g. `store/lock`. */
export function ensureBuilt(...modules: string[]): void {
  const stale = modules.filter((module) => {
    const built = fs.statSync(path.join(ROOT, 'dist', `${module}.js`), { throwIfNoEntry: false });
    return !built || built.mtimeMs < fs.statSync(path.join(ROOT, 'src', `${module}.ts`)).mtimeMs;
  });
  if (!stale.length) return;
  try {
    execSync('npx tsc -p tsconfig.json', { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // tsc still writes dist/ when other modules have type errors; only ours must exist.
  }
  for (const module of stale) {
    if (!fs.existsSync(path.join(ROOT, 'dist', `${module}.js`))) throw new Error(`npm run build did not produce dist/${module}.js`);
  }
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Child {
  pid: number;
  /** Resolves with the first stdout line that satisfies `test`. */
  line(test: (line: string) => boolean): Promise<string>;
  exited: Promise<ChildResult>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs `node <script> ...args`, with `script` relative to test/store/. */
export function startNode(script: string, args: string[]): Child {
  const child = spawn(process.execPath, [path.join(ROOT, 'test/store', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  const answerWaiting = () => {
    for (const waiter of [...waiting]) {
      const line = stdout.split('\n').find(waiter.test);
      if (line === undefined) continue;
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    answerWaiting();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<ChildResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    pid: child.pid!,
    line: (test) =>
      new Promise((resolve, reject) => {
        waiting.push({ test, resolve });
        answerWaiting();
        exited.then((result) => reject(new Error(`child exited (${result.code ?? result.signal}) before the line; stderr: ${result.stderr}`)));
      }),
    exited,
    kill: (signal) => child.kill(signal),
  };
}

/** The pid of a process that has ended, for locks and leftovers of a dead run. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
}

export const ROOT_FOLDER = ROOT;
