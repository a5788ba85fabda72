import type { StoredEvent } from '../events.js';
import type { RosterFile } from '../schemas/roster.js';
import type { IncidentState } from './state.js';

/** Actors a person's process writes in the name of the tool itself (hook outcomes, policies, drill injects): they belong to no login. */
export const TOOL_ACTORS: ReadonlySet<string> = new Set(['system', 'drill']);

/** One database login and the person it acted as in an incident. */
export interface ActingLogin {
  login: string;
  person: string;
}

/** Each roster person's database login (their `login:`, else their roster id), by login: what an opening on PostgreSQL pins. */
export function rosterLogins(roster: RosterFile): ActingLogin[] {
  return Object.entries(roster.people)
    .map(([person, p]) => ({ login: p.login ?? person, person }))
    .sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
}

/** The pairs an opening pinned, when they are in the shape aiops writes (a payload edited otherwise pins nothing). */
export function pinnedLogins(value: unknown): ActingLogin[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const pairs = value.filter((v): v is ActingLogin => typeof v === 'object' && v !== null && typeof v.login === 'string' && typeof v.person === 'string');
  return pairs.map((p) => ({ login: p.login, person: p.person }));
}

/**
 * Records which person an event's database login acted as, the first time either is seen in the
 * incident beyond the pairs its opening pinned (a PostgreSQL log stamps every event with the login that wrote it, and hashes it). The
 * pairs come from the log itself, so every host folds the same ones whatever its roster.yaml says;
 * an event pairing a login or person already paired otherwise adds nothing (`evidence verify`
 * names it). Unattended drills play their scripted people under one login: nothing is paired there.
 */
export function pinActingLogin(s: IncidentState, e: StoredEvent): void {
  if (e.login === undefined || e.login === null || TOOL_ACTORS.has(e.actor) || s.drill?.auto) return;
  const pinned = s.logins ?? [];
  if (pinned.some((p) => p.login === e.login || p.person === e.actor)) return;
  // A new array: the state read before this event (a snapshot, another fold) keeps its own.
  s.logins = [...pinned, { login: e.login, person: e.actor }];
}

/**
 * The pair `login` acting as `person` contradicts in this incident, or null when it contradicts
 * none: the login's own pair first (it acted as someone else), else the person's (they acted under
 * another login).
 */
export function actingLoginConflict(state: IncidentState, login: string, person: string): ActingLogin | null {
  const pinned = state.logins ?? [];
  const ofLogin = pinned.find((p) => p.login === login);
  if (ofLogin) return ofLogin.person === person ? null : ofLogin;
  return pinned.find((p) => p.person === person) ?? null;
}
