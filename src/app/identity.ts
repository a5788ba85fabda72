import { PolicyRefusal } from '../core/errors.js';
import type { Session } from './session.js';

/** A name as the roster spells it, compared case-insensitively: `Alice` and `alice` are one person. */
export function rosterSpelling(people: Record<string, unknown>, who: string): string {
  if (Object.hasOwn(people, who)) return who;
  const lower = who.toLowerCase();
  return Object.keys(people).find((id) => id.toLowerCase() === lower) ?? who;
}

/**
 * With a roster, only its people may write to a real incident: identity rests on --as /
 * AIOPS_USER / the OS user, so the roster is the list of names that count. Drills opt out.
 */
export function assertRosterMember(session: Pick<Session, 'project' | 'actor'>): void {
  const people = session.project.roster.people;
  if (Object.keys(people).length === 0 || Object.hasOwn(people, session.actor)) return;
  throw new PolicyRefusal('identity.roster', `${session.actor} is not in the roster (${session.project.rosterFile ?? 'roster.yaml'}); only its people may act on incidents`);
}
