import type { Command } from 'commander';
import { terminalLine } from '../../core/terminal-text.js';
import { action, type CliContext } from '../context.js';
import { withSession } from '../with-session.js';

type InboxItem = import('../../app/inbox.js').InboxItem;

/** `aiops inbox [--as P]`: what waits on me across open incidents. */
export function registerInbox(program: Command): void {
  program.command('inbox')
    .description('what waits on you (--as P) across open incidents: approvals you can give, steps you own, pages not acknowledged')
    .action(action(inboxCmd));
}

/** One line an item, for people. */
export function inboxLine(i: InboxItem): string {
  const where = `${i.incident}  `;
  if (i.kind === 'approval') return `${where}approve  ${i.step} as ${i.role}  (aiops incident approve ${i.incident} ${i.step})`;
  if (i.kind === 'step') return `${where}step     ${i.step} (${i.role})${i.overdue ? ' OVERDUE' : ''}${i.current ? ' current' : ''}`;
  return `${where}page     ${i.page} ${i.reason}${i.sentAt ? '' : ' (not delivered)'}: ${i.message}  (aiops ack ${i.incident})`;
}

async function inboxCmd(ctx: CliContext): Promise<void> {
  await withSession(ctx, async (session) => {
    const { inbox } = await import('../../app/inbox.js');
    const items = await inbox(session, session.actor, session.clock.now());
    ctx.emit({ ok: true, person: session.actor, items }, () =>
      items.length ? [`Waiting on ${terminalLine(session.actor)}:`, ...items.map((i) => terminalLine(inboxLine(i)))].join('\n') : `Nothing waits on ${terminalLine(session.actor)}.`,
    );
  }, { readOnly: true, listing: true });
}
