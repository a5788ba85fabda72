import type { IncidentNote } from '../core/incident-state.js';
import type { EvidenceStore } from '../store/index.js';

/**
 * Every note of an incident, oldest first, read from the log: the incident state keeps only the
 * latest few (IncidentState.recentNotes), so a long incident does not hold them all in memory.
 */
export function readIncidentNotes(store: Pick<EvidenceStore, 'readIncidentOfTypes'>, id: string): IncidentNote[] {
  const notes: IncidentNote[] = [];
  for (const e of store.readIncidentOfTypes(id, ['note.added'])) {
    if (e.type === 'note.added') notes.push({ seq: e.seq, ts: e.ts, actor: e.actor, text: e.payload.text, attachments: e.payload.attachments });
  }
  return notes;
}
