import type { Command } from 'commander';
import { terminalLine } from '../../core/terminal-text.js';
import { addVerbCommand, type VerbPresenter } from '../verb-command.js';

type ActResult = import('../../app/act.js').ActResult;
type PolicyFiring = import('../../app/severity-policies.js').PolicyFiring;

/** `aiops ack ID [--page P]`: the pages stop escalating. */
export function registerAck(program: Command): void {
  addVerbCommand(program, 'ack', { present: presentAck });
}

const presentAck: VerbPresenter = async (ctx, _session, { id, out }) => {
  const r = out.result as ActResult & { policies: PolicyFiring[] };
  const e = r.events[0];
  const pagesEvent = r.events.find((x) => x.type === 'page.acked');
  const pages = pagesEvent?.type === 'page.acked' ? pagesEvent.payload.pages : [];
  const policyEvent = r.events.find((x) => x.type === 'policy.acknowledged');
  const acked = policyEvent?.type === 'policy.acknowledged' ? policyEvent.payload.policies : [];
  const { policyFiringLine } = await import('../../app/severity-policies.js');
  ctx.emit({ ok: true, id, seq: e?.seq, pages, policies: acked, fired: r.policies }, () =>
    [
      ...(pages.length ? [`${terminalLine(id)}: acknowledged ${pages.join(', ')}; escalation stops`] : []),
      ...(acked.length ? [`${terminalLine(id)}: acknowledged severity policy ${acked.join(', ')}; what it held may fire`] : []),
      ...r.policies.map((f) => terminalLine(policyFiringLine(f))),
    ].join('\n'),
  );
};
