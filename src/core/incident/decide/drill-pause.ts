import { drillTimeAt, drillTimingOf } from '../../drill-time.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid } from './decision.js';
import { facilitatorOnly } from './facilitator.js';

const openPause = (state: IncidentState) => state.drill?.pauses?.find((p) => p.to === null) ?? null;

/** The facilitator stops the drill clock (a discussion, a question): from `real`, drill time stands still and is not scored. */
export function decideDrillPause(state: IncidentState, cmd: CommandOf<'drill-pause'>, ctx: DecideContext): Decision {
  if (!state.drill) return invalid('incident.not-drill', { incident: state.id });
  if (state.drillEnded) return invalid('drill.already-ended', { incident: state.id, at: state.drillEnded.ts, score: state.drillEnded.score });
  const refused = facilitatorOnly(state, ctx, 'drill-pause', 'pauses the drill', {});
  if (refused) return refused;
  const open = openPause(state);
  // Since when, on the drill clock (which stood still from then): the time the drill's events and refusals are told in.
  if (open) return invalid('drill.already-paused', { incident: state.id, since: drillTimeAt(drillTimingOf(state)!, new Date(open.from)).toISOString() });
  const reason = cmd.reason?.trim();
  return accept([emit(state, ctx, 'drill.paused', { real: cmd.real, ...(reason ? { reason } : {}) }, null)], null);
}

/** The facilitator starts the drill clock again from `real`. */
export function decideDrillResume(state: IncidentState, cmd: CommandOf<'drill-resume'>, ctx: DecideContext): Decision {
  if (!state.drill) return invalid('incident.not-drill', { incident: state.id });
  const refused = facilitatorOnly(state, ctx, 'drill-resume', 'resumes the drill', {});
  if (refused) return refused;
  const open = openPause(state);
  if (!open) return invalid('drill.not-paused', { incident: state.id });
  // A resume never stamps before its pause, whatever a caller's real clock says.
  const real = Date.parse(cmd.real) < Date.parse(open.from) ? open.from : cmd.real;
  return accept([emit(state, ctx, 'drill.resumed', { real }, null)], null);
}
