import type { Command } from 'commander';
import { terminalLine } from '../../core/terminal-text.js';
import { incidentIdArgument } from '../option-values.js';
import { action, type CliContext } from '../context.js';
import { withSession } from '../with-session.js';
import { addVerbCommand } from '../verb-command.js';
import { presentActed } from '../present-acted.js';

type ActionItem = import('../../core/incident/state.js').ActionItem;

/** `aiops action add|close|list`: the postmortem's follow-up items. */
export function registerAction(program: Command): void {
  const act = program.command('action').description("postmortem action items: add with an owner and due date, list, close");
  addVerbCommand(act, 'add', { present: presentActed });
  addVerbCommand(act, 'close', { present: presentActed });
  act.command('list').argument('<id>', 'the incident id', incidentIdArgument('<id>')).option('--open', 'only items not closed yet').description('action items with owner, due date and whether overdue').action(action(listCmd));
}

/** One line an item: `[ ] A1  text — owner bob, due 2026-12-10 (OVERDUE)`. */
export function actionLine(a: ActionItem, now: number): string {
  const overdue = !a.closed && Date.parse(a.due) < now ? ' (OVERDUE)' : '';
  const closed = a.closed ? `, closed by ${a.closed.by}${a.closed.note ? `: ${a.closed.note}` : ''}` : '';
  return `${a.closed ? '[x]' : '[ ]'} ${a.id}  ${terminalLine(a.text)} — owner ${terminalLine(a.owner)}, due ${a.due.slice(0, 10)}${overdue}${terminalLine(closed)}`;
}

async function listCmd(ctx: CliContext, id: string, opts: { open?: boolean }): Promise<void> {
  await withSession(
    ctx,
    async (session) => {
      const { refreshIncident } = await import('../../app/act.js');
      const state = await refreshIncident(session, id);
      const now = session.clock.now().getTime();
      const items = state.actions.filter((a) => !opts.open || !a.closed);
      ctx.emit({ ok: true, id: state.id, actions: items.map((a) => ({ ...a, overdue: !a.closed && Date.parse(a.due) < now })) }, () =>
        items.length ? items.map((a) => actionLine(a, now)).join('\n') : `${state.id} has no ${opts.open ? 'open ' : ''}action items; add one: aiops action add ${state.id} "…" --owner P --due 7d`,
      );
    },
    { readOnly: true },
  );
}
