import type { StoredEvent } from '../../core/events.js';
import type { EventRow } from '../row-mapping.js';
import type { IncidentVerifyReport, VerifyReport } from '../types.js';
import { type StoredSummaryRow, summaryDeriver } from './summary-check.js';
import { type IncidentChainView, walkIncident } from './walk-incident.js';

/**
 * verify({incidentId}): the incident's walk in the shape of `verify()`'s report (`events` counts
 * the events re-hashed: the incident's), and, where the log keeps listing rows (`stored` is not
 * null), the incident's row folded again from the events it walked and compared with the stored
 * one, as the whole-chain walk does for every row: an edited row fails the check
 * (LISTING MISMATCH) though the chain is intact.
 */
export function verifyIncidentView(id: string, view: IncidentChainView, stored: StoredSummaryRow[] | null): VerifyReport {
  const derive = summaryDeriver();
  const walk = walkIncident(id, view, (e: StoredEvent) => derive.push({ seq: e.seq, incident_id: id, ts: e.ts, actor: e.actor, role: e.role, type: e.type } as EventRow, e.payload));
  const report = incidentAsLogReport(walk, view.last);
  if (stored) {
    report.summaries = derive.compare(stored);
    if (report.summaries.problems.length > 0) report.ok = false;
  }
  return report;
}

/** An incident-scoped check in the shape of `verify()`'s report: `events` counts the events re-hashed (the incident's). */
export function incidentAsLogReport(report: IncidentVerifyReport, last: { seq: number; hash: string } | null): VerifyReport {
  return {
    ok: report.ok,
    scope: 'incident',
    events: report.incidentEvents,
    incidentEvents: report.incidentEvents,
    head: last,
    firstBad: report.firstBad,
  };
}
