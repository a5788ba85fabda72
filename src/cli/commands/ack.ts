import type { Command } from 'commander';
import { terminalText } from '../../core/terminal-text.js';
import { addVerbCommand, type VerbPresenter } from '../verb-command.js';

type ActResult = import('../../app/act.js').ActResult;

/** `aiops ack ID [--page P]`: the pages stop escalating. */
export function registerAck(program: Command): void {
  addVerbCommand(program, 'ack', { present: presentAck });
}

const presentAck: VerbPresenter = async (ctx, _session, { id, out }) => {
  const e = (out.result as ActResult).events[0];
  const pages = e?.type === 'page.acked' ? e.payload.pages : [];
  ctx.emit({ ok: true, id, seq: e?.seq, pages }, () => `${terminalText(id)}: acknowledged ${pages.join(', ')}; escalation stops`);
};
