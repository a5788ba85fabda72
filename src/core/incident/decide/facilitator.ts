import type { IncidentState } from '../../incident-state.js';
import type { DecideContext } from './command.js';
import { refuse } from './decision.js';
import type { Refused } from './failures.js';

/** Who runs a drill: the facilitator it was opened with, or (drills from before facilitators) its starter. */
export function facilitatorOf(state: IncidentState): string | null {
  if (!state.drill) return null;
  return state.drill.facilitator ?? state.openedBy;
}

/** The refusal when someone other than the drill's facilitator judges, pauses, resumes or ends it early; null when they may. */
export function facilitatorOnly(state: IncidentState, ctx: DecideContext, command: string, what: string, args: Record<string, unknown>): Refused | null {
  const facilitator = facilitatorOf(state);
  if (facilitator === null || facilitator.toLowerCase() === ctx.actor.toLowerCase()) return null;
  return refuse(state, ctx, 'drill.facilitator', command, args, { incident: state.id, facilitator, actor: ctx.actor, what });
}
