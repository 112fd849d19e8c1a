/** A tiny `--name value` / `--flag` parser: the benchmarks take a few options and no dependency. */
import { NOISE_PROFILES, type NoiseLevel } from './record-noise.js';

export interface ParsedArgs {
  values: Map<string, string>;
  flags: Set<string>;
}

/** `valued` lists the options that take a value; anything else starting with -- is a flag. */
export function parseArgs(argv: string[], valued: string[]): ParsedArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (!valued.includes(name)) {
      flags.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    values.set(name, value);
  }
  return { values, flags };
}

export function intOption(args: ParsedArgs, name: string, fallback: number): number {
  const text = args.values.get(name);
  if (text === undefined) return fallback;
  const value = Number(text.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

/** --names: "embedded" forces the built-in lists; a folder path reads that folder; absent: the default folder if it exists. */
export function namesDirOption(args: ParsedArgs): string | null | undefined {
  const text = args.values.get('names');
  if (text === undefined) return undefined;
  return text === 'embedded' ? null : text;
}

/** --noise: sample (default) or heavy; see NOISE_PROFILES. */
export function noiseOption(args: ParsedArgs): NoiseLevel {
  const text = args.values.get('noise') ?? 'sample';
  if (!(text in NOISE_PROFILES)) throw new Error(`--noise must be one of ${Object.keys(NOISE_PROFILES).join(', ')}, got "${text}"`);
  return text as NoiseLevel;
}
