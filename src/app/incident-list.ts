import { UserError } from '../core/errors.js';
import { type IncidentStatus, STATUSES } from '../core/events.js';
import { type ListFilter, summaryTextPasses } from '../core/incident/summary-filter.js';
import type { EventLog } from '../store/index.js';

export function parseStatusArg(text: string): IncidentStatus {
  if (!(STATUSES as string[]).includes(text)) throw new UserError(`status "${text}" is not one of ${STATUSES.join(', ')}`);
  return text as IncidentStatus;
}

/**
 * The listing as the summary rows' stored JSON texts, page by page, filtered without parsing
 * them: `incident list --json` streams these, so 100,000 incidents cost one pass over their rows.
 */
export async function* incidentListPages(session: { log: EventLog }, filter: ListFilter = {}): AsyncIterable<string[]> {
  for await (const page of session.log.summaryPages()) {
    const shown = page.filter((text) => summaryTextPasses(text, filter));
    if (shown.length > 0) yield shown;
  }
}
