import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, openSync, realpathSync, renameSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';

/** What an output file may not be: the evidence log's own files, and (without force) anything already there. */
export interface OutputRules {
  /** Replace an existing file (--force). */
  force?: boolean;
  /** Files never written over, whatever the path that names them: every -o names the log's own (logFiles). */
  protect: readonly string[];
}

/** The files of a SQLite log at `dbPath` (none for a URL: a server's files are not ours to name). */
export function logFiles(dbPath: string): string[] {
  return /^[a-z]+:/i.test(dbPath) && !dbPath.startsWith('file:') ? [] : [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`];
}

/**
 * The one check of an `-o` target, before anything is read or written: refuses one of the protected
 * files (by real path), a directory or a link to one, a device or pipe, and (without force) a file that
 * exists. Each is invalid input (exit 2): nothing is tried that could only fail later.
 */
export function checkOutputTarget(target: string, shown: string, rules: OutputRules): void {
  const real = realTarget(target);
  for (const p of rules.protect) {
    if (real === realTarget(resolve(p))) {
      throw new UserError(`refusing to write ${shown}: it is the evidence log's own file ${p}`, { hint: 'name another file' });
    }
  }
  const st = lstatIfAny(target); // nothing there: the usual case
  const what = st?.isSymbolicLink() ? statIfAny(target) : st;
  // A directory is not replaced, and --force would not change that.
  if (what?.isDirectory()) throw new UserError(`${shown} is a directory; -o names the file to write`, { hint: `name a file in it: -o ${join(shown, 'FILE')}` });
  // A device, a pipe or a link to one (/dev/stdout) cannot be written whole-or-nothing: stdout is the way.
  if (what && (what.isCharacterDevice() || what.isFIFO() || what.isSocket() || what.isBlockDevice())) {
    throw new UserError(`${shown} is not a regular file; -o writes a file whole or not at all`, { hint: 'leave -o out (or give -o -) to write to stdout, and redirect or pipe it' });
  }
  if (st && !rules.force) throw new UserError(`${shown} already exists; nothing was written`, { hint: 'pass --force to replace it, or choose another file' });
}

/**
 * A new temp file beside `target` for a write-then-rename: a random name, created with
 * O_EXCL|O_NOFOLLOW and mode 0600, so no file or symlink planted in advance can be written through.
 */
export function openTempBeside(target: string): { fd: number; path: string } {
  const path = resolve(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  return { fd, path };
}

/** Renames the flushed temp file over the target and flushes the directory, so the new name survives a crash. */
export function commitTemp(tmp: string, target: string): void {
  renameSync(tmp, target);
  let dir: number | undefined;
  try {
    dir = openSync(dirname(target), constants.O_RDONLY | constants.O_DIRECTORY);
    fsyncSync(dir);
  } catch {
    // Some file systems cannot fsync a directory; the file itself was flushed.
  } finally {
    if (dir !== undefined) closeSync(dir);
  }
}

function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return resolve(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function lstatIfAny(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
