import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { OperationFailed } from '../core/errors.js';

/**
 * Writes a whole file or nothing: a temp file beside it, flushed to disk, then a rename over the
 * target. `content` may come in parts (written one after the other, never joined into one
 * string). If anything fails (a full disk, a missing directory), the temp file is removed, the
 * target is left as it was, and the error names the file.
 */
export function writeFileAtomic(cwd: string, file: string, content: string | Uint8Array | readonly string[]): string {
  const target = resolve(cwd, file);
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      for (const part of typeof content === 'string' || content instanceof Uint8Array ? [content] : content) writeAll(fd, part);
      fsyncSync(fd);
    } catch (err) {
      closeQuietly(fd); // the write's error is the one to report
      throw err;
    }
    closeSync(fd);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why = WHY[code] ?? (err as Error).message;
    throw new OperationFailed(`could not write ${file}: ${why}; nothing was written`, { cause: err });
  }
  return target;
}

const WHY: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of its path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

function writeAll(fd: number, part: string | Uint8Array): void {
  const bytes = typeof part === 'string' ? Buffer.from(part) : part;
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already failing; the first error says why
  }
}
