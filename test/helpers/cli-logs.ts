import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aiops, type CliResult } from './cli.js';
import { aiopsInProcess } from './cli-in-process.js';
import { asSuperuser, freshPgDatabase, pgTestUrl, pgUrlFor } from './pg.js';
import { makeProject, type TempProject } from './project.js';

/**
 * A project and its evidence log, for tests that drive the binary the same way on every adapter
 * (as the store contract suite does in-process): one test body, run per adapter.
 * - sqlite: the project's own file; a person acts with `--as`.
 * - postgres: a fresh database on $AIOPS_TEST_PG, made by `aiops db init`; a person acts under their
 *   own login (roster `login:`), as on their own host; the owner's URL reads and verifies.
 */
export interface CliLog {
  adapter: 'sqlite' | 'postgres';
  project: TempProject;
  /** The log as `--db` names it for `person` (no person: the owner, who verifies and exports). */
  db(person?: string): string;
  /** `aiops ARGS` as `person` (`input`: piped to its stdin; `input` or `spawn`: that call spawns the binary even in-process). */
  as(person: string, args: string[], opts?: CallOptions): Promise<CliResult>;
  /** `aiops ARGS` as the owner (evidence verify and export); `spawn` as for `as`. */
  owner(args: string[], opts?: Pick<CallOptions, 'spawn'>): Promise<CliResult>;
  cleanup(): Promise<void>;
}

/** One call: `input` piped to the binary's stdin; `spawn` runs the binary even on a log made `inProcess`. */
export interface CallOptions {
  input?: string;
  spawn?: boolean;
}

/** How a log's commands run: the spawned binary, or the same program in this process (a walk of many commands). */
export interface MakeOptions {
  withScenarios?: boolean;
  setup?: (p: TempProject) => void;
  inProcess?: boolean;
}

const PEOPLE = ['alice', 'bob', 'carol', 'dan', 'erin'] as const;
const suffix = Math.random().toString(36).slice(2, 7);
const loginOf = (p: string) => `${p}_c${suffix}`;
let rolesMade: Promise<void> | undefined;

/** The runner a call uses: in-process when asked, except a call that pipes stdin (only the binary reads one) or asks to spawn. */
function runner(opts: MakeOptions): (project: TempProject, args: string[], o?: CallOptions & { as?: string }) => Promise<CliResult> {
  return (project, args, { spawn, ...o } = {}) =>
    opts.inProcess && o.input === undefined && !spawn ? aiopsInProcess(project, args, { as: o.as }) : aiops(project, args, o);
}

function sqliteLog(opts: MakeOptions): Promise<CliLog> {
  const cli = runner(opts);
  const project = makeProject({ withScenarios: opts.withScenarios ?? false });
  opts.setup?.(project);
  return Promise.resolve({
    adapter: 'sqlite',
    project,
    db: () => project.db,
    as: (person, args, o = {}) => cli(project, args, { as: person, ...o }),
    owner: (args, o = {}) => cli(project, args, o),
    cleanup: async () => project.cleanup(),
  });
}

async function postgresLog(base: string, opts: MakeOptions): Promise<CliLog> {
  const cli = runner(opts);
  const project = makeProject({ withScenarios: opts.withScenarios ?? false });
  opts.setup?.(project);
  const rosterPath = join(project.dir, 'roster.yaml');
  let roster = readFileSync(rosterPath, 'utf8');
  for (const p of PEOPLE) roster = roster.replace(new RegExp(`^(\\s+${p}:\\s*\\{)`, 'm'), `$1login: ${loginOf(p)}, `);
  writeFileSync(rosterPath, roster);
  // One set of logins per test file (roles are the cluster's), dropped when its process ends.
  rolesMade ??= asSuperuser(base, async (c) => {
    for (const p of PEOPLE) await c.query(`CREATE ROLE ${loginOf(p)} LOGIN`);
  });
  await rolesMade;
  const db = await freshPgDatabase(base, 'aiops_cli');
  const init = await cli(project, ['db', 'init', '--url', db.url]);
  if (init.exitCode !== 0) throw new Error(`db init failed: ${init.stderr}`);
  const urlAs = (p: string) => pgUrlFor(db.url, { user: loginOf(p) });
  return {
    adapter: 'postgres',
    project,
    db: (p) => (p ? urlAs(p) : db.url),
    as: (person, args, o = {}) => cli(project, ['--db', urlAs(person), ...args], o),
    owner: (args, o = {}) => cli(project, ['--db', db.url, ...args], o),
    cleanup: async () => {
      project.cleanup();
      await db.drop();
    },
  };
}

/** Drops the logins this file made (call from afterAll in a file that used postgres logs). */
export async function dropCliLogins(): Promise<void> {
  const base = pgTestUrl();
  if (!base || !rolesMade) return;
  await rolesMade.catch(() => {});
  // The next file in this worker shares this module (isolate: false): it makes the logins again.
  rolesMade = undefined;
  await asSuperuser(base, async (c) => {
    for (const p of PEOPLE) await c.query(`DROP ROLE IF EXISTS ${loginOf(p)}`);
  });
}

/** Every adapter a CLI test runs on here: sqlite always, postgres with a server ($AIOPS_TEST_PG; required under CI). */
export function cliAdapters(): { adapter: CliLog['adapter']; make(opts?: MakeOptions): Promise<CliLog> }[] {
  const base = pgTestUrl();
  return [
    { adapter: 'sqlite', make: (opts = {}) => sqliteLog(opts) },
    ...(base ? [{ adapter: 'postgres' as const, make: (opts: MakeOptions = {}) => postgresLog(base, opts) }] : []),
  ];
}
