import { pagesToAck } from '../../paging.js';
import { rolesOf } from '../../authority.js';
import { ackablePolicies, withdrawnPolicies, withdrawnWords } from '../../severity-policy.js';
import type { NewEvent } from '../../events.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid } from './decision.js';

/** Logs one try of a page as the hook came out: page.sent, or page.failed with why. */
export function decidePage(state: IncidentState, cmd: CommandOf<'page'>, ctx: DecideContext): Decision {
  const { outcome, ...attempt } = cmd.attempt;
  const event = outcome.ok
    ? emit(state, ctx, 'page.sent', { ...attempt, exitCode: outcome.exitCode }, null)
    : emit(state, ctx, 'page.failed', { ...attempt, error: outcome.error }, null);
  return accept([event], null);
}

/**
 * Acknowledges the pages not yet acknowledged (of one page's chain, or all): their escalation stops. Without
 * --page it also acknowledges the held severity policies whose hold role the actor holds: they may fire.
 */
export function decideAck(state: IncidentState, cmd: CommandOf<'ack'>, ctx: DecideContext): Decision {
  // Page ids compare case-insensitively, as names do: `p6` is P6.
  const page = cmd.page === undefined ? undefined : state.pages.find((p) => p.page.toLowerCase() === cmd.page!.toLowerCase())?.page;
  if (cmd.page !== undefined && page === undefined) return invalid('ack.unknown-page', { incident: state.id, page: cmd.page, known: state.pages.map((p) => p.page) });
  const pages = pagesToAck(state, page);
  const roles = rolesOf(state, ctx.actor);
  const policies = page ? [] : ackablePolicies(state, roles);
  // A policy withdrawn by a lowered severity has nothing left to acknowledge: say so rather than fire it.
  const withdrawn = page ? [] : withdrawnPolicies(state).filter((r) => r.hold !== null && !r.acked).map((r) => ({ policy: r.policy, reason: r.withdrawn!.reason }));
  if (pages.length === 0 && policies.length === 0) {
    const held = Object.values(state.policyRuns).filter((r) => r.hold !== null && !r.acked && !r.withdrawn).map((r) => ({ policy: r.policy, role: r.hold! }));
    return invalid('ack.nothing', { incident: state.id, ...(held.length ? { held } : {}), ...(withdrawn.length ? { withdrawn } : {}) });
  }
  const events: NewEvent[] = [];
  if (pages.length) events.push(emit(state, ctx, 'page.acked', { pages }, null));
  const role = policies[0]?.hold ?? null;
  if (policies.length) events.push(emit(state, ctx, 'policy.acknowledged', { policies: policies.map((p) => p.policy) }, role));
  return accept(events, role, withdrawn.map((w) => withdrawnWords(w)));
}
