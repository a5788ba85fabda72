import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid } from './decision.js';

/** Adds a debrief note to a drill (what went well, what to change). */
export function decideDebrief(state: IncidentState, cmd: CommandOf<'debrief'>, ctx: DecideContext): Decision {
  if (!cmd.text.trim()) return invalid('debrief.empty', {});
  return accept([emit(state, ctx, 'drill.debrief', { text: cmd.text }, null)], null);
}
