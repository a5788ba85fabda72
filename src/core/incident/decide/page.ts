import { pagesToAck } from '../../paging.js';
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

/** Acknowledges the pages not yet acknowledged (of one page's chain, or all): their escalation stops. */
export function decideAck(state: IncidentState, cmd: CommandOf<'ack'>, ctx: DecideContext): Decision {
  if (cmd.page && !state.pages.some((p) => p.page === cmd.page)) return invalid('ack.unknown-page', { incident: state.id, page: cmd.page, known: state.pages.map((p) => p.page) });
  const pages = pagesToAck(state, cmd.page);
  if (pages.length === 0) return invalid('ack.nothing', { incident: state.id });
  return accept([emit(state, ctx, 'page.acked', { pages }, null)], null);
}
