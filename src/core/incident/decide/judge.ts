import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid } from './decision.js';

/** The facilitator marks a drill's manual expectation met or missed. */
export function decideJudge(state: IncidentState, cmd: CommandOf<'judge'>, ctx: DecideContext): Decision {
  if (!state.drill) return invalid('incident.not-drill', { incident: state.id });
  return accept([emit(state, ctx, 'drill.judged', { expectation: cmd.expectation, met: cmd.met, ...(cmd.note ? { note: cmd.note } : {}) }, null)], null);
}
