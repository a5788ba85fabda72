import { ENDED_STATUSES, type IncidentStatus } from '../events.js';

/** Which incidents a listing shows: one status; or every one (`all`); by default the open ones (not closed, no ended drill). */
export interface ListFilter {
  status?: IncidentStatus;
  all?: boolean;
  /** Only drills (true), only real incidents (false), or both. */
  drills?: boolean;
}

/**
 * Whether a summary row, given as the JSON text the log stores (`JSON.stringify` of the row),
 * passes a listing's filter, decided without parsing it. Sound because inside a JSON string a
 * quote is always escaped: `"status":"closed"` can only be the row's own field, never part of a title.
 */
export function summaryTextPasses(text: string, filter: ListFilter): boolean {
  if (filter.status) {
    if (!text.includes(`"status":"${filter.status}"`)) return false;
  } else if (!filter.all && (ENDED_STATUSES.some((s) => text.includes(`"status":"${s}"`)) || text.includes('"drillEnded":true'))) return false;
  if (filter.drills !== undefined && text.includes('"drill":true') !== filter.drills) return false;
  return true;
}
