import type { ActResult } from '../app/act.js';
import { STATUSES, type IncidentStatus } from '../core/events.js';
import { defineVerb, done, optText, text, VerbArgError, type VerbArgs } from './verb.js';

/** One of open, mitigated, resolved, closed. */
export function parseStatus(args: VerbArgs): IncidentStatus {
  const to = text(args, 'status', STATUSES.join('|'));
  if (!(STATUSES as string[]).includes(to)) throw new VerbArgError(`status "${to}" is not one of ${STATUSES.join(', ')}`);
  return to as IncidentStatus;
}

function statusCommand(args: VerbArgs) {
  const to = parseStatus(args);
  const reason = optText(args, 'reason');
  const summary = optText(args, 'summary');
  return { kind: 'status' as const, to, ...(reason ? { reason } : {}), ...(summary ? { summary } : {}) };
}

export default defineVerb<ActResult>({
  id: 'status',
  summary: 'open → mitigated → resolved → closed (reopen: status ID open --reason ..)',
  args: [
    { name: 'status', kind: 'text', required: true, positional: true, help: 'open, mitigated, resolved or closed' },
    { name: 'reason', kind: 'text', option: '--reason <text>', help: 'why the status changes (needed to reopen)' },
    { name: 'summary', kind: 'text', option: '--summary <text>', help: 'what happened (needed to close)' },
  ],
  who: { text: "the roles aiops.yaml's authority.status names (default: commander); closing: authority.close", rules: ['authority.status', 'authority.close', 'status.transition'] },
  cli: { command: 'incident status' },
  command: statusCommand,
  async run(session, id, args) {
    const { act } = await import('../app/act.js');
    const r = await act(session, id, statusCommand(args));
    return done(r, r.warnings);
  },
});
