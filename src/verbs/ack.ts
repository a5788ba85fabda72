import type { ActResult } from '../app/act.js';
import { defineVerb, done, optText, type VerbArgs } from './verb.js';

const ackCommand = (args: VerbArgs) => {
  const page = optText(args, 'page');
  return { kind: 'ack' as const, ...(page ? { page } : {}) };
};

export default defineVerb<ActResult>({
  id: 'ack',
  summary: 'acknowledge the pages of an incident: their escalation to backups stops',
  args: [{ name: 'page', kind: 'text', option: '--page <page>', help: 'only this page (P3) and its escalations; default: every page not acknowledged' }],
  who: { text: 'anyone on the roster', rules: [] },
  cli: { command: 'ack' },
  command: ackCommand,
  async run(session, id, args) {
    const { act } = await import('../app/act.js');
    const r = await act(session, id, ackCommand(args));
    return done(r, r.warnings);
  },
});
