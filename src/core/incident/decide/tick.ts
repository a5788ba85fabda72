import { accept, type Decision } from './decision.js';

/** Nothing of its own: the clock moved, and the follow-ups log what became overdue. */
export function decideTick(): Decision {
  return accept([], null);
}
