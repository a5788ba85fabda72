import { existsSync, realpathSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { showArgv } from '../core/show-argv.js';

const same = (a: string, b: string) => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
};

/** A node_modules/.bin folder: what npx and npm run put on the PATH of the one process they start. */
const isNpmBin = (dir: string) => basename(dir) === '.bin' && basename(dirname(dir)) === 'node_modules';

/**
 * How the user can run this same aiops again, for "next:" lines, from the folder `cwd` the line
 * runs in: `aiops` when that is on the user's PATH, `npx aiops` where `cwd` has it in
 * node_modules/.bin, else `node /path/to/bin/aiops.js`. Under npx (or `npm exec`) the node_modules/.bin
 * folders on this process's PATH were put there by npm for this run only: the shell the line is
 * pasted into does not have them.
 */
export function invocation(env: NodeJS.ProcessEnv, cwd: string): string {
  const self = process.argv[1] ?? '';
  const byNpm = env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx';
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d && !(byNpm && isNpmBin(d)))
    .map((d) => join(d, 'aiops'));
  if (onPath.some((p) => existsSync(p) && same(p, self))) return 'aiops';
  const local = join(cwd, 'node_modules', '.bin', 'aiops');
  if (existsSync(local) && same(local, self)) return 'npx aiops';
  return `node ${showArgv([self])}`;
}
