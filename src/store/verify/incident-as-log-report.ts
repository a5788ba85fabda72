import type { IncidentVerifyReport, VerifyReport } from '../types.js';

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
