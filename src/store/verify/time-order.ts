import { hasIsoShape, isoMillis } from '../../core/iso-time.js';
import type { VerifyProblem } from '../types.js';

/** The instants aiops writes (toISOString), or any ISO 8601 instant with a zone. */
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

/**
 * Watches the timestamps of each incident's events in seq order: aiops stamps an incident's
 * events never earlier than its last one (drills in drill time, real incidents in real time),
 * so a timestamp that goes backwards within an incident was written by a clock that disagreed,
 * or by hand; a time that is no instant at all was written by hand. Returns a checker fed rows in seq order.
 */
export function timeOrderChecker(): (row: { seq: number; incident_id: string; ts: string }) => VerifyProblem | null {
  const lastByIncident = new Map<string, { seq: number; ts: string; ms: number }>();
  return (row) => {
    // isoMillis is Date.parse's answer, read digit by digit for the form aiops writes (which needs no pattern test).
    const ms = hasIsoShape(row.ts) || ISO_INSTANT.test(row.ts) ? isoMillis(row.ts) : Number.NaN;
    if (Number.isNaN(ms)) {
      return { seq: row.seq, incidentId: row.incident_id, kind: 'bad-row', message: `seq ${row.seq}: its time ${JSON.stringify(row.ts)} is not an ISO 8601 instant; aiops never writes one` };
    }
    const prior = lastByIncident.get(row.incident_id);
    if (prior && ms < prior.ms) {
      return {
        seq: row.seq,
        incidentId: row.incident_id,
        kind: 'time-backwards',
        message: `seq ${row.seq}: its time ${row.ts} is earlier than seq ${prior.seq} of ${row.incident_id} (${prior.ts}); an incident's timeline never goes backwards`,
      };
    }
    // One record per incident, updated in place: a 10,000-event walk makes no object per row.
    if (prior) {
      prior.seq = row.seq;
      prior.ts = row.ts;
      prior.ms = ms;
    } else lastByIncident.set(row.incident_id, { seq: row.seq, ts: row.ts, ms });
    return null;
  };
}
