import { closeSync, fsyncSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OperationFailed } from '../core/errors.js';
import { checkOutputTarget, commitTemp, openTempBeside, type OutputRules } from './safe-output.js';

/** A file's content: whole, in parts, or written by a function through `put` (a stream copied in). */
export type FileContent = string | Uint8Array | readonly string[] | ((put: (part: string | Uint8Array) => void) => void);

/**
 * Writes a whole file or nothing: a temp file beside it, flushed to disk, then a rename over the
 * target. `content` may come in parts (written one after the other, never joined into one
 * string) or from a function that puts them. If anything fails (a full disk, a missing
 * directory), the temp file is removed, the target is left as it was, and the error names the file. The temp file is random, created 0600
 * and never through a symlink; the directory is flushed after the rename. The target is checked
 * first by the one -o check (safe-output.ts: never a directory, a device or one of the log's own
 * files; an existing file is replaced only with `rules.force`).
 */
export function writeFileAtomic(cwd: string, file: string, content: FileContent, rules: OutputRules): string {
  const target = resolve(cwd, file);
  checkOutputTarget(target, file, rules);
  let tmp: string | undefined;
  try {
    const opened = openTempBeside(target);
    tmp = opened.path;
    const fd = opened.fd;
    try {
      const put = (part: string | Uint8Array) => writeAll(fd, part);
      if (typeof content === 'function') content(put);
      else for (const part of typeof content === 'string' || content instanceof Uint8Array ? [content] : content) put(part);
      fsyncSync(fd);
    } catch (err) {
      closeQuietly(fd); // the write's error is the one to report
      throw err;
    }
    closeSync(fd);
    commitTemp(tmp, target);
  } catch (err) {
    if (tmp) rmSync(tmp, { force: true });
    throw new OperationFailed(`could not write ${file}: ${whyNotWritten(err as NodeJS.ErrnoException, target)}; nothing was written`, { cause: err });
  }
  return target;
}

const WHY: Record<string, string> = {
  ENOTDIR: 'a part of its path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

/**
 * What the errno of a failed write means for this target. ENOENT is a missing directory only when
 * the directory is missing: /proc answers it for a file it will not create in a directory that is there.
 */
function whyNotWritten(err: NodeJS.ErrnoException, target: string): string {
  const code = err.code ?? '';
  if (code === 'ENOENT') {
    const dir = dirname(target);
    return isDirectory(dir) ? `cannot create a file in ${dir} (ENOENT, though the directory exists: a virtual file system such as /proc takes no new files)` : `its directory ${dir} does not exist`;
  }
  const why = WHY[code];
  return why ? `${why} (${code})` : err.message;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Writes all of `part` to `fd` (writeSync may write less than asked). */
export function writeAll(fd: number, part: string | Uint8Array): void {
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
