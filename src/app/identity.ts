import { userInfo } from 'node:os';
import { relative } from 'node:path';
import { PolicyRefusal, UserError } from '../core/errors.js';
import type { StoredEvent } from '../core/events.js';
import { TOOL_ACTORS } from '../core/incident/acting-logins.js';
import { rosterNameOf } from '../core/roster-person.js';
import type { RosterFile } from '../core/schemas/roster.js';
import type { Session } from './session.js';

/**
 * Who is acting, as the team chose in aiops.yaml (`identity:`):
 * - `database` (the default on PostgreSQL): the roster person whose login the log is connected as;
 * - `os`: the OS user (a shared host);
 * - `claimed` (the default on SQLite and memory): whatever --as / $AIOPS_USER says.
 * Under `database` and `os` a claimed name (--as, $AIOPS_USER) that is someone else is refused:
 * `claimed` is set and every write through the pipeline is refused and logged as policy.refused.
 */
export type IdentityMode = 'database' | 'os' | 'claimed';

export interface Identity {
  mode: IdentityMode;
  /** The person acting. */
  actor: string;
  /** Where the identity came from, for messages: `login "ana"`, `OS user ana`. */
  source?: string;
  /** A name given with --as / $AIOPS_USER that is not the acting person (refused on every write). */
  claimed?: string;
  /** The database login the log is connected as (PostgreSQL), whatever the mode: the incident's pairs of logins and people are checked against it. */
  login?: string;
}

/** The person whose login is `login` (their `login:`, else their roster id). */
export function personOfLogin(roster: RosterFile, login: string): string | undefined {
  for (const [id, p] of Object.entries(roster.people)) if ((p.login ?? id) === login) return id;
  return undefined;
}

export function resolveIdentity(opts: {
  mode: IdentityMode | undefined;
  login: string | undefined;
  roster: RosterFile;
  claimed: string | undefined;
  resolveClaimed: () => string;
}): Identity {
  const mode = opts.mode ?? (opts.login !== undefined ? 'database' : 'claimed');
  const login = opts.login !== undefined ? { login: opts.login } : {};
  if (mode === 'claimed') return { mode, actor: opts.resolveClaimed(), ...login };
  let actor: string;
  let source: string;
  if (mode === 'database') {
    if (opts.login === undefined) {
      // Only a PostgreSQL log knows its login; elsewhere `identity: database` falls back to the OS user.
      return resolveIdentity({ ...opts, mode: 'os' });
    }
    actor = personOfLogin(opts.roster, opts.login) ?? opts.login;
    source = `database login "${opts.login}"`;
  } else {
    actor = osUser();
    source = `OS user "${actor}"`;
  }
  const claimed = opts.claimed !== undefined && opts.claimed !== actor ? opts.claimed : undefined;
  return { mode, actor, source, claimed, ...login };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** What `evidence verify` reports about an event whose actor is not the person its login belongs to. */
export interface IdentityProblem {
  seq: number;
  incidentId: string;
  actor: string;
  login: string;
  person: string | null;
  message: string;
}


/**
 * Events whose actor does not match their login's roster person. Events without a login (SQLite,
 * or copied from it) and the events of unattended (--auto) drills, whose script names the actors,
 * are not judged. Fed one event at a time in seq order (a log read page by page never sits in memory whole).
 */
export function actorCheck(roster: RosterFile): { push(e: StoredEvent): void; result(): { checked: number; problems: IdentityProblem[] } } {
  let checked = 0;
  const problems: IdentityProblem[] = [];
  // An unattended drill (--auto) plays its scripted people's entries under the login of whoever ran it.
  const scripted = new Set<string>();
  const push = (e: StoredEvent): void => {
    // A hand-edited opening may hold no object at all (its export says verification FAILED).
    if (e.type === 'incident.opened' && (e.payload as { drill?: { auto?: boolean } } | null)?.drill?.auto) scripted.add(e.incidentId);
    if (e.login === undefined || scripted.has(e.incidentId)) return;
    checked += 1;
    const person = personOfLogin(roster, e.login) ?? null;
    if (e.actor === person || TOOL_ACTORS.has(e.actor)) return;
    problems.push({
      seq: e.seq,
      incidentId: e.incidentId,
      actor: e.actor,
      login: e.login,
      person,
      message: `seq ${e.seq}: actor "${e.actor}" but written by database login "${e.login}"${person ? ` (roster person ${person})` : ', who is no roster person'}`,
    });
  };
  return { push, result: () => ({ checked, problems }) };
}

/** A name as the roster spells it, compared case-insensitively: `Alice` and `alice` are one person. */
export function rosterSpelling(people: Record<string, unknown>, who: string): string {
  return rosterNameOf(people, who) ?? who;
}

/** Whether `person` may act: with no roster anyone may; a roster file that lists nobody lets nobody act (refused as bad input). */
function inRoster(session: Pick<Session, 'project'>, person: string): boolean {
  const { people } = session.project.roster;
  const file = session.project.rosterFile;
  // A roster file with nobody in it is a mistake (an emptied file, a bad merge), not "no roster": refused like a missing one.
  if (file && Object.keys(people).length === 0) {
    const shown = relative(session.project.root, file);
    throw new UserError('the roster lists no people, so nobody may act on incidents', {
      where: { file: shown && !shown.startsWith('..') ? shown : file },
      hint: `add people to it, e.g. people: {alice: {name: Alice Ng, contact: "slack:@alice", roles: [commander]}}`,
    });
  }
  return mayAct(people, person);
}

/** With no roster anyone may act; with one, its people. */
function mayAct(people: Record<string, unknown>, person: string): boolean {
  return Object.keys(people).length === 0 || Object.hasOwn(people, person);
}

/** A few of the roster's people, to name in a refusal. */
function somePeople(people: Record<string, unknown>): string {
  const ids = Object.keys(people);
  return `${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}`;
}

/**
 * With a roster, only its people may write to a real incident: with `identity: claimed` the name
 * rests on --as / AIOPS_USER / the OS user, so the roster is the list of names that count. Drills
 * opt out for their players, not for the facilitator's acts and the after-action record
 * (pipeline.ts RunOptions.rosterOnDrills).
 */
export function assertRosterMember(session: Pick<Session, 'project' | 'actor' | 'identity'>): void {
  const { people } = session.project.roster;
  if (inRoster(session, session.actor)) return;
  const rosterFile = session.project.rosterFile ?? 'roster.yaml';
  if (session.identity?.mode === 'database') {
    // The login decides who acts here (--as is refused): the roster must know whose login it is.
    throw new PolicyRefusal(
      'identity.roster',
      `database login "${session.actor}" belongs to no person in the roster (${rosterFile}); only its people may act on incidents: give the person it belongs to \`login: ${session.actor}\` there (or add them), or connect with your own login (PGUSER)`,
    );
  }
  if (session.identity?.mode === 'os') {
    throw new PolicyRefusal(
      'identity.roster',
      `OS user "${session.actor}" is no person in the roster (${rosterFile}); only its people may act on incidents (identity: os): add them there under that name, or run aiops as your own OS user`,
    );
  }
  // (the name came from --as, $AIOPS_USER or the OS user: say how to act as someone on it)
  throw new PolicyRefusal(
    'identity.roster',
    `${session.actor} is not in the roster (${rosterFile}); only its people may act on incidents: act as one of them (${somePeople(people)}) with --as NAME or AIOPS_USER=NAME`,
  );
}

/**
 * The warning for an unattended drill whose facilitator (whoever ran it) is no roster person while
 * expectations wait to be judged: only the facilitator judges them, and nobody outside the roster
 * may act, so they would stay not judged. Empty when there is nothing to say.
 */
export function unjudgedByOutsider(session: Pick<Session, 'project'>, facilitator: string, results: readonly { id: string; outcome: string }[]): string[] {
  const waiting = results.filter((r) => r.outcome === 'not_judged').map((r) => r.id);
  if (waiting.length === 0 || mayAct(session.project.roster.people, facilitator)) return [];
  return [
    `nobody can judge ${waiting.join(', ')} on this run: only its facilitator may, and ${facilitator} is not in the roster (${session.project.rosterFile ?? 'roster.yaml'}); name one of its people with --facilitator NAME (or run as one with --as NAME)`,
  ];
}

/**
 * A drill's facilitator judges, pauses and ends it, which only roster people may do: a facilitator
 * outside the roster would leave a drill nobody can judge or end early. The starter (unnamed) is
 * checked as whoever acts; a named one (`--facilitator`) must be in the roster, in every identity mode.
 */
export function assertRosterFacilitator(session: Pick<Session, 'project' | 'actor' | 'identity'>, named: string | undefined): void {
  if (named === undefined) return assertRosterMember(session);
  if (inRoster(session, named)) return;
  const rosterFile = session.project.rosterFile ?? 'roster.yaml';
  throw new PolicyRefusal(
    'identity.roster',
    `${named} is not in the roster (${rosterFile}); only its people may act on incidents, and the facilitator judges, pauses and ends the drill: name one of them (${somePeople(session.project.roster.people)}) with --facilitator NAME`,
  );
}
