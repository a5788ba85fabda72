import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export type ProgramCheck = { ok: true; path: string } | { ok: false; path: string | null; problem: string };

function checkFile(path: string): ProgramCheck {
  let st;
  try {
    st = statSync(path);
  } catch {
    return { ok: false, path, problem: `program ${path} not found` };
  }
  if (!st.isFile()) return { ok: false, path, problem: `program ${path} is not a regular file` };
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { ok: false, path, problem: `program ${path} is not executable (chmod +x ${path})` };
  }
  return { ok: true, path };
}

/** Finds the program a hook would run, as the kernel would: a path as given, a bare name on PATH. */
export function checkProgram(program: string, pathVar: string | undefined): ProgramCheck {
  if (program.includes('/')) {
    if (!isAbsolute(program)) return { ok: false, path: program, problem: `program ${program} is a relative path` };
    return checkFile(program);
  }
  const dirs = (pathVar ?? '').split(delimiter).filter(Boolean);
  let firstProblem: ProgramCheck | null = null;
  for (const dir of dirs) {
    const r = checkFile(join(dir, program));
    if (r.ok) return r;
    if (!firstProblem && !r.problem.includes('not found')) firstProblem = r;
  }
  return firstProblem ?? { ok: false, path: null, problem: `program ${program} not found on PATH (${dirs.join(delimiter) || 'PATH is empty'})` };
}

/**
 * Why a hook's working directory is not one, or null: `written` is `cwd:` as aiops.yaml gives it
 * (none: the project root, which exists), `resolved` where the runner starts the hook (a relative
 * cwd is taken from the project root). Without it the start fails as if the program were missing.
 */
export function checkCwd(written: string | undefined, resolved: string): string | null {
  if (written === undefined) return null;
  const shown = written === resolved ? written : `${written} (${resolved})`;
  let st;
  try {
    st = statSync(resolved);
  } catch {
    return `cwd ${shown} does not exist`;
  }
  return st.isDirectory() ? null : `cwd ${shown} is not a directory`;
}
