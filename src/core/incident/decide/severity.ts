import { actingRole, holdersOf, incidentRolesAllowed } from '../../authority.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';


/** Raises or lowers severity, with a reason, by a role aiops.yaml `authority:` allows (commander by default). */
export function decideSeverity(state: IncidentState, cmd: CommandOf<'severity'>, ctx: DecideContext): Decision {
  if (!cmd.reason?.trim()) return invalid('severity.reason-missing', {});
  if (cmd.to === state.severity) return invalid('severity.unchanged', { incident: state.id, severity: cmd.to });
  const allowed = incidentRolesAllowed('severity', state, ctx.config.authority);
  const role = actingRole(state, ctx.actor, allowed);
  if (!role) return refuse(state, ctx, 'authority.severity', 'severity', { to: cmd.to }, { allowed, holders: holdersOf(state, allowed) });
  return accept([emit(state, ctx, 'severity.changed', { from: state.severity, to: cmd.to, reason: cmd.reason }, role)], role);
}
