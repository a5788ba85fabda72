import { rolesOf } from '../../authority.js';
import type { EventPayloads, EventType, NewEvent } from '../../events.js';
import type { IncidentState } from '../../incident-state.js';
import { newEvent, type NewEventOf } from '../new-event.js';
import type { DecideContext } from './command.js';
import type { Failure, Invalid, InvalidCode, InvalidData, Refused, RefusalData, RefusalRule } from './failures.js';

/** The command is accepted: the events to append, in order, and what the actor should know. */
export interface Accepted {
  ok: true;
  events: NewEvent[];
  warnings: string[];
  /** The role the actor acted in. */
  role: string | null;
  /** Opening only: playbook roles with no on-call person in the roster (the presenter phrases the warning). */
  oncallGaps?: string[];
}

export type Decision = Accepted | Failure;

/** An accepted decision. */
export function accept(events: NewEvent[], role: string | null, warnings: string[] = []): Accepted {
  return { ok: true, events, warnings, role };
}

/** Bad input, with what was wrong as data. */
export function invalid<C extends InvalidCode>(code: C, data: InvalidData[C]): Invalid {
  return { ok: false, kind: 'invalid', code, data } as Invalid;
}

/** A policy refusal of `command` by the context's actor; the role is the first one they hold. */
export function refuse<R extends RefusalRule>(
  state: IncidentState,
  ctx: DecideContext,
  rule: R,
  command: string,
  args: Record<string, unknown>,
  data: RefusalData[R],
): Refused {
  const role = rolesOf(state, ctx.actor)[0] ?? null;
  return { ok: false, kind: 'refused', rule, command, args, role, data } as Refused;
}

/** An event by the context's actor, now, on this incident. */
export function emit<T extends EventType>(state: IncidentState, ctx: DecideContext, type: T, payload: EventPayloads[T], role: string | null): NewEventOf<T> {
  return newEvent(type, { incidentId: state.id, ts: ctx.now, actor: ctx.actor, role }, payload);
}

/** The policy.refused event that logs a refusal; `message` is the refusal as phrased for people. */
export function refusalEvent(state: IncidentState, ctx: Pick<DecideContext, 'actor' | 'now'>, refused: Refused, message: string): NewEventOf<'policy.refused'> {
  return newEvent(
    'policy.refused',
    { incidentId: state.id, ts: ctx.now, actor: ctx.actor, role: refused.role },
    { rule: refused.rule, command: refused.command, message, args: refused.args },
  );
}
