import { chmodSync, closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { OperationFailed, UserError } from '../core/errors.js';
import { refuseObstacles, shownPath } from './init-preflight.js';
import { packageRoot } from './project.js';

interface PlannedFile {
  from: string;
  to: string;
  rewrite?: (text: string) => string;
  executable?: boolean;
}

/** Paths in the shipped aiops.yaml point at fixtures/hooks; a scaffolded project gets them under hooks/. */
const rewriteHookPaths = (text: string) => text.replaceAll('fixtures/hooks/', 'hooks/');

function plan(target: string): PlannedFile[] {
  const root = packageRoot();
  const files: PlannedFile[] = [
    { from: join(root, 'aiops.yaml'), to: join(target, 'aiops.yaml'), rewrite: rewriteHookPaths },
    { from: join(root, 'roster.yaml'), to: join(target, 'roster.yaml') },
  ];
  for (const dir of ['playbooks', 'scenarios', 'schemas']) {
    for (const f of readdirSync(join(root, dir)).sort()) files.push({ from: join(root, dir, f), to: join(target, dir, f) });
  }
  for (const f of readdirSync(join(root, 'fixtures', 'hooks')).sort()) {
    files.push({ from: join(root, 'fixtures', 'hooks', f), to: join(target, 'hooks', f), executable: true });
  }
  return files;
}

/**
 * Scaffolds aiops.yaml, roster.yaml, playbooks/, scenarios/ and example hooks into `dir` (relative
 * to `cwd`); never overwrites without force. Whatever is in the way is refused before anything is written.
 */
export function initProject(dir: string, opts: { force?: boolean; cwd?: string } = {}): { written: string[] } {
  const cwd = opts.cwd ?? process.cwd();
  const target = resolve(cwd, dir);
  const files = plan(target);
  const gitignore = join(target, '.gitignore');
  refuseLinks(target, [...files.map((f) => f.to), gitignore]);
  refuseObstacles(target, [...files.map((f) => ({ path: f.to, replaces: Boolean(opts.force) })), { path: gitignore, replaces: !ignoresLog(gitignore) }], cwd);
  const existing = files.filter((f) => existsSync(f.to)).map((f) => relative(target, f.to));
  if (existing.length > 0 && !opts.force) {
    throw new UserError(`refusing to overwrite ${existing.length} existing file(s) in ${target}`, {
      details: existing.length > 10 ? [...existing.slice(0, 10), `… and ${existing.length - 10} more`] : existing,
      hint: 'aiops init --force overwrites them',
    });
  }
  const written: string[] = [];
  const writing = (file: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      // Checked above; what still fails here changed meanwhile, or the disk is full: say what is there now.
      const e = err as NodeJS.ErrnoException;
      throw new OperationFailed(`could not write ${shownPath(file, cwd)}: ${e.message}`, {
        cause: err,
        hint: `${written.length} of ${files.length} files were written before it; fix that and run aiops init --force`,
      });
    }
  };
  for (const f of files) {
    writing(f.to, () => {
      mkdirSync(resolve(f.to, '..'), { recursive: true });
      writeRegular(f.to, f.rewrite ? f.rewrite(readFileSync(f.from, 'utf8')) : readFileSync(f.from));
      if (f.executable) chmodSync(f.to, 0o755);
    });
    written.push(relative(target, f.to));
  }
  let ignored = false;
  writing(gitignore, () => (ignored = ignoreLog(gitignore)));
  if (ignored) written.push('.gitignore');
  return { written };
}

const LOG_ENTRY = /^\/?\.aiops\/?$/;

/** The .gitignore already ignores .aiops/ (false when it is not there or cannot be read). */
function ignoresLog(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/).some((l) => LOG_ENTRY.test(l.trim()));
  } catch {
    return false;
  }
}

/** The log holds customer attachments: `.aiops/` goes into .gitignore (added to one that lacks it, never replacing it). */
function ignoreLog(file: string): boolean {
  if (ignoresLog(file)) return false;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const entry = '# aiops: the evidence log and hook state (customer data; never commit)\n.aiops/\n';
  writeRegular(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${entry}`);
  return true;
}

/** Writes a file that is not a symbolic link (O_NOFOLLOW): whatever a link points at stays untouched. */
function writeRegular(file: string, data: string | Buffer): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
  } finally {
    closeSync(fd);
  }
}

/**
 * Init writes regular files only, never through a symbolic link: a link where it would write a
 * file (aiops.yaml -> /elsewhere), or a dangling link on the way to one or where the log will go
 * (.aiops -> /nonexistent), is refused before anything is written. A directory link that leads to
 * a real directory (playbooks/ shared from elsewhere) is used as it is.
 */
function refuseLinks(target: string, files: string[]): void {
  const problems = new Set<string>();
  const check = (path: string, isFile: boolean) => {
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return;
    }
    if (!st.isSymbolicLink()) return;
    const to = readlinkSync(path);
    const name = relative(target, path) || path;
    if (!pointsSomewhere(path)) problems.add(`${name} is a symbolic link to ${to}, which does not exist`);
    else if (isFile) problems.add(`${name} is a symbolic link to ${to}; init writes regular files only`);
  };
  check(target, false);
  check(join(target, '.aiops'), false);
  for (const f of files) {
    for (let d = dirname(f); d.length > target.length && d.startsWith(target + sep); d = dirname(d)) check(d, false);
    check(f, true);
  }
  if (problems.size === 0) return;
  throw new UserError(`refusing to write through ${problems.size} symbolic link(s) in ${target}`, {
    details: [...problems],
    hint: 'remove the links (or point them at real files) and run aiops init again; nothing was written',
  });
}

function pointsSomewhere(link: string): boolean {
  try {
    statSync(link);
    return true;
  } catch {
    return false;
  }
}
