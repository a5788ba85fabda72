import type { ActResult } from '../app/act.js';
import { defineVerb, optText, runAct, type VerbArgs } from './verb.js';

// The engine phrases a missing reason or change (edit.reason-missing, edit.unchanged), as it does for every front door.
const editCommand = (args: VerbArgs) => {
  const title = optText(args, 'title');
  const service = optText(args, 'service');
  return { kind: 'edit' as const, ...(title !== undefined ? { title } : {}), ...(service !== undefined ? { service } : {}), reason: optText(args, 'reason') ?? '' };
};

/** Repairs what an incident is called or where it is: a title no hook can pass (a NUL from an alert), a wrong service. */
export default defineVerb<ActResult>({
  id: 'edit',
  summary: "change an open incident's title and/or service, with a reason (the old values stay in the log)",
  args: [
    { name: 'title', kind: 'text', option: '--title <title>', help: 'the new title, one line' },
    { name: 'service', kind: 'text', option: '--service <service>', help: 'the new service or tenant' },
    { name: 'reason', kind: 'text', required: true, option: '--reason <text>', help: 'why it changes' },
  ],
  who: { text: 'the commander only, with a reason (an incident that has ended must be reopened first)', rules: ['edit.commander', 'incident.closed'] },
  cli: { command: 'incident edit' },
  check: (args) => void editCommand(args),
  command: editCommand,
  run: runAct(editCommand),
});
