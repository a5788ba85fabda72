import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';

export const CONFIG_NAME = 'aiops.yaml';

/** aiops.yaml in the working directory or the nearest parent that has one. */
export function findConfig(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** --db, else $AIOPS_DB, else aiops.yaml's `db:` (relative to it), else .aiops/aiops.db beside it. */
export function resolveDbPath(opts: { cwd: string; db?: string; env: NodeJS.ProcessEnv; root: string; configDb?: string }): string {
  // A URL (postgres://…, memory:, file:) is a location as it stands, not a path to resolve.
  const place = (base: string, location: string) => (/^[a-z][a-z0-9+.-]+:/i.test(location) ? location : resolve(base, location));
  if (opts.db) return place(opts.cwd, opts.db);
  if (opts.env.AIOPS_DB) return place(opts.cwd, opts.env.AIOPS_DB);
  return place(opts.root, opts.configDb ?? '.aiops/aiops.db');
}

/** The .yaml/.yml files directly in a directory, sorted; none when it does not exist. */
export function yamlFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The error for a config file named by --config or $AIOPS_CONFIG that is not there. */
export function missingConfigError(path: string): UserError {
  return new UserError(`config file ${path} not found`, {
    hint: `--config or $AIOPS_CONFIG names it: fix the path, or create one there with \`aiops init ${dirname(path)}\``,
  });
}
