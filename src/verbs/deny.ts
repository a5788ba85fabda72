import type { ActResult } from '../app/act.js';
import { defineVerb, runAct, text, type VerbArgs } from './verb.js';

const denyCommand = (args: VerbArgs) => ({ kind: 'deny' as const, step: text(args, 'step', 'the step'), reason: text(args, 'reason', 'the reason for denying it') });

export default defineVerb<ActResult>({
  id: 'deny',
  summary: 'deny a step; it stays blocked until re-requested',
  args: [
    { name: 'step', kind: 'text', required: true, positional: true, help: 'the step to deny' },
    { name: 'reason', kind: 'text', required: true, option: '--reason <text>', help: 'why; shown to whoever re-requests' },
  ],
  who: { text: 'a role the step needs, or the commander', rules: ['approval.role'] },
  cli: { command: 'incident deny' },
  command: denyCommand,
  run: runAct(denyCommand),
});
