import { SEVERITIES, STANDARD_ROLES } from '../../core/constants.js';
import { knownTriggers } from '../../core/validate-config.js';
import type { CompletionRequest, ValueKind } from './complete-words.js';

const STATUSES = ['open', 'mitigated', 'resolved', 'closed', 'cancelled', 'duplicate-of'];

/**
 * Values the project and its log supply for one kind of word. Completion never fails out loud: a
 * broken config or a missing log gives fewer candidates, never an error on the user's terminal.
 */
export async function valuesFor(kind: ValueKind, req: CompletionRequest, env: NodeJS.ProcessEnv, cwd: string): Promise<string[]> {
  if (kind === 'severity') return [...SEVERITIES];
  if (kind === 'status') return STATUSES;
  if (kind === 'shell') return ['bash', 'zsh', 'fish'];
  const { loadProject } = await import('../../app/project.js');
  const project = loadProject({ cwd, config: req.globals.config ?? (env.AIOPS_CONFIG || undefined), db: req.globals.db, env, readOnly: true });
  switch (kind) {
    case 'person':
      return Object.keys(project.roster.people ?? {});
    case 'role':
      return [...new Set([...STANDARD_ROLES, ...project.playbooks.flatMap((p) => p.playbook.roles ?? [])])];
    case 'hook':
      return Object.keys(project.config.hooks ?? {});
    case 'playbook':
      return [...new Set(project.playbooks.flatMap((p) => [p.playbook.id, `${p.playbook.id}@${p.playbook.version}`]))];
    case 'trigger':
      return knownTriggers(project.playbooks);
    case 'scenario':
      return project.scenarios.flatMap((s) => (s.scenario.id ? [s.scenario.id] : []));
    case 'incident':
    case 'step':
      return fromLog(kind, req, project.dbPath);
    default:
      return [];
  }
}

async function fromLog(kind: 'incident' | 'step', req: CompletionRequest, dbPath: string): Promise<string[]> {
  const { logExists, openEventLog } = await import('../../store/index.js');
  if (!(await logExists(dbPath))) return [];
  const log = await openEventLog(dbPath, { readonly: true });
  try {
    // Ids are typed in any case and without their zeros (inc-2026-1): offered as the log spells them.
    if (kind === 'incident') return await log.incidentIdsLike(req.current.toUpperCase());
    if (!req.firstPositional) return [];
    const { canonicalIncidentId } = await import('../../core/incident-id.js');
    let id = req.firstPositional;
    try {
      id = canonicalIncidentId(id);
    } catch {
      // not an id: no steps to offer
    }
    const [opened] = await log.readIncident(id, { types: ['incident.opened'] });
    const content = (opened?.payload as { playbookContent?: { steps?: { id: string }[] } } | undefined)?.playbookContent;
    return (content?.steps ?? []).map((s) => s.id);
  } finally {
    await log.close();
  }
}
