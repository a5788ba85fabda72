import { settleAlerts } from '../../alerts.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit } from './decision.js';

/**
 * Records a notification for the incident's alert: a repeat of the group, a change in what fires,
 * or the source saying it resolved. News about the incident, never a second incident; it changes
 * nothing a person decided (status and severity stay theirs), so it is always accepted.
 * What fires afterwards goes by each alert's own time at the source (settleAlerts): a late,
 * reordered delivery is recorded, with its payload, but does not undo what the source said since.
 */
export function decideAlert(state: IncidentState, cmd: CommandOf<'alert'>, ctx: DecideContext): Decision {
  const warnings: string[] = [];
  if (state.alert?.key && cmd.received.key && state.alert.key !== cmd.received.key) {
    warnings.push(`${state.id} was opened from alert ${state.alert.key}; recorded ${cmd.received.key} beside it`);
  }
  const got = cmd.received;
  const { alerts, kept } = settleAlerts(state.alert?.alerts ?? [], got);
  const resolved = alerts.length > 0 && alerts.every((a) => a.status === 'resolved');
  const latest = alerts.map((a) => a.at).filter((t): t is string => !!t).sort((x, y) => Date.parse(x) - Date.parse(y)).at(-1);
  const { resolvedAt: _said, kept: _kept, ...rest } = got;
  const payload = {
    ...rest,
    status: resolved ? ('resolved' as const) : ('firing' as const),
    firing: alerts.filter((a) => a.status === 'firing').length,
    alerts,
    ...(resolved ? { resolvedAt: (got.status === 'resolved' && !kept ? got.resolvedAt : null) ?? latest ?? state.alert?.resolvedAt ?? null } : {}),
    ...(kept ? { kept } : {}),
  };
  return accept([emit(state, ctx, 'alert.received', payload, null)], null, warnings);
}
