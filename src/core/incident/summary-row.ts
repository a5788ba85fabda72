import { type IncidentStatus, isEnded, type StoredEvent } from '../events.js';
import type { Severity } from '../constants.js';
import { parseDuration } from '../duration.js';

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
  /**
   * Pending steps with a due time (real incidents; a drill's dues run on its own clock): step →
   * seconds after openedAt, kept short because `incident list --json` streams every row as stored.
   * Absent when none, and on rows written before aiops kept it (those show no overdue flag).
   */
  dues?: Record<string, number>;
  /** Steps (and `hook:NAME` requests) waiting for approval: step → roles still to approve; absent when none. */
  awaiting?: Record<string, string[]>;
}

/** The pending steps of a real incident that have a due time, as the playbook pinned at open sets them. */
function duesAtOpen(e: Extract<StoredEvent, { type: 'incident.opened' }>): Record<string, number> | undefined {
  if (e.payload.drill) return undefined;
  const dues: Record<string, number> = {};
  for (const st of e.payload.playbookContent?.steps ?? []) {
    const ms = st.due === undefined ? undefined : parseDuration(st.due);
    if (ms !== undefined) dues[st.id] = Math.round(ms / 1000);
  }
  return nonEmpty(dues);
}

const nonEmpty = <T>(r: Record<string, T> | undefined) => (r && Object.keys(r).length > 0 ? r : undefined);

const without = <T>(r: Record<string, T> | undefined, key: string): Record<string, T> | undefined => {
  if (!r || !(key in r)) return r;
  const { [key]: _, ...rest } = r;
  return nonEmpty(rest);
};

/** How many of a row's pending steps are past due at `nowMs`. */
export function overdueCount(row: IncidentSummary, nowMs: number): number {
  if (!row.dues) return 0;
  const late = (nowMs - Date.parse(row.openedAt)) / 1000;
  let n = 0;
  for (const s of Object.values(row.dues)) if (s < late) n++;
  return n;
}

/** The event types that change a summary row; appends of other types leave it as it is. */
export const SUMMARY_EVENT_TYPES: ReadonlySet<string> = new Set([
  'incident.opened',
  'status.changed',
  'severity.changed',
  'incident.edited',
  'drill.ended',
  'role.assigned',
  'step.completed',
  'step.skipped',
  'approval.requested',
  'approval.granted',
  'approval.denied',
]);

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
      dues: duesAtOpen(e),
    };
  }
  if (!row) return row;
  switch (e.type) {
    case 'status.changed':
      return { ...row, status: e.payload.to, closedAt: isEnded(e.payload.to) ? e.ts : null };
    case 'severity.changed':
      return { ...row, severity: e.payload.to };
    case 'incident.edited':
      return { ...row, ...(typeof e.payload.title === 'string' ? { title: e.payload.title } : {}), ...(typeof e.payload.service === 'string' ? { service: e.payload.service } : {}) };
    case 'drill.ended':
      return { ...row, drillEnded: true };
    case 'role.assigned':
      return e.payload.role === 'commander' ? { ...row, commander: e.payload.person } : row;
    case 'step.completed':
    case 'step.skipped':
      return { ...row, dues: without(row.dues, e.payload.step), awaiting: without(row.awaiting, e.payload.step) };
    case 'approval.requested':
      return e.payload.roles.length ? { ...row, awaiting: { ...row.awaiting, [e.payload.step]: [...e.payload.roles] } } : row;
    case 'approval.granted': {
      const left = [...(row.awaiting?.[e.payload.step] ?? [])];
      const i = left.indexOf(e.payload.role);
      if (i >= 0) left.splice(i, 1);
      const done = e.payload.override !== undefined || left.length === 0;
      return { ...row, awaiting: done ? without(row.awaiting, e.payload.step) : { ...row.awaiting, [e.payload.step]: left } };
    }
    case 'approval.denied':
      return { ...row, awaiting: without(row.awaiting, e.payload.step) };
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
