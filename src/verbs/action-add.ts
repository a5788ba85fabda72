import type { ActResult } from '../app/act.js';
import { defineVerb, runAct, text, type VerbArgs } from './verb.js';

const addCommand = (args: VerbArgs) => ({ kind: 'action-add' as const, text: text(args, 'text', 'the action item'), owner: text(args, 'owner', 'the person who owns it'), due: text(args, 'due', 'the due date: 7d, 2w or 2026-12-31') });

export default defineVerb<ActResult>({
  id: 'action.add',
  summary: 'postmortem: add a follow-up action item with an owner and a due date',
  args: [
    { name: 'text', kind: 'text', required: true, positional: true, help: 'what to do' },
    { name: 'owner', kind: 'text', required: true, option: '--owner <person>', help: 'who owns it', person: true },
    { name: 'due', kind: 'text', required: true, option: '--due <when>', help: 'a duration from now (7d, 2w) or a date (2026-12-31)' },
  ],
  who: { text: 'anyone holding a role in the incident, also after close', rules: ['postmortem.role'] },
  cli: { command: 'action add' },
  check: (args) => void addCommand(args),
  command: addCommand,
  run: runAct(addCommand),
});
