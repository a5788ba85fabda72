import type { PauseResult } from '../app/drill-pause.js';
import { defineVerb, done, optText, type VerbArgs } from './verb.js';

const reasonOf = (args: VerbArgs) => optText(args, 'reason');

export default defineVerb<PauseResult>({
  id: 'drill.pause',
  summary: 'pause the drill clock (a discussion): paused time is not scored',
  args: [{ name: 'reason', kind: 'text', option: '--reason <text>', help: 'why (shown on the timeline)' }],
  who: { text: 'the drill facilitator', rules: ['drill.facilitator'] },
  cli: { command: 'drill pause' },
  // The pause is stamped with the real instant it is made, so it is a whole use case.
  command: (args) => (reasonOf(args), null),
  async run(session, id, args) {
    const { pauseDrill } = await import('../app/drill-pause.js');
    const r = await pauseDrill(session, id, reasonOf(args));
    return done(r, r.warnings);
  },
});
