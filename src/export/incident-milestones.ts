import type { IncidentStatus } from '../core/events.js';

export interface StatusChange {
  ts: string;
  to: IncidentStatus;
}

/**
 * When an incident reached each stage, from its status changes in log order. Each is the
 * first time: mitigated is the first move out of open (to mitigated, or straight to
 * resolved); resolved the first move to resolved; closed the first close. `correctionMs` is
 * first resolved → the first close after it. A reopened incident keeps its first times.
 */
export interface Milestones {
  opened: string;
  mitigated: string | null;
  resolved: string | null;
  closed: string | null;
  reopened: number;
  toMitigateMs: number | null;
  toResolveMs: number | null;
  toCloseMs: number | null;
  correctionMs: number | null;
}

export function incidentMilestones(openedAt: string, changes: readonly StatusChange[]): Milestones {
  let mitigated: string | null = null;
  let resolved: string | null = null;
  let closed: string | null = null;
  let reopened = 0;
  for (const c of changes) {
    if (c.to === 'open') reopened += 1;
    if (!mitigated && (c.to === 'mitigated' || c.to === 'resolved')) mitigated = c.ts;
    if (!resolved && c.to === 'resolved') resolved = c.ts;
    if (!closed && c.to === 'closed') closed = c.ts;
  }
  const start = Date.parse(openedAt);
  const since = (ts: string | null) => (ts ? Date.parse(ts) - start : null);
  return {
    opened: openedAt,
    mitigated,
    resolved,
    closed,
    reopened,
    toMitigateMs: since(mitigated),
    toResolveMs: since(resolved),
    toCloseMs: since(closed),
    correctionMs: resolved && closed ? Date.parse(closed) - Date.parse(resolved) : null,
  };
}
