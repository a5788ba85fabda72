import type { ActResult } from '../../app/act.js';
import { verbById } from '../../verbs/index.js';
import type { Screen } from '../screen.js';

/** The key that answers a page, as `aiops ack` does. */
export interface PageActions {
  ack(): void;
}

/** K acknowledges every page of the incident not acknowledged yet; the log event says which. */
export function usePageActions(s: Screen, opts: { cwd: string }): PageActions {
  const { session, incidentId, state, actions } = s;
  const ack = () => {
    if (!state.pages.some((p) => !p.acked)) return actions.say({ text: 'no page waits for an ack', tone: 'warn' });
    actions.run('acknowledging the pages', async () => {
      const out = await verbById('ack').run(session, incidentId, {}, { cwd: opts.cwd });
      const e = (out.result as ActResult).events[0];
      return { text: `acknowledged ${e?.type === 'page.acked' ? e.payload.pages.join(', ') : 'the pages'}: escalation stops`, tone: 'good' as const };
    });
  };
  return { ack };
}
