import type { EndedDrill } from '../app/drill-run.js';
import { defineVerb, done } from './verb.js';

export default defineVerb<EndedDrill>({
  id: 'drill.end',
  summary: 'end a drill now and score it (early when before the scenario ends)',
  args: [],
  who: { text: 'the drill facilitator (before the scenario ends); anyone at its end', rules: ['drill.facilitator'] },
  cli: { command: 'drill end' },
  command: () => null,
  async run(session, id) {
    const { endDrill } = await import('../app/drills.js');
    return done(await endDrill(session, id));
  },
});
