import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid } from './decision.js';
import { facilitatorOnly } from './facilitator.js';

/**
 * The facilitator marks a drill's manual expectation met or missed. A judgment is final: the
 * facilitator may change it only with a reason, which the log keeps beside the new judgment.
 */
export function decideJudge(state: IncidentState, cmd: CommandOf<'judge'>, ctx: DecideContext): Decision {
  if (!state.drill) return invalid('incident.not-drill', { incident: state.id });
  const refused = facilitatorOnly(state, ctx, 'judge', 'judges expectations', { expectation: cmd.expectation, met: cmd.met });
  if (refused) return refused;
  const earlier = state.judged[cmd.expectation];
  const reason = cmd.reason?.trim();
  if (earlier && !reason) return invalid('judge.reason-missing', { expectation: cmd.expectation, met: earlier.met, by: earlier.by, at: earlier.ts });
  const payload = { expectation: cmd.expectation, met: cmd.met, ...(cmd.note ? { note: cmd.note } : {}), ...(earlier && reason ? { reason } : {}) };
  return accept([emit(state, ctx, 'drill.judged', payload, null)], null);
}
