import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Writes a whole file or nothing: a temp file beside it, then a rename. `content` may come in
 * parts (written one after the other, never joined into one string); if a write fails (a full
 * disk), the temp file is removed and the target is left as it was.
 */
export function writeFileAtomic(cwd: string, file: string, content: string | Uint8Array | readonly string[]): string {
  const target = resolve(cwd, file);
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      for (const part of typeof content === 'string' || content instanceof Uint8Array ? [content] : content) writeAll(fd, part);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return target;
}

function writeAll(fd: number, part: string | Uint8Array): void {
  const bytes = typeof part === 'string' ? Buffer.from(part) : part;
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}
