import type { NewEvent, StoredEvent } from '../../src/core/events.js';
import { type EventLog, openEventLog } from '../../src/store/index.js';

/**
 * Seeds an open log with events exactly as given, in order: each run of consecutive events of
 * one incident is one append, expecting that incident as the log holds it now. A seed has no
 * racing writer, so a conflict is a broken test and throws.
 */
export async function appendTo(log: EventLog, events: readonly NewEvent[]): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  for (let start = 0; start < events.length; ) {
    const incidentId = events[start]!.incidentId;
    let end = start + 1;
    while (end < events.length && events[end]!.incidentId === incidentId) end++;
    const written = await log.append(events.slice(start, end), { incidentId, lastSeq: await log.incidentLastSeq(incidentId) });
    if (!written.ok) throw new Error(`seeding ${log.location}: ${incidentId} changed under the seed (${written.reason === 'conflict' ? `its last seq is now ${written.lastSeq}` : written.reason})`);
    stored.push(...written.events);
    start = end;
  }
  return stored;
}

/** Opens the log at `location` (creating it), seeds it with `events` (see appendTo) and closes it. */
export async function appendEvents(location: string, events: readonly NewEvent[]): Promise<StoredEvent[]> {
  const log = await openEventLog(location, { create: true });
  try {
    return await appendTo(log, events);
  } finally {
    await log.close();
  }
}
