import { createRequire } from 'node:module';

/** The package version, written into every summary so a result says what made it. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
