/**
 * `npm run bench:speed [-- --pupils 100000 --cards 150000 --seed 1 --runs 7 --noise sample|heavy]`
 *
 * Times the exact (VLOOKUP-like) baseline and matchPupils on one synthetic district.
 * Time: both in one Node process, one warm-up run each, then `runs` rounds of one run
 * each, in turns (exact first, then matchPupils first), a garbage collection before every
 * run: a shared machine speeds up and slows down by the minute, and runs side by side
 * see the same machine, so the ratio of each round is steadier than the ratio of two
 * processes' medians. Memory: each in a Node process of its own (one run), so each peak
 * RSS is its own. Not a test: it only prints.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { matchPupils } from '../src/match/match.js';
import { intOption, noiseOption, parseArgs } from './cli-args.js';
import { exactMatch } from './exact-baseline.js';
import { generateDistrict } from './generate-district.js';
import type { NoiseLevel } from './record-noise.js';

type Matcher = 'exact' | 'match';

interface Options {
  pupils: number;
  cards: number;
  seed: number;
  runs: number;
  noise: NoiseLevel;
}

interface Timing {
  pupils: number;
  cards: number;
  generateSeconds: number;
  /** Seconds of each run, by matcher, in round order. */
  runs: Record<Matcher, number[]>;
}

interface Memory {
  /** Resident set after generating the district, before matching (MB). */
  rssAfterGenerationMb: number;
  /** Peak resident set of the whole process (MB). */
  peakRssMb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

function districtOf(o: Options) {
  return generateDistrict({ pupils: o.pupils, cards: o.cards, seed: o.seed, noise: o.noise });
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs inside a child process: generate, warm both up, then time them in turns. */
function timeBoth(o: Options): Timing {
  const generateStart = performance.now();
  const district = districtOf(o);
  const generateSeconds = (performance.now() - generateStart) / 1000;
  const matchers: Record<Matcher, () => unknown[]> = {
    exact: () => exactMatch(district.pupils, district.cards, district.options.asOf),
    match: () => matchPupils(district.pupils, district.cards, district.options.asOf),
  };
  matchers.exact();
  matchers.match();
  const runs: Record<Matcher, number[]> = { exact: [], match: [] };
  for (let round = 0; round < o.runs; round++) {
    const order: Matcher[] = round % 2 ? ['match', 'exact'] : ['exact', 'match'];
    for (const matcher of order) {
      gc();
      const start = performance.now();
      const decisions = matchers[matcher]();
      runs[matcher].push((performance.now() - start) / 1000);
      if (decisions.length !== district.pupils.length) throw new Error('a decision per pupil expected');
    }
  }
  return { pupils: district.pupils.length, cards: district.cards.length, generateSeconds, runs };
}

/** Runs inside a child process: generate, then one run of one matcher. */
function measureMemory(matcher: Matcher, o: Options): Memory {
  const district = districtOf(o);
  gc();
  const rssAfterGenerationMb = mb(process.memoryUsage().rss);
  (matcher === 'exact' ? exactMatch : matchPupils)(district.pupils, district.cards, district.options.asOf);
  // maxRSS is in kilobytes.
  return { rssAfterGenerationMb, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

function spawnWorker<T>(worker: string, o: Options): T {
  const script = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', script, '--worker', worker, '--pupils', String(o.pupils), '--cards', String(o.cards), '--seed', String(o.seed), '--runs', String(o.runs), '--noise', o.noise];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${worker} worker failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as T;
}

function describe(seconds: number[], memory: Memory): string {
  const runs = seconds.map((s) => s.toFixed(2)).join(', ');
  return `median ${median(seconds).toFixed(3)} s (runs ${runs}); peak RSS ${memory.peakRssMb.toFixed(0)} MB (${memory.rssAfterGenerationMb.toFixed(0)} MB after generating)`;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2), ['worker', 'pupils', 'cards', 'seed', 'runs', 'noise']);
  const o: Options = {
    pupils: intOption(args, 'pupils', 100_000),
    cards: intOption(args, 'cards', 150_000),
    seed: intOption(args, 'seed', 1),
    runs: intOption(args, 'runs', 7),
    noise: noiseOption(args),
  };
  const worker = args.values.get('worker');
  if (worker === 'time') {
    process.stdout.write(JSON.stringify(timeBoth(o)));
    return;
  }
  if (worker === 'exact' || worker === 'match') {
    process.stdout.write(JSON.stringify(measureMemory(worker, o)));
    return;
  }
  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} logical CPUs), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.platform()} ${os.arch()}, Node ${process.version}`);
  const timing = spawnWorker<Timing>('time', o);
  console.log(`District: ${timing.pupils} pupils, ${timing.cards} cards, seed ${o.seed}, noise ${o.noise} (generated in ${timing.generateSeconds.toFixed(1)} s)`);
  console.log(`(a) exact baseline: ${describe(timing.runs.exact, spawnWorker<Memory>('exact', o))}`);
  console.log(`(b) matchPupils:    ${describe(timing.runs.match, spawnWorker<Memory>('match', o))}`);
  const ratios = timing.runs.match.map((seconds, round) => seconds / timing.runs.exact[round]);
  console.log(`Ratio (b)/(a), run by run: median ${median(ratios).toFixed(2)}× (${ratios.map((r) => r.toFixed(2)).join(', ')}); issue 3 asks for "about twice" the exact matching's time`);
}

main();
