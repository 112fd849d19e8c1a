/** `bhyt init`: writes a commented config file to fill in. */
import path from 'node:path';
import { CONFIG_FILE_NAME } from '../config/schema.js';
import { writeConfigTemplate } from '../config/template.js';
import { EXIT } from './exit-codes.js';
import type { Output } from './terminal.js';

export async function runInit(options: { config?: string; force?: boolean }, cwd: string, output: Output): Promise<number> {
  const file = path.resolve(cwd, options.config ?? CONFIG_FILE_NAME);
  await writeConfigTemplate(file, { force: options.force });
  output.out(`Đã tạo ${file}. Mở tệp bằng Notepad, sửa các đường dẫn, rồi chạy: bhyt run${options.config ? ` --config "${options.config}"` : ''}`);
  return EXIT.ok;
}
