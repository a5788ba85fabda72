import { rolesOf } from '../../authority.js';
import { MAX_DURATION_MS } from '../../duration.js';
import type { IncidentState } from '../../incident-state.js';
import { rosterNameOf } from '../../roster-person.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { dueInstant } from './arg-checks.js';

const given = (text: string | undefined) => (text !== undefined && text.trim() ? text : undefined);
const listed = (items: string[] | undefined) => (items ?? []).filter((t) => t.trim());

/** The role a postmortem command is written under, or the refusal: only the incident's responders write it. */
function writer(state: IncidentState, ctx: DecideContext, command: string, args: Record<string, unknown>): { role: string } | { refused: Decision } {
  const role = rolesOf(state, ctx.actor)[0];
  if (role) return { role };
  // Who can write it instead: the refusal names them, so the reader knows whom to ask.
  const responders = Object.keys(state.roles).sort().flatMap((r) => (state.roles[r]?.person ? [{ role: r, person: state.roles[r]!.person }] : []));
  return { refused: refuse(state, ctx, 'postmortem.role', command, args, { incident: state.id, actor: ctx.actor, command, responders }) };
}

/** Records the impact (what, who, how long) as the commander tells it; also after close. */
export function decideImpact(state: IncidentState, cmd: CommandOf<'impact'>, ctx: DecideContext): Decision {
  const payload = { ...(given(cmd.text) ? { text: cmd.text } : {}), ...(given(cmd.affected) ? { affected: cmd.affected } : {}), ...(given(cmd.duration) ? { duration: cmd.duration } : {}) };
  if (Object.keys(payload).length === 0) return invalid('impact.empty', {});
  const w = writer(state, ctx, 'impact', {});
  if ('refused' in w) return w.refused;
  return accept([emit(state, ctx, 'impact.recorded', payload, w.role)], w.role);
}

/** Records root cause, contributing factors, what went well and badly. */
export function decideReview(state: IncidentState, cmd: CommandOf<'review'>, ctx: DecideContext): Decision {
  const payload = { ...(given(cmd.cause) ? { cause: cmd.cause } : {}), factors: listed(cmd.factors), wentWell: listed(cmd.wentWell), wentBadly: listed(cmd.wentBadly) };
  if (!payload.cause && !payload.factors.length && !payload.wentWell.length && !payload.wentBadly.length) return invalid('review.empty', {});
  const w = writer(state, ctx, 'review', {});
  if ('refused' in w) return w.refused;
  return accept([emit(state, ctx, 'review.recorded', payload, w.role)], w.role);
}

/** Adds a follow-up action item (A1, A2, …) with an owner and a due instant. */
export function decideActionAdd(state: IncidentState, cmd: CommandOf<'action-add'>, ctx: DecideContext): Decision {
  if (!cmd.text.trim()) return invalid('action.text-missing', {});
  if (!cmd.owner.trim()) return invalid('action.owner-missing', {});
  // The owner is someone the team can reach: with a roster, a name not in it is a typo, as for assign.
  // Names compare case-insensitively (`CAROL` is carol) and are stored as the roster spells them.
  const people = Object.keys(ctx.roster.people);
  const owner = people.length > 0 ? rosterNameOf(ctx.roster.people, cmd.owner.trim()) : cmd.owner.trim();
  if (owner === undefined) return invalid('person.not-in-roster', { person: cmd.owner.trim(), people });
  const due = dueInstant(cmd.due, ctx.now);
  if (!due) return invalid('action.due-invalid', { due: cmd.due });
  // Due now (`0d`) is overdue the moment it is listed: an action item is due later, as with a past date.
  if (Date.parse(due) <= Date.parse(ctx.now)) return invalid('action.due-past', { due: cmd.due, at: due, ...(due === ctx.now ? { now: true } : {}) });
  // Further off than any duration may be (`99999d`, year 2300) is a typo, not a plan.
  if (Date.parse(due) - Date.parse(ctx.now) > MAX_DURATION_MS) return invalid('action.due-far', { due: cmd.due, at: due, maxDays: MAX_DURATION_MS / 86_400_000 });
  const w = writer(state, ctx, 'action-add', { owner });
  if ('refused' in w) return w.refused;
  const action = `A${state.actions.length + 1}`;
  return accept([emit(state, ctx, 'action.added', { action, text: cmd.text, owner, due }, w.role)], w.role);
}

/** Closes an open action item; its id is matched case-insensitively (`a1`). */
export function decideActionClose(state: IncidentState, cmd: CommandOf<'action-close'>, ctx: DecideContext): Decision {
  const item = state.actions.find((a) => a.id.toLowerCase() === cmd.action.trim().toLowerCase());
  if (!item) return invalid('action.unknown', { incident: state.id, action: cmd.action, actions: state.actions.map((a) => a.id) });
  if (item.closed) return invalid('action.already-closed', { action: item.id, by: item.closed.by, at: item.closed.ts });
  const w = writer(state, ctx, 'action-close', { action: item.id });
  if ('refused' in w) return w.refused;
  return accept([emit(state, ctx, 'action.closed', { action: item.id, ...(given(cmd.note) ? { note: cmd.note } : {}) }, w.role)], w.role);
}
