import { rolesOf } from '../../authority.js';
import type { IncidentState } from '../../incident-state.js';
import { contextKeyClash } from '../../template.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';

/** Adds a note (text, attachments) — anyone may, even on a closed incident; context values need a role. */
export function decideNote(state: IncidentState, cmd: CommandOf<'note'>, ctx: DecideContext): Decision {
  if (!cmd.text.trim() && !cmd.attachments?.length) return invalid('note.empty', {});
  // A key that makes the same AIOPS_CONTEXT_ variable as one the incident has would leave hooks one value of two.
  const clash = contextKeyClash(Object.keys(cmd.context ?? {}), Object.keys(state.context));
  if (clash) return invalid('context.clash', clash);
  if (cmd.context && Object.keys(cmd.context).length > 0 && rolesOf(state, ctx.actor).length === 0) {
    return refuse(state, ctx, 'context.role', 'note', { context: Object.keys(cmd.context) }, { incident: state.id, actor: ctx.actor });
  }
  const payload = { text: cmd.text, attachments: cmd.attachments ?? [], ...(cmd.context ? { context: cmd.context } : {}) };
  return accept([emit(state, ctx, 'note.added', payload, rolesOf(state, ctx.actor)[0] ?? null)], null);
}
