import { UserError } from '../core/errors.js';

const MAX_ALERT_BYTES = 5 * 1024 * 1024;

/** Reads an alert payload from a file or stdin (`-`), bounded in size. */
export async function readAlertInput(cwd: string, file: string): Promise<{ file: string; raw: Buffer }> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of process.stdin) {
      size += (c as Buffer).length;
      if (size > MAX_ALERT_BYTES) throw new UserError(`stdin: alert payload over ${MAX_ALERT_BYTES} bytes`);
      chunks.push(c as Buffer);
    }
    return { file: 'stdin', raw: Buffer.concat(chunks) };
  }
  const { readInputFile } = await import('../app/read-input-file.js');
  const { resolve } = await import('node:path');
  const { bytes, problem } = readInputFile(resolve(cwd, file), MAX_ALERT_BYTES);
  if (problem) throw new UserError(`${file}: ${problem.message}`);
  // The bytes as they are in the file (a BOM too): the stored payload's hash is the file's.
  return { file, raw: bytes! };
}
