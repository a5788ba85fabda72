import { accessSync, constants, lstatSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { UserError } from '../core/errors.js';

/**
 * Everything in the way of `aiops init`, found before it writes anything: a file where it puts a
 * directory (the target itself, playbooks/), a directory where it writes a file, a directory it
 * may not write into, a file it may not overwrite. Each is the user's to fix (exit 2), named as
 * the user typed the path, and the project is left as it was instead of half-written. `replaces`:
 * an existing file there is rewritten (--force, or a .gitignore that lacks .aiops/).
 */
export function refuseObstacles(target: string, writes: readonly { path: string; replaces: boolean }[], cwd: string): void {
  const show = (path: string) => shownPath(path, cwd);
  const problems = new Map<string, 'shape' | 'access'>();
  const unreachable: string[] = [];
  const createdIn = new Set<string>();
  /** The path's stat, or why there is none; a directory that cannot be searched is said once, for the top one. */
  const look = (path: string): Stats | 'missing' | 'blocked' | 'notdir' => {
    const st = statOf(path);
    if (st !== 'denied') return st;
    if (!unreachable.some((d) => path.startsWith(d + sep))) {
      unreachable.push(dirname(path));
      problems.set(`cannot write into ${show(dirname(path))}: permission denied`, 'access');
    }
    return 'blocked';
  };
  /** `inside`: a directory init makes in the target, not the target or one above it. */
  const needDir = (dir: string, inside: boolean): void => {
    const st = look(dir);
    if (st === 'missing' || st === 'notdir') {
      const above = dirname(dir);
      if (above !== dir) needDir(above, inside && above !== target);
      if (st === 'missing') createdIn.add(above);
    } else if (st !== 'blocked' && !st.isDirectory()) {
      problems.set(inside ? `${show(dir)} is a file, where init puts a directory` : `${show(dir)} is a file, not a directory`, 'shape');
    }
  };
  needDir(target, false);
  for (const dir of dirsOf(target, writes.map((w) => w.path))) needDir(dir, true);
  for (const { path: file, replaces } of writes) {
    const st = look(file);
    if (st === 'missing') createdIn.add(dirname(file));
    else if (st === 'blocked' || st === 'notdir') continue;
    else if (st.isDirectory()) problems.set(`${show(file)} is a directory, where init writes a file`, 'shape');
    else if (!st.isFile()) problems.set(`${show(file)} is not a regular file, where init writes one`, 'shape');
    else if (replaces && !allowed(file, constants.R_OK | constants.W_OK)) problems.set(`cannot overwrite ${show(file)}: ${denial(file)}`, 'access');
  }
  // A directory init makes is made inside one that exists: that one must take new entries.
  for (const dir of [...createdIn].sort()) {
    const st = statOf(dir);
    if (typeof st === 'object' && st.isDirectory() && !allowed(dir, constants.W_OK | constants.X_OK)) problems.set(`cannot write into ${show(dir)}: ${denial(dir)}`, 'access');
  }
  if (problems.size === 0) return;
  const kinds = new Set(problems.values());
  const fixes = [...(kinds.has('shape') ? ['move what is in the way aside'] : []), ...(kinds.has('access') ? ['get write access'] : []), 'or run aiops init in another directory'];
  const hint = `nothing was written; ${fixes.join(', ')}`;
  const said = [...problems.keys()];
  if (said.length === 1) throw new UserError(said[0]!, { hint });
  const details = said.length > 10 ? [...said.slice(0, 10), `… and ${said.length - 10} more`] : said;
  throw new UserError(`${said.length} things are in the way of aiops init in ${show(target)}`, { details, hint });
}

/** How a path reads in a message: relative to where the command runs when it is below it (as the user typed it), else absolute. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? path : rel;
}

/** The directories init writes into below the target, shallow first. */
function dirsOf(target: string, files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    for (let d = dirname(f); d.length > target.length && d.startsWith(target + sep); d = dirname(d)) dirs.add(d);
  }
  return [...dirs].sort((a, b) => a.length - b.length);
}

/**
 * The path's stat (a link followed: refuseLinks judges links), `missing`, `denied` when its
 * directory cannot be searched, `notdir` when a file is on its way (said where it is), or `blocked`.
 */
function statOf(path: string): Stats | 'missing' | 'blocked' | 'denied' | 'notdir' {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return isLink(path) ? 'blocked' : 'missing';
    if (code === 'ENOTDIR') return 'notdir';
    return code === 'EACCES' ? 'denied' : 'blocked';
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function allowed(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

function denial(path: string): string {
  try {
    accessSync(path, constants.W_OK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EROFS') return 'the file system is read-only';
  }
  return 'permission denied';
}
