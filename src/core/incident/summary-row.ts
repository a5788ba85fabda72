import type { IncidentStatus, StoredEvent } from '../events.js';
import type { Severity } from '../constants.js';

/**
 * One incident as `incident list` and reports show it: a row the log keeps beside the events,
 * updated in each append's transaction, so a listing never reads events (nor the playbook copy
 * that every incident.opened carries). Derived from the events; never evidence.
 */
export interface IncidentSummary {
  id: string;
  title: string;
  service: string;
  severity: Severity;
  status: IncidentStatus;
  trigger: string | null;
  playbook: string;
  openedAt: string;
  drill: boolean;
  scenario: string | null;
  /** A drill that was ended (scored); `list` leaves it out unless --all. */
  drillEnded: boolean;
  commander: string | null;
  closedAt: string | null;
}

/** The event types that change a summary row; appends of other types leave it as it is. */
export const SUMMARY_EVENT_TYPES: ReadonlySet<string> = new Set(['incident.opened', 'status.changed', 'severity.changed', 'drill.ended', 'role.assigned']);

/** The row after one event (the same row when the event does not change it; undefined before the incident is opened). */
export function summarize(row: IncidentSummary | undefined, e: StoredEvent): IncidentSummary | undefined {
  if (e.type === 'incident.opened') {
    const p = e.payload;
    return {
      id: e.incidentId,
      title: p.title,
      service: p.service,
      severity: p.severity,
      status: 'open',
      trigger: p.trigger ?? null,
      // Tolerant of hand-made logs (tests, imports) whose opened event pins no playbook.
      playbook: p.playbook ? `${p.playbook.id}@${p.playbook.version}` : '',
      openedAt: e.ts,
      drill: Boolean(p.drill),
      scenario: p.drill?.scenario ?? null,
      drillEnded: false,
      commander: null,
      closedAt: null,
    };
  }
  if (!row) return row;
  switch (e.type) {
    case 'status.changed':
      return { ...row, status: e.payload.to, closedAt: e.payload.to === 'closed' ? e.ts : null };
    case 'severity.changed':
      return { ...row, severity: e.payload.to };
    case 'drill.ended':
      return { ...row, drillEnded: true };
    case 'role.assigned':
      return e.payload.role === 'commander' ? { ...row, commander: e.payload.person } : row;
    default:
      return row;
  }
}

/** Folds a batch of one incident's events into its row. */
export function summarizeAll(row: IncidentSummary | undefined, events: readonly StoredEvent[]): IncidentSummary | undefined {
  let out = row;
  for (const e of events) if (SUMMARY_EVENT_TYPES.has(e.type)) out = summarize(out, e);
  return out;
}

/** The summary row of every incident in a log read in seq order, with the seq each was opened at (backfills). */
export function summarizeLog(events: Iterable<StoredEvent>): Map<string, { openedSeq: number; row: IncidentSummary | undefined }> {
  const byIncident = new Map<string, { openedSeq: number; row: IncidentSummary | undefined }>();
  for (const e of events) {
    const known = byIncident.get(e.incidentId) ?? { openedSeq: e.type === 'incident.opened' ? e.seq : 0, row: undefined };
    known.row = summarizeAll(known.row, [e]);
    byIncident.set(e.incidentId, known);
  }
  return byIncident;
}
