import type { ActResult } from '../app/act.js';
import { defineVerb, done, text, type VerbArgs } from './verb.js';

const debriefCommand = (args: VerbArgs) => ({ kind: 'debrief' as const, text: text(args, 'text', 'the debrief note') });

export default defineVerb<ActResult>({
  id: 'drill.debrief',
  summary: 'add a debrief note to the after-action report',
  args: [{ name: 'text', kind: 'text', required: true, positional: true, help: 'the debrief note' }],
  who: { text: 'anyone in the roster, on a drill', rules: [] },
  cli: { command: 'drill debrief' },
  command: debriefCommand,
  async run(session, id, args) {
    const { addDebrief } = await import('../app/drills.js');
    const r = await addDebrief(session, id, debriefCommand(args).text);
    return done(r, r.warnings);
  },
});
