import { UserError } from '../core/errors.js';
import { type IncidentStatus, isEnded, STATUSES } from '../core/events.js';
import type { IncidentSummary } from '../core/incident/summary-row.js';
import type { Session } from './session.js';
import { type ListFilter, summaryTextMatch } from '../core/incident/summary-filter.js';
import type { EventLog } from '../store/index.js';

/** Parses a --status value; UserError names the statuses. `duplicate-of`, as the status verb is typed (and completed), is `duplicate`. */
export function parseStatusArg(text: string): IncidentStatus {
  const status = text === 'duplicate-of' ? 'duplicate' : text;
  if (!(STATUSES as string[]).includes(status)) throw new UserError(`status "${text}" is not one of ${STATUSES.join(', ')}`);
  return status as IncidentStatus;
}

/** Every incident from its summary row (kept by each append): no events read, no playbook parsed. */
export async function listIncidents(session: Pick<Session, 'log'>, filter: { status?: string; all?: boolean; drills?: boolean } = {}): Promise<IncidentSummary[]> {
  let out = await session.log.summaries();
  if (filter.status) out = out.filter((r) => r.status === filter.status);
  // An ended drill is over even if nobody closed its incident: it is not in the way of real work.
  else if (!filter.all) out = out.filter((r) => !isEnded(r.status) && !r.drillEnded);
  if (filter.drills === false) out = out.filter((r) => !r.drill);
  if (filter.drills === true) out = out.filter((r) => r.drill);
  return out;
}

/**
 * The listing as the summary rows' stored JSON texts joined by `separator`, a page at a time:
 * `incident list --json` writes these, so 100,000 incidents cost one read of their rows,
 * filtered by the store without parsing them.
 */
export function incidentListChunks(session: { log: EventLog }, filter: ListFilter, separator: string): AsyncIterable<string> {
  return session.log.summaryChunks(summaryTextMatch(filter), separator);
}
