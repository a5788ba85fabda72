import type { StoredEvent } from '../../core/events.js';
import { canonicalJson } from '../../core/hash-chain.js';
import { type IncidentSummary, SUMMARY_EVENT_TYPES, summarizeAll } from '../../core/incident/summary-row.js';
import type { EventRow } from '../row-mapping.js';
import type { SummaryCheck, SummaryProblem } from '../types.js';

/** A stored listing row as the adapter reads it: the incident and the row's JSON text. */
export interface StoredSummaryRow {
  incident_id: string;
  summary: string;
}

/** Keys a row written by an earlier aiops may lack (it kept no dues or approvals then): absent is not wrong. */
const LATER_KEYS = new Set(['dues', 'awaiting']);

/**
 * The listing rows (incident_summaries) folded again from the events, fed in seq order during a
 * whole-chain walk, then compared with the rows the log stores. Those rows are derived, not
 * evidence: a wrong one breaks no chain, but it hides an incident from `incident list` and
 * `inbox` (or shows one that is not there), so a walk that says "ok" over it would mislead.
 */
export function summaryDeriver(): { push(row: EventRow, payload: unknown): void; compare(stored: Iterable<StoredSummaryRow>): SummaryCheck } {
  const derived = new Map<string, IncidentSummary | undefined>();
  const push = (row: EventRow, payload: unknown): void => {
    if (!SUMMARY_EVENT_TYPES.has(row.type)) return;
    const e = { seq: row.seq, incidentId: row.incident_id, ts: row.ts, actor: row.actor, role: row.role, type: row.type, payload } as StoredEvent;
    try {
      derived.set(row.incident_id, summarizeAll(derived.get(row.incident_id), [e]));
    } catch {
      // A payload in no shape aiops writes (the chain walk names it if it was edited) folds to nothing.
      derived.set(row.incident_id, derived.get(row.incident_id));
    }
  };
  const compare = (stored: Iterable<StoredSummaryRow>): SummaryCheck => {
    const problems: SummaryProblem[] = [];
    const seen = new Set<string>();
    let checked = 0;
    for (const s of stored) {
      checked += 1;
      seen.add(s.incident_id);
      const problem = compareRow(s, derived.get(s.incident_id));
      if (problem) problems.push(problem);
    }
    for (const [incidentId, row] of derived) {
      if (row && !seen.has(incidentId)) {
        problems.push({ incidentId, kind: 'summary-missing', message: `${incidentId} has no listing row: incident list and inbox do not show it` });
      }
    }
    return { checked, problems };
  };
  return { push, compare };
}

function compareRow(stored: StoredSummaryRow, derived: IncidentSummary | undefined): SummaryProblem | null {
  const incidentId = stored.incident_id;
  if (!derived) {
    return { incidentId, kind: 'summary-extra', message: `a listing row names ${shown(incidentId)}, which the events never opened: incident list shows an incident that is not there` };
  }
  let row: Record<string, unknown>;
  try {
    row = JSON.parse(stored.summary) as Record<string, unknown>;
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error('not an object');
  } catch {
    return { incidentId, kind: 'summary-differs', message: `the listing row of ${incidentId} is not a JSON object` };
  }
  const fromEvents = derived as unknown as Record<string, unknown>;
  const differs: string[] = [];
  for (const key of new Set([...Object.keys(fromEvents), ...Object.keys(row)])) {
    if (LATER_KEYS.has(key) && !(key in row)) continue;
    const a = key in row ? canonicalJson(row[key]) : 'absent';
    const b = key in fromEvents && fromEvents[key] !== undefined ? canonicalJson(fromEvents[key]) : 'absent';
    if (a !== b) differs.push(`${shown(key)} ${shown(a)} in the row, ${shown(b)} in its events`);
  }
  if (differs.length === 0) return null;
  const more = differs.length > 3 ? ` (and ${differs.length - 3} more field(s))` : '';
  return { incidentId, kind: 'summary-differs', message: `the listing row of ${incidentId} differs from its events: ${differs.slice(0, 3).join('; ')}${more}` };
}

/** A value as a message shows it: at most 60 characters. */
function shown(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
