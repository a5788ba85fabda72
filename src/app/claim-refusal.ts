import type { IncidentState } from '../core/incident-state.js';
import { actingLoginConflict } from '../core/incident/acting-logins.js';
import { newEvent } from '../core/incident/new-event.js';
import type { Session } from './session.js';
import type { Verdict } from './pipeline.js';

/**
 * The refusal of a write made under a claimed name (--as, $AIOPS_USER) that is not the person the
 * session's identity established (a database login, or the OS user). On an existing incident it
 * carries the policy.refused event, by the real person, that logs the attempt.
 */
export function claimRefusal(session: Pick<Session, 'identity' | 'clock'>, state: IncidentState | null): Extract<Verdict<never>, { kind: 'refused' }> | null {
  const id = session.identity;
  if (!id?.claimed) return null;
  const message = `you are ${id.actor} here (${id.source}, identity: ${id.mode}); acting as ${id.claimed} is refused`;
  const event = newEvent(
    'policy.refused',
    { incidentId: state?.id ?? '', ts: session.clock.now().toISOString(), actor: id.actor, role: null },
    { rule: 'identity.claimed', command: 'as', message, args: { claimed: id.claimed, identity: id.mode } },
  );
  return { kind: 'refused', rule: 'identity.claimed', message, event };
}

/**
 * The refusal of a write whose database login contradicts who acted in this incident before: the
 * login acted here as another person, or the person acted under another login. Who a login is comes
 * from the roster on the host that runs the command; an edited copy (login: bob given to alice)
 * would otherwise let one login act, and approve, as two people. Logged by the person the log
 * pairs with the login (by the tool when it pairs none), so the refusal itself is no forgery.
 */
export function loginRefusal(session: Pick<Session, 'identity' | 'clock'>, state: IncidentState | null): Extract<Verdict<never>, { kind: 'refused' }> | null {
  const id = session.identity;
  // Whatever the host's identity mode: aiops.yaml is as easy to edit as the roster.
  if (!state || id?.login === undefined || state.drill?.auto) return null;
  const pinned = actingLoginConflict(state, id.login, id.actor);
  if (!pinned) return null;
  const what =
    pinned.login === id.login
      ? `database login "${id.login}" is ${pinned.person} in ${state.id} (as its opening and events record), and the roster here makes it ${id.actor}`
      : `${id.actor} is database login "${pinned.login}" in ${state.id} (as its opening and events record), and this is login "${id.login}"`;
  const message = `${what}: one login is one person in an incident, so acting as ${id.actor} is refused`;
  const hint = "compare this host's roster.yaml (its login: fields) with the team's; aiops evidence verify names any event written under another person's login";
  const actor = state.logins?.find((p) => p.login === id.login)?.person ?? 'system';
  const event = newEvent(
    'policy.refused',
    { incidentId: state.id, ts: session.clock.now().toISOString(), actor, role: null },
    { rule: 'identity.login', command: 'identity', message, args: { login: id.login, person: id.actor, pinned: `${pinned.login}=${pinned.person}` } },
  );
  return { kind: 'refused', rule: 'identity.login', message, hint, event };
}
