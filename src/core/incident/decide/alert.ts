import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit } from './decision.js';

/**
 * Records a notification for the incident's alert: a repeat of the group, a change in what fires,
 * or the source saying it resolved. News about the incident, never a second incident; it changes
 * nothing a person decided (status and severity stay theirs), so it is always accepted.
 */
export function decideAlert(state: IncidentState, cmd: CommandOf<'alert'>, ctx: DecideContext): Decision {
  const warnings: string[] = [];
  if (state.alert?.key && cmd.received.key && state.alert.key !== cmd.received.key) {
    warnings.push(`${state.id} was opened from alert ${state.alert.key}; recorded ${cmd.received.key} beside it`);
  }
  return accept([emit(state, ctx, 'alert.received', cmd.received, null)], null, warnings);
}
