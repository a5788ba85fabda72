import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import { resolvePlaybookRef } from '../core/playbook-ref.js';
import { formatProblem, type Problem } from '../core/yaml-source.js';
import { type LoadedPlaybook, loadPlaybookFiles, packageRoot, type Project } from './project.js';

/** The playbook `incident start --title` opens when neither a trigger nor a playbook is given. */
export const GENERIC_TRIAGE = 'generic-triage';

/**
 * The project's generic-triage playbook (its newest version), else the one shipped with aiops, so a
 * project scaffolded before it existed can still open an incident without knowing what fired.
 */
export function genericTriagePlaybook(project: Project): LoadedPlaybook {
  const own = resolvePlaybookRef(GENERIC_TRIAGE, project.playbooks);
  if (own) return own;
  const problems: Problem[] = [];
  const [shipped] = loadPlaybookFiles([join(packageRoot(), 'playbooks', `${GENERIC_TRIAGE}.yaml`)], project.root, null, problems);
  if (!shipped) throw new UserError('the shipped generic-triage playbook could not be read', { details: problems.map(formatProblem), hint: 'pass --trigger T or --playbook ID' });
  return shipped;
}
