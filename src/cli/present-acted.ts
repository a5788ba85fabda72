import { terminalLine } from '../core/terminal-text.js';
import { printWarnings } from './print-warnings.js';
import type { VerbPresenter } from './verb-command.js';

type ActResult = import('../app/act.js').ActResult;

/** What `action add|close` and `incident impact|review` print: the event they logged, in words. */
export const presentActed: VerbPresenter = async (ctx, _session, { verb, id, out }) => {
  const r = out.result as ActResult;
  printWarnings(ctx, r.warnings);
  const e = r.events[0];
  const { describeEvent } = await import('../export/describe-event.js');
  const said = e ? describeEvent(e, () => undefined).text : `${verb.id}: nothing changed`;
  const item = e?.type === 'action.added' ? e.payload.action : e?.type === 'action.closed' ? e.payload.action : undefined;
  ctx.emit({ ok: true, id, seq: e?.seq, ...(item ? { action: item } : {}), warnings: r.warnings }, () => `${terminalLine(id)}: ${terminalLine(said)}`);
};
