import type { ActResult } from '../app/act.js';
import type { PolicyFiring } from '../app/severity-policies.js';
import { defineVerb, done, optText, VerbArgError, type VerbArgs } from './verb.js';

const ackCommand = (args: VerbArgs) => {
  const page = optText(args, 'page');
  // A blank page (an unset $PAGE in a script) is a mistake, never "every page": that would stop everyone's escalation.
  if (page !== undefined && !page.trim()) throw new VerbArgError((n) => `${n('page')} is empty: give a page id such as P3, or leave it out to acknowledge every page`);
  return { kind: 'ack' as const, ...(page !== undefined ? { page: page.trim() } : {}) };
};

export default defineVerb<ActResult & { policies: PolicyFiring[] }>({
  id: 'ack',
  summary: 'acknowledge the pages of an incident (their escalation to backups stops) and the severity policies held for a role you hold (they fire)',
  args: [{ name: 'page', kind: 'text', option: '--page <page>', help: 'only this page (P3) and its escalations; default: every page not acknowledged' }],
  who: { text: 'anyone on the roster; a held severity policy only by a holder of its hold_until_ack role', rules: [] },
  cli: { command: 'ack' },
  command: ackCommand,
  async run(session, id, args, io) {
    const { act } = await import('../app/act.js');
    const r = await act(session, id, ackCommand(args));
    if (!r.events.some((e) => e.type === 'policy.acknowledged')) return done({ ...r, policies: [] }, r.warnings);
    // What the acknowledged policies held fires now (when its approvals are in).
    const { runReleasedPolicies } = await import('../app/severity-policies.js');
    const { loadIncident } = await import('../app/live-incident.js');
    const policies = await runReleasedPolicies(session, id, { onOutput: io.onOutput });
    return done({ ...r, state: await loadIncident(session, id), policies }, r.warnings);
  },
});
