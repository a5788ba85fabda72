import type { ActResult } from '../app/act.js';
import { UserError } from '../core/errors.js';
import { STATUSES, type IncidentStatus } from '../core/events.js';
import { canonicalIncidentId } from '../core/incident-id.js';
import { defineVerb, done, optText, text, VerbArgError, type VerbArgs } from './verb.js';

const SAID = [...STATUSES.filter((s) => s !== 'duplicate'), 'duplicate-of ID'];

/** One of open, mitigated, resolved, closed, cancelled, duplicate (`duplicate-of` as typed on the CLI). */
export function parseStatus(args: VerbArgs): IncidentStatus {
  const to = text(args, 'status', STATUSES.join('|'));
  if (to === 'duplicate-of') return 'duplicate';
  if (!(STATUSES as string[]).includes(to)) throw new VerbArgError(`status "${to}" is not one of ${SAID.join(', ')}`);
  return to as IncidentStatus;
}

function statusCommand(args: VerbArgs) {
  const to = parseStatus(args);
  const reason = optText(args, 'reason');
  const summary = optText(args, 'summary');
  const of = optText(args, 'of');
  if (of !== undefined && to !== 'duplicate') throw new VerbArgError(`only duplicate-of takes another incident's id (status ${to} was given ${of})`);
  return { kind: 'status' as const, to, ...(reason ? { reason } : {}), ...(summary ? { summary } : {}), ...(to === 'duplicate' && of ? { duplicateOf: canonicalIncidentId(of) } : {}) };
}

export default defineVerb<ActResult>({
  id: 'status',
  summary: 'open → mitigated → resolved → closed; or cancelled, or duplicate-of ID (reopen: status ID open --reason ..)',
  args: [
    { name: 'status', kind: 'text', required: true, positional: true, help: 'open, mitigated, resolved, closed, cancelled, or duplicate-of' },
    { name: 'of', kind: 'text', positional: true, optionalPositional: true, cliName: 'of', help: 'with duplicate-of: the incident this one duplicates' },
    { name: 'reason', kind: 'text', option: '--reason <text>', help: 'why the status changes (needed to reopen)' },
    { name: 'summary', kind: 'text', option: '--summary <text>', help: 'what happened (needed to close)' },
  ],
  who: { text: "the roles aiops.yaml's authority.status names (default: commander); closing: authority.close", rules: ['authority.status', 'authority.close', 'status.transition'] },
  cli: { command: 'incident status' },
  command: statusCommand,
  async run(session, id, args) {
    const cmd = statusCommand(args);
    // The engine sees one incident; whether the one it duplicates exists is the log's to say.
    if (cmd.duplicateOf && cmd.duplicateOf !== id && (await session.log.incidentLastSeq(cmd.duplicateOf)) === 0) {
      throw new UserError(`no incident ${cmd.duplicateOf} to be a duplicate of`, { hint: 'aiops incident list --all shows every incident' });
    }
    const { act } = await import('../app/act.js');
    const r = await act(session, id, cmd);
    return done(r, r.warnings);
  },
});
