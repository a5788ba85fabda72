import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { canonicalJsonText } from '../core/canonical-json.js';
import { parseYamlSource } from '../core/yaml-source.js';
import type { Project } from './project.js';

/**
 * What decides which command a hook runs and who must approve it, read from the YAML files
 * themselves: aiops.yaml whole (hooks, their approve floors, authority, identity), each
 * step's hook, params and approve, and every person's roles. Nothing here is validated: the
 * files' hashes already matched the ones that passed validation when the cache was written.
 */
function fromFiles(project: Omit<Project, 'dbPath'>, cwd: string, withPlaybooks: boolean): string | undefined {
  const raw = (file: string): unknown => parseYamlSource(file, readFileSync(file, 'utf8')).source?.value;
  const config = project.configFile ? (raw(project.configFile) ?? {}) : {};
  const roster = project.rosterFile ? (raw(project.rosterFile) as { people?: Record<string, { roles?: unknown }> } | undefined) : undefined;
  const playbooks = withPlaybooks ? project.playbooks.map((p) => stepHooks((raw(resolve(cwd, p.file)) as { steps?: unknown[] } | undefined)?.steps)) : [];
  return canonicalJsonText({ config, roles: rolesOf(roster?.people), playbooks });
}

/** The same, from the cached (validated) project. */
function fromCache(project: Omit<Project, 'dbPath'>, withPlaybooks: boolean): string | undefined {
  const people = project.rosterFile ? (project.roster.people as Record<string, { roles?: unknown }>) : undefined;
  const playbooks = withPlaybooks ? project.playbooks.map((p) => stepHooks(p.playbook.steps)) : [];
  return canonicalJsonText({ config: project.config, roles: rolesOf(people), playbooks });
}

function rolesOf(people: Record<string, { roles?: unknown }> | undefined): [string, unknown][] {
  return Object.entries(people ?? {}).map(([name, p]) => [name, p?.roles ?? []]);
}

function stepHooks(steps: unknown[] | undefined): unknown[] {
  // Every step, whatever its kind: a hook or approve added to any step is a difference.
  return (steps ?? []).map((s) => {
    const step = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    return { id: step.id, hook: step.hook, params: step.params, approve: step.approve };
  });
}

/**
 * True when a cached project's hooks, approval floors, authority and roles are what the YAML
 * files say. The cache is a file anyone with the checkout can edit; a command that acts never
 * takes those from it unchecked (issue 17). `playbooks: false` for a command on an incident
 * already open: its steps' hooks, params and approvals come from the playbook pinned in the log,
 * so the playbook files (most of the YAML) are not parsed again.
 */
export function cacheMatchesFiles(project: Omit<Project, 'dbPath'>, cwd: string, opts: { playbooks: boolean } = { playbooks: true }): boolean {
  try {
    const files = fromFiles(project, cwd, opts.playbooks);
    return files !== undefined && files === fromCache(project, opts.playbooks);
  } catch {
    return false;
  }
}
