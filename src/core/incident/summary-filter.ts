import { ENDED_STATUSES, type IncidentStatus } from '../events.js';

/** Which incidents a listing shows: one status; or every one (`all`); by default the open ones (not closed, no ended drill). */
export interface ListFilter {
  status?: IncidentStatus;
  all?: boolean;
  /** Only drills (true), only real incidents (false), or both. */
  drills?: boolean;
}

/** A listing's filter as substrings of a summary row's stored JSON text: it must hold every `has` and no `lacks`. */
export interface SummaryTextMatch {
  has: readonly string[];
  lacks: readonly string[];
}

/** The default listing's exclusions. The SQLite log keeps a partial index on exactly these (schema 3). */
export const NOT_LISTED_BY_DEFAULT: readonly string[] = [...ENDED_STATUSES.map((s) => `"status":"${s}"`), '"drillEnded":true'];

/**
 * The filter as substrings of the row's JSON text (`JSON.stringify` of the row). Sound because
 * inside a JSON string a quote is always escaped: `"status":"closed"` can only be the row's own
 * field, never part of a title.
 */
export function summaryTextMatch(filter: ListFilter): SummaryTextMatch {
  const has: string[] = [];
  const lacks: string[] = [];
  if (filter.status) has.push(`"status":"${filter.status}"`);
  else if (!filter.all) lacks.push(...NOT_LISTED_BY_DEFAULT);
  if (filter.drills === true) has.push('"drill":true');
  if (filter.drills === false) lacks.push('"drill":true');
  return { has, lacks };
}

/** Whether a stored summary text matches, decided without parsing it. */
export function summaryTextMatches(text: string, match: SummaryTextMatch): boolean {
  return match.has.every((s) => text.includes(s)) && !match.lacks.some((s) => text.includes(s));
}

/** Whether a summary row, given as the JSON text the log stores, passes a listing's filter. */
export function summaryTextPasses(text: string, filter: ListFilter): boolean {
  return summaryTextMatches(text, summaryTextMatch(filter));
}
