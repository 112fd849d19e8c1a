/** Messages in Vietnamese by default, English with `--lang en`. */
export type Lang = 'vi' | 'en';

/** The language asked for on the command line (read before commander, since help text depends on it). */
export function langFromArgs(argv: string[]): Lang {
  const i = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  if (i < 0) return 'vi';
  const value = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  return value === 'en' ? 'en' : 'vi';
}

/** A text in both languages. */
export type Text = { vi: string; en: string };

export function say(lang: Lang, text: Text): string {
  return text[lang];
}
