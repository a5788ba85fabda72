import { type LoadedPlaybook, loadProject, type Project } from '../../src/app/project.js';
import { REPO } from './project.js';

let cached: Project | undefined;

/** The shipped project (aiops.yaml, roster, 7 playbooks), parsed once; no database. */
export function shippedProject(): Project {
  cached ??= loadProject({ cwd: REPO, env: {} });
  return cached;
}

export function shippedPlaybook(id: string, version?: string): LoadedPlaybook {
  const found = shippedProject().playbooks.filter((p) => p.playbook.id === id && (!version || p.playbook.version === version));
  if (!found.length) throw new Error(`no shipped playbook ${id}`);
  return found.sort((a, b) => (a.playbook.version < b.playbook.version ? 1 : -1))[0]!;
}
