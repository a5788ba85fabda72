import type { ActResult } from '../app/act.js';
import type { PolicyFiring } from '../app/severity-policies.js';
import { SEVERITIES, type Severity } from '../core/constants.js';
import { defineVerb, done, text, VerbArgError, type VerbArgs } from './verb.js';

/** SEV1..SEV4, in any case. */
export function parseSeverity(args: VerbArgs): Severity {
  const given = text(args, 'severity', `one of ${SEVERITIES.join(', ')}`);
  const to = given.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(to)) throw new VerbArgError(`severity "${given}" is not one of ${SEVERITIES.join(', ')}`);
  return to as Severity;
}

const severityCommand = (args: VerbArgs) => ({ kind: 'severity' as const, to: parseSeverity(args), reason: text(args, 'reason', 'the reason for the change') });

export default defineVerb<ActResult & { policies: PolicyFiring[] }>({
  id: 'severity',
  summary: 'raise or lower severity',
  args: [
    { name: 'severity', kind: 'text', required: true, positional: true, cliName: 'sev', help: 'SEV1..SEV4' },
    { name: 'reason', kind: 'text', required: true, option: '--reason <text>', help: 'why the severity changes' },
  ],
  who: { text: "the roles aiops.yaml's authority.severity names (default: commander)", rules: ['authority.severity'] },
  cli: { command: 'incident severity' },
  command: severityCommand,
  async run(session, id, args, io) {
    const { act } = await import('../app/act.js');
    const r = await act(session, id, severityCommand(args));
    if (!r.events.some((e) => e.type === 'policy.triggered' || e.type === 'policy.withdrawn')) return done({ ...r, policies: [] }, r.warnings);
    // A lowered severity withdraws what a policy held; one this change reached fires now, unless it is held or waits for approvals.
    const { runReleasedPolicies, withdrawnFirings } = await import('../app/severity-policies.js');
    const { loadIncident } = await import('../app/live-incident.js');
    const withdrawn = withdrawnFirings(r.state, r.events);
    const policies = r.events.some((e) => e.type === 'policy.triggered') ? await runReleasedPolicies(session, id, { onOutput: io.onOutput }) : [];
    return done({ ...r, state: await loadIncident(session, id), policies: [...withdrawn, ...policies] }, r.warnings);
  },
});
