import { isEnded, type NewEvent } from '../../events.js';
import type { IncidentState } from '../../incident-state.js';
import type { DecideContext } from './command.js';
import { followUps, foldAhead } from './follow-ups.js';
import { decideStep } from './step.js';

/**
 * The step's completion once `before` (a succeeded or simulated run) is in, with its follow-ups;
 * nothing when the step cannot complete (already done, or the incident closed while the hook ran).
 */
export function completeFromHook(state: IncidentState, before: NewEvent[], step: string, ctx: DecideContext, text?: string): NewEvent[] {
  const ahead = foldAhead(state, before);
  if (!ahead || isEnded(ahead.status)) return [];
  const done = decideStep(ahead, { kind: 'step', step, action: 'done', fromHook: true, ...(text !== undefined ? { text } : {}) }, ctx);
  return done.ok ? [...done.events, ...followUps(ahead, done.events, ctx)] : [];
}
