import { actingRole, holdersOf } from '../../authority.js';
import type { EventPayloads } from '../../events.js';
import type { IncidentState } from '../../incident-state.js';
import { snapshotInventory } from '../../inventory.js';
import { terminalLine } from '../../terminal-text.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';

export type EditField = 'title' | 'service';

/**
 * Why a typed title or service cannot be taken, or null: it must say something, on one line, with
 * no character a terminal or a program would act on (controls, NUL, bidi, line separators). An edit
 * exists to repair a value no hook can pass, so it may not bring in another.
 */
export function editValueProblem(value: string): 'empty' | 'controls' | null {
  if (!value.trim()) return 'empty';
  if (terminalLine(value) !== value || /[\u2028\u2029]/.test(value)) return 'controls';
  return null;
}

/**
 * Changes the title and/or service of an open incident, with a reason: the commander only. The
 * inventory pin belongs to the service: a new service re-pins the incident to that service's
 * inventory as it is now (none when it has none), so `{{inventory.*}}` never names another
 * service's versions; approvals given for the old command lapse when it changes, as they do.
 */
export function decideEdit(state: IncidentState, cmd: CommandOf<'edit'>, ctx: DecideContext): Decision {
  if (!cmd.reason?.trim()) return invalid('edit.reason-missing', {});
  const given: [EditField, string | undefined][] = [['title', cmd.title], ['service', cmd.service]];
  for (const [field, value] of given) {
    const problem = value === undefined ? null : editValueProblem(value);
    if (problem) return invalid('edit.value-invalid', { field, problem });
  }
  const changed = given.filter(([field, value]) => value !== undefined && value !== state[field]);
  if (changed.length === 0) return invalid('edit.unchanged', { incident: state.id, given: given.filter(([, v]) => v !== undefined).map(([f]) => f) });
  const role = actingRole(state, ctx.actor, ['commander']);
  if (!role) return refuse(state, ctx, 'edit.commander', 'edit', Object.fromEntries(changed), { holders: holdersOf(state, ['commander']) });
  const payload: EventPayloads['incident.edited'] = { previous: {}, reason: cmd.reason };
  for (const [field, value] of changed) {
    payload[field] = value!;
    payload.previous[field] = state[field];
  }
  if (payload.service !== undefined) {
    const pin = snapshotInventory(cmd.inventory ?? new Map(), payload.service, ctx.now);
    // A service with no inventory still replaces the old pin, unless there was none to replace.
    if (pin || state.inventory) payload.inventory = pin ?? { service: payload.service, live: {}, previous: {}, recent: [] };
    if (state.inventory) payload.previous.inventory = { ...state.inventory.live };
  }
  return accept([emit(state, ctx, 'incident.edited', payload, role)], role);
}
