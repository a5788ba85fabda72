import type { IncidentNote } from '../core/incident-state.js';
import { noteOf } from '../core/incident/note-of.js';
import type { LogHolder } from './live-incident.js';

/** How many of the latest notes `incident show` lists unless asked for all of them (--all-notes). */
export const SHOWN_NOTES = 200;

/**
 * Every note of an incident (or the `latest` few), oldest first, read through the incident index: the incident state
 * keeps only the latest few (IncidentState.recentNotes), so a long incident does not hold them all.
 */
export async function readIncidentNotes(session: LogHolder, id: string, opts: { latest?: number } = {}): Promise<IncidentNote[]> {
  const notes: IncidentNote[] = [];
  const read = opts.latest === undefined ? {} : { limit: opts.latest, newestFirst: true };
  for (const e of await session.log.readIncident(id, { types: ['note.added'], ...read })) {
    if (e.type === 'note.added') notes.push(noteOf(e));
  }
  return notes;
}
