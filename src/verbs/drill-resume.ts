import type { PauseResult } from '../app/drill-pause.js';
import { defineVerb, done } from './verb.js';

export default defineVerb<PauseResult>({
  id: 'drill.resume',
  summary: 'start the paused drill clock again',
  args: [],
  who: { text: 'the drill facilitator', rules: ['drill.facilitator'] },
  cli: { command: 'drill resume' },
  command: () => null,
  async run(session, id) {
    const { resumeDrill } = await import('../app/drill-pause.js');
    const r = await resumeDrill(session, id);
    return done(r, r.warnings);
  },
});
