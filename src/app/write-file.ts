import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Writes a whole file or nothing: a temp file beside it, then a rename. */
export function writeFileAtomic(cwd: string, file: string, content: string | Uint8Array): string {
  const target = resolve(cwd, file);
  const tmp = `${target}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, target);
  return target;
}
