import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { showArgv } from '../core/show-argv.js';

const same = (a: string, b: string) => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
};

/**
 * How the user can run this same aiops again, for "next:" lines: `aiops` when that is on the PATH,
 * `npx aiops` from a project that has it in node_modules/.bin, else `node /path/to/bin/aiops.js`.
 */
export function invocation(env: NodeJS.ProcessEnv, cwd: string): string {
  const self = process.argv[1] ?? '';
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'aiops'));
  if (onPath.some((p) => existsSync(p) && same(p, self))) return 'aiops';
  const local = join(cwd, 'node_modules', '.bin', 'aiops');
  if (existsSync(local) && same(local, self)) return 'npx aiops';
  return `node ${showArgv([self])}`;
}
