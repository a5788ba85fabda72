import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid } from './decision.js';
import { facilitatorOnly } from './facilitator.js';

/**
 * Logs a drill's score; once, unless a later judgment changed the score of an ended drill
 * (`rescore`). Ending before the scenario's end is the facilitator's call; at its end anyone's
 * command (or `drill run`) ends it.
 */
export function decideDrillEnd(state: IncidentState, cmd: CommandOf<'drill-end'>, ctx: DecideContext): Decision {
  if (!state.drill) return invalid('incident.not-drill', { incident: state.id });
  if (cmd.rescore && !state.drillEnded) return invalid('drill.not-ended', { incident: state.id });
  if (!cmd.rescore && state.drillEnded) return invalid('drill.already-ended', { incident: state.id, at: state.drillEnded.ts, score: state.drillEnded.score });
  if (cmd.early && !cmd.rescore) {
    const refused = facilitatorOnly(state, ctx, 'drill-end', 'ends the drill before the scenario ends', {});
    if (refused) return refused;
  }
  const played = cmd.playedMs !== undefined && cmd.scenarioMs !== undefined ? { playedMs: cmd.playedMs, scenarioMs: cmd.scenarioMs } : {};
  return accept([emit(state, ctx, 'drill.ended', { score: cmd.score, early: cmd.early, results: cmd.results, ...played }, null)], null);
}
