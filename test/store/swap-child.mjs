// A bhyt run writing its output folder, killed on purpose, for test/store/output-swap.test.ts. Modes:
//   kill-midway <target>  writes two of three files into the staging folder, then SIGKILLs itself
//   loop <target>         replaces the folder again and again, generation 1, 2, ...: files
//                         summary.json and students.ndjson that name their generation
import fs from 'node:fs';
import path from 'node:path';
import { writeFolderAtomically } from '../../dist/store/output-swap.js';

const [mode, target] = process.argv.slice(2);

if (mode === 'kill-midway') {
  await writeFolderAtomically(target, async (staging) => {
    fs.writeFileSync(path.join(staging, 'summary.json'), '{"generation":"new"}\n');
    fs.writeFileSync(path.join(staging, 'students.ndjson'), '{"generation":"new"}\n');
    process.kill(process.pid, 'SIGKILL');
  });
} else if (mode === 'loop') {
  for (let generation = 1; ; generation++) {
    await writeFolderAtomically(target, async (staging) => {
      for (const name of ['students.ndjson', 'summary.json']) {
        await fs.promises.writeFile(path.join(staging, name), `{"generation":${generation}}\n`.repeat(200));
      }
    });
    console.log(`generation ${generation}`);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
