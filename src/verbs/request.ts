import type { ActResult } from '../app/act.js';
import { defineVerb, done, text, type VerbArgs } from './verb.js';

const requestCommand = (args: VerbArgs) => ({ kind: 'request' as const, step: text(args, 'step', 'the step') });

export default defineVerb<ActResult>({
  id: 'request',
  summary: '(re-)request approval for a step after a deny',
  args: [{ name: 'step', kind: 'text', required: true, positional: true, help: 'the step' }],
  who: { text: 'anyone holding a role in the incident', rules: ['step.owner', 'hook.outcome-unknown'] },
  cli: { command: 'incident request' },
  command: requestCommand,
  async run(session, id, args) {
    const { act } = await import('../app/act.js');
    const r = await act(session, id, requestCommand(args));
    return done(r, r.warnings);
  },
});
