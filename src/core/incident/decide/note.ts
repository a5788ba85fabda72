import { rolesOf } from '../../authority.js';
import type { IncidentState } from '../../incident-state.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid } from './decision.js';

/** Adds a note (text, attachments, context values); anyone may, even on a closed incident. */
export function decideNote(state: IncidentState, cmd: CommandOf<'note'>, ctx: DecideContext): Decision {
  if (!cmd.text.trim() && !cmd.attachments?.length) return invalid('note.empty', {});
  const payload = { text: cmd.text, attachments: cmd.attachments ?? [], ...(cmd.context ? { context: cmd.context } : {}) };
  return accept([emit(state, ctx, 'note.added', payload, rolesOf(state, ctx.actor)[0] ?? null)], null);
}
