import type { IncidentNote } from '../core/incident-state.js';
import type { LogHolder } from './live-incident.js';

/**
 * Every note of an incident, oldest first, read through the incident index: the incident state
 * keeps only the latest few (IncidentState.recentNotes), so a long incident does not hold them all.
 */
export async function readIncidentNotes(session: LogHolder, id: string): Promise<IncidentNote[]> {
  const notes: IncidentNote[] = [];
  for (const e of await session.log.readIncident(id, { types: ['note.added'] })) {
    if (e.type === 'note.added') notes.push({ seq: e.seq, ts: e.ts, actor: e.actor, text: e.payload.text, attachments: e.payload.attachments });
  }
  return notes;
}
