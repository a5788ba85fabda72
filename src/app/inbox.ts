import { missingApprovals } from '../core/decide.js';
import type { IncidentState } from '../core/incident-state.js';
import { personIn } from '../core/roster-person.js';
import { loadIncident } from './live-incident.js';
import { failureError } from './present-failure.js';
import type { Session } from './session.js';

/** One thing waiting on a person: an approval they can give, a step they own, a page they have not acknowledged. */
export type InboxItem =
  | { kind: 'approval'; incident: string; title: string; step: string; role: string; requestedAt: string }
  | { kind: 'step'; incident: string; title: string; step: string; role: string; current: boolean; overdue: boolean; dueAt: string | null }
  | { kind: 'page'; incident: string; title: string; page: string; reason: string; message: string; sentAt: string | null; escalatedFrom: string | null };

/** What waits on `person` in one incident at `now`. */
export function inboxOf(state: IncidentState, person: string, now: Date): InboxItem[] {
  const holds = (role: string) => state.roles[role]?.person === person;
  const base = { incident: state.id, title: state.title };
  const items: InboxItem[] = [];
  for (const step of state.steps) {
    if (step.status !== 'pending') continue;
    if (step.requestedAt && !step.denied) {
      for (const role of missingApprovals(step).filter(holds)) items.push({ kind: 'approval', ...base, step: step.id, role, requestedAt: step.requestedAt });
    }
    const overdue = step.dueAt !== null && Date.parse(step.dueAt) <= now.getTime() && state.path.includes(step.id);
    const current = state.current === step.id;
    if (holds(step.owner) && (current || overdue)) items.push({ kind: 'step', ...base, step: step.id, role: step.owner, current, overdue, dueAt: step.dueAt });
  }
  for (const p of state.pages) {
    if (p.to === person && !p.acked) items.push({ kind: 'page', ...base, page: p.page, reason: p.reason, message: p.message, sentAt: p.sentAt, escalatedFrom: p.escalatedFrom });
  }
  return items;
}

/**
 * What waits on `person` across the open (and mitigated) incidents, drills still being played
 * included, newest incident first. A name the roster does not know, with nothing waiting on it, is
 * a typo (`--as alcie`), not an empty inbox: refused as bad input the way assign refuses it. (A
 * drill, which needs no roster, may still seat such a name: what waits on it is shown.)
 */
export async function inbox(session: Session, person: string, now: Date): Promise<InboxItem[]> {
  // An ended drill waits on nobody: its steps stay pending in the record, but nobody plays it any more.
  const rows = (await session.log.summaries()).filter((r) => (r.status === 'open' || r.status === 'mitigated') && !r.drillEnded).reverse();
  const items: InboxItem[] = [];
  for (const r of rows) items.push(...inboxOf(await loadIncident(session, r.id), person, now));
  const people = Object.keys(session.project.roster.people);
  if (items.length === 0 && people.length > 0 && !personIn(session.project.roster.people, person)) {
    throw failureError({ ok: false, kind: 'invalid', code: 'person.not-in-roster', data: { person, people } });
  }
  return items;
}
