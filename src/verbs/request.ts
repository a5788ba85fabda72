import type { ActResult } from '../app/act.js';
import { defineVerb, runAct, text, type VerbArgs } from './verb.js';

const requestCommand = (args: VerbArgs) => ({ kind: 'request' as const, step: text(args, 'step', 'the step') });

export default defineVerb<ActResult>({
  id: 'request',
  summary: '(re-)request approval for a step after a deny',
  args: [{ name: 'step', kind: 'text', required: true, positional: true, help: 'the step' }],
  who: { text: 'anyone holding a role in the incident', rules: ['step.owner', 'hook.outcome-unknown'] },
  cli: { command: 'incident request' },
  command: requestCommand,
  run: runAct(requestCommand),
});
