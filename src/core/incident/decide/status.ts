import { actingRole, holdersOf, incidentRolesAllowed } from '../../authority.js';
import type { EventPayloads, IncidentStatus } from '../../events.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { mitigationLine, mitigationsInEffect } from '../mitigations.js';


/** Where an incident may go from each status. */
export const STATUS_TRANSITIONS: Record<IncidentStatus, IncidentStatus[]> = {
  open: ['mitigated', 'resolved', 'cancelled', 'duplicate'],
  mitigated: ['resolved', 'open', 'cancelled', 'duplicate'],
  resolved: ['closed', 'open', 'cancelled', 'duplicate'],
  closed: ['open'],
  cancelled: ['open'],
  duplicate: ['open'],
};

/** Moves the incident along open → mitigated → resolved → closed (or reopens it, with a reason). */
export function decideStatus(state: IncidentState, cmd: CommandOf<'status'>, ctx: DecideContext): Decision {
  const from = state.status;
  if (cmd.to === from) return invalid('status.unchanged', { incident: state.id, status: from });
  const args = { from, to: cmd.to };
  if (!STATUS_TRANSITIONS[from].includes(cmd.to)) return refuse(state, ctx, 'status.transition', 'status', args, { from, to: cmd.to, allowed: STATUS_TRANSITIONS[from] });
  const closing = cmd.to === 'closed';
  if (closing && !cmd.summary?.trim()) return invalid('close.summary-missing', {});
  if (cmd.to === 'open' && !cmd.reason?.trim()) return invalid('reopen.reason-missing', {});
  if (cmd.to === 'duplicate' && !cmd.duplicateOf?.trim()) return invalid('duplicate.target-missing', {});
  if (cmd.to === 'duplicate' && cmd.duplicateOf === state.id) return invalid('duplicate.self', { incident: state.id });
  // A duplicate points at a real incident: two incidents naming each other would both end with no original left.
  if (cmd.to === 'duplicate' && cmd.duplicateOf && cmd.target?.status === 'duplicate') {
    return invalid('duplicate.of-duplicate', { incident: state.id, target: cmd.duplicateOf, original: cmd.target.duplicateOf });
  }
  const allowed = incidentRolesAllowed(closing ? 'close' : 'status', state, ctx.config.authority);
  const role = actingRole(state, ctx.actor, allowed);
  if (!role) return refuse(state, ctx, closing ? 'authority.close' : 'authority.status', 'status', args, { allowed, holders: holdersOf(state, allowed) });
  const payload: EventPayloads['status.changed'] = {
    from,
    to: cmd.to,
    ...(cmd.reason ? { reason: cmd.reason } : {}),
    ...(closing ? { summary: cmd.summary } : {}),
    ...(cmd.to === 'duplicate' ? { duplicateOf: cmd.duplicateOf } : {}),
  };
  const open = state.steps.filter((st) => st.status === 'pending').map((st) => st.id);
  const warnings = (cmd.to === 'resolved' || closing) && open.length ? [`${open.length} step${open.length === 1 ? '' : 's'} still pending: ${open.join(', ')}`] : [];
  if (closing || cmd.to === 'cancelled' || cmd.to === 'duplicate') {
    const hooks = ctx.config.hooks ?? {};
    for (const m of mitigationsInEffect(state.runs, (h) => hooks[h]?.undo)) warnings.push(mitigationLine(m));
  }
  return accept([emit(state, ctx, 'status.changed', payload, role)], role, warnings);
}
