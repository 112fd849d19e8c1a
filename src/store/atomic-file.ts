/** Files written under a temporary name and renamed when complete: a reader never sees half a file. */
import fs from 'node:fs';

/** Writes a text file whole or not at all. */
export async function writeFileAtomic(file: string, content: string | Iterable<string>): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await fs.promises.open(temporary, 'w');
  try {
    if (typeof content === 'string') await handle.writeFile(content, 'utf8');
    else {
      let chunk = '';
      for (const piece of content) {
        chunk += piece;
        if (chunk.length > 1 << 20) {
          await handle.writeFile(chunk, 'utf8');
          chunk = '';
        }
      }
      await handle.writeFile(chunk, 'utf8');
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temporary, file);
}
