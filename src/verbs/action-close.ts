import type { ActResult } from '../app/act.js';
import { defineVerb, optText, runAct, text, type VerbArgs } from './verb.js';

function closeCommand(args: VerbArgs) {
  const note = optText(args, 'note');
  return { kind: 'action-close' as const, action: text(args, 'action', 'the action item, e.g. A1'), ...(note ? { note } : {}) };
}

export default defineVerb<ActResult>({
  id: 'action.close',
  summary: 'postmortem: close a follow-up action item',
  args: [
    { name: 'action', kind: 'text', required: true, positional: true, help: 'the action item (A1, a1)' },
    { name: 'note', kind: 'text', option: '--note <text>', help: 'what was done' },
  ],
  who: { text: 'anyone holding a role in the incident, also after close', rules: ['postmortem.role'] },
  cli: { command: 'action close' },
  check: (args) => void closeCommand(args),
  command: closeCommand,
  run: runAct(closeCommand),
});
