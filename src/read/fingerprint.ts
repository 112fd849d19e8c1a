/** Fingerprints of input files, so a later report can tell that an input changed after the run. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export interface Fingerprint {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

export async function fingerprint(filePath: string): Promise<Fingerprint> {
  const stat = await fs.promises.stat(filePath);
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk as Buffer);
  return { path: filePath, size: stat.size, mtimeMs: stat.mtimeMs, sha256: hash.digest('hex') };
}

/** Whether a file still has the fingerprint: size and time first, the hash only when they differ. */
export async function unchanged(print: Fingerprint): Promise<boolean> {
  const stat = await fs.promises.stat(print.path).catch(() => null);
  if (!stat) return false;
  if (stat.size !== print.size) return false;
  if (stat.mtimeMs === print.mtimeMs) return true;
  return (await fingerprint(print.path)).sha256 === print.sha256;
}
