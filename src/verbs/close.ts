import type { ActResult } from '../app/act.js';
import { defineVerb, runAct, text, type VerbArgs } from './verb.js';

const closeCommand = (args: VerbArgs) => ({ kind: 'status' as const, to: 'closed' as const, summary: text(args, 'summary', 'the closing summary') });

export default defineVerb<ActResult>({
  id: 'close',
  summary: 'close a resolved incident',
  args: [{ name: 'summary', kind: 'text', required: true, option: '--summary <text>', help: 'what happened and what was done' }],
  who: { text: "the roles aiops.yaml's authority.close names (default: commander)", rules: ['authority.close', 'status.transition'] },
  cli: { command: 'incident close' },
  command: closeCommand,
  run: runAct(closeCommand),
});
