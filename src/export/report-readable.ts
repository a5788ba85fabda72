import type { StoredEvent } from '../core/events.js';
import { hasIsoShape, isoMillis } from '../core/iso-time.js';
import { readablePayload } from '../core/payload-shape.js';
import { unknownScore, unreadableEventWarning } from './unreadable-event.js';

/** What leaving an event out does to the report's figures. */
function effect(e: StoredEvent): string {
  if (e.type === 'incident.opened') return `${e.incidentId} is left out of the figures`;
  if (e.type === 'drill.ended') return unknownScore(e);
  return 'it counts for nothing in the figures';
}

/**
 * The events the report can read, and a warning for each it leaves out: a payload not as aiops
 * writes it (edited by hand), or a stamp that is no time (an opening stamped so cannot be placed in
 * any window, so its incident would drop out of the figures without a word). Never silently
 * different figures, never a crash on one bad event.
 */
export function readableReportEvents(events: readonly StoredEvent[]): { events: StoredEvent[]; warnings: string[] } {
  const kept: StoredEvent[] = [];
  const warnings: string[] = [];
  for (const e of events) {
    if (readablePayload(e) && hasIsoShape(e.ts) && Number.isFinite(isoMillis(e.ts))) kept.push(e);
    else warnings.push(unreadableEventWarning(e, effect(e)));
  }
  return { events: kept, warnings };
}
