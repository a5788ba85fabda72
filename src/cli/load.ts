import type { Project } from '../app/project.js';
import type { CliContext } from './context.js';
import { packageVersion } from './version.js';

/**
 * Loads the project for a command; problems in unrelated files go to stderr as warnings. `readOnly`: the command reads only, goes on despite broken files and
 * trusts the cache; `listing`: it trusts the cache (no YAML re-read) but a broken file still stops it;
 * `pinned`: it acts on an incident already open, so of the cache only aiops.yaml and the roster are re-checked.
 */
export async function loadProjectFor(ctx: CliContext, opts: { quiet?: boolean; readOnly?: boolean; listing?: boolean; pinned?: boolean } = {}): Promise<Project> {
  const where = { cwd: ctx.cwd, config: ctx.config, db: ctx.db, env: ctx.env, readOnly: opts.readOnly };
  const cache = await import('../app/project-cache.js');
  const version = packageVersion();
  const cached = await cache.readCachedProject({ ...where, readOnly: opts.readOnly || opts.listing, pinned: opts.pinned }, version);
  if (cached) return warnOfDbPassword(ctx, cached);
  const { loadProject } = await import('../app/project.js');
  const project = loadProject(where);
  cache.writeCachedProject(where, project, version);
  // A read-only command going on despite a broken aiops.yaml or roster always says so.
  if ((!opts.quiet || opts.readOnly) && project.problems.length > 0 && !ctx.json) await warnOfProblems(ctx, project);
  return warnOfDbPassword(ctx, project);
}

/** A password in aiops.yaml's `db:` is said on every command that loads the project (on stderr, never the password). */
async function warnOfDbPassword(ctx: CliContext, project: Project): Promise<Project> {
  if (!project.configFile || project.config.db === undefined) return project;
  const { dbPasswordWarning } = await import('../core/db-password.js');
  const warning = dbPasswordWarning(project.config.db);
  if (warning) {
    const { relative } = await import('node:path');
    const rel = relative(ctx.cwd, project.configFile);
    ctx.err(`warning: ${rel && !rel.startsWith('..') ? rel : project.configFile}: ${warning}`);
  }
  return project;
}

/**
 * Problems in playbooks, aiops.yaml or the roster are listed (the first 10); problems in drill
 * scenarios are one line naming the command that lists them, as they matter to drills only (a
 * roster edited to the team's own people leaves the shipped scenarios naming the example ones).
 */
async function warnOfProblems(ctx: CliContext, project: Project): Promise<void> {
  const { resolve, sep } = await import('node:path');
  const scenarioDir = resolve(project.root, project.config.scenarios ?? 'scenarios') + sep;
  const inScenarios = project.problems.filter((p) => resolve(ctx.cwd, p.file).startsWith(scenarioDir));
  const others = project.problems.filter((p) => !inScenarios.includes(p));
  if (others.length > 0) {
    const { formatProblem } = await import('../core/yaml-source.js');
    ctx.err(`warning: ${others.length} problem(s) in the project's files; the broken parts are ignored:`);
    for (const p of others.slice(0, 10)) ctx.err(`  ${formatProblem(p)}`);
    if (others.length > 10) ctx.err(`  … run \`aiops playbook validate\` (--format config|roster FILE for those files) for all of them`);
  }
  if (inScenarios.length > 0) {
    const files = new Set(inScenarios.map((p) => p.file)).size;
    ctx.err(`warning: ${inScenarios.length} problem(s) in ${files} drill scenario file(s), left out of drills; \`aiops scenario validate\` lists them`);
  }
}
