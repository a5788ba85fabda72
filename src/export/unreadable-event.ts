import type { StoredEvent } from '../core/events.js';

/**
 * The warning a reader gives when it leaves an event out because `readablePayload` says no (or its
 * stamp is not a time): which event, what that changes (`effect`), and where the damage is named.
 */
export function unreadableEventWarning(e: Pick<StoredEvent, 'seq' | 'type' | 'incidentId'>, effect: string): string {
  return `seq ${e.seq} (${e.type} of ${e.incidentId}) is not as aiops writes it, so ${effect}; aiops evidence verify names the damage`;
}

/** What leaving out a drill's end does: its score is unknown. */
export function unknownScore(e: Pick<StoredEvent, 'incidentId'>): string {
  return `the score of ${e.incidentId} is unknown`;
}
