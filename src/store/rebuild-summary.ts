import type { StoredEvent } from '../core/events.js';
import { type IncidentSummary, SUMMARY_EVENT_TYPES, summarizeAll } from '../core/incident/summary-row.js';
import { summaryFromText } from '../core/incident/summary-shape.js';

/**
 * One incident's listing row folded from its events, for a stored row that cannot be read: the
 * rows are derived, so a damaged one is rebuilt rather than shown (verify names it). A payload that
 * is not a JSON object, or that folds into a row of the wrong shape, is left out as the verify
 * walk's fold leaves it out; undefined when nothing readable is left.
 */
export function summaryFromEvents(events: Iterable<StoredEvent>): IncidentSummary | undefined {
  let row: IncidentSummary | undefined;
  let id = '';
  for (const e of events) {
    const p = e.payload as unknown;
    if (!SUMMARY_EVENT_TYPES.has(e.type) || p === null || typeof p !== 'object' || Array.isArray(p)) continue;
    id = e.incidentId;
    try {
      row = summarizeAll(row, [e]);
    } catch {
      // a payload in no shape aiops writes folds to nothing
    }
  }
  return row && (summaryFromText(JSON.stringify(row), id) ?? undefined);
}
