import type { IncidentState } from '../core/incident-state.js';
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
