import { PolicyRefusal } from '../core/errors.js';
import { findStep, missingApprovals } from '../core/decide.js';
import { heldBy, releasedBy } from '../core/severity-policy.js';
import { isPolicyHookStepId } from '../core/hook-step.js';
import type { IncidentState } from '../core/incident-state.js';
import type { StoredEvent } from '../core/events.js';
import { fireStepHook } from './fire-hook.js';
import { loadIncident } from './live-incident.js';
import type { Session } from './session.js';

/** What a severity policy's item came to in one pass: fired (ok or failed), or why it still waits. */
export interface PolicyFiring {
  policy: string;
  step: string;
  hook: string;
  outcome: 'ran' | 'failed' | 'simulated' | 'held' | 'awaiting-approval' | 'refused' | 'withdrawn';
  run?: string;
  detail?: string;
}

/**
 * Fires what the incident's triggered severity policies released (no hold, or acknowledged) and whose
 * approvals are in (pre-approved by the policy, or given by people); reports the rest as waiting.
 * Each item fires once: a step done, or a run already made in this approval round, is left alone.
 */
export async function runReleasedPolicies(session: Session, id: string, opts: { onOutput?: (chunk: string) => void } = {}): Promise<PolicyFiring[]> {
  let state: IncidentState = await loadIncident(session, id);
  const out: PolicyFiring[] = [];
  for (const p of state.policies) {
    const run = state.policyRuns[p.id];
    if (!run || run.withdrawn) continue;
    for (const item of p.items) {
      const st = findStep(state, item.step);
      if (!st || st.status === 'done' || st.status === 'skipped') continue;
      const round = st.approvals.reduce((m, a) => Math.max(m, a.seq), 0);
      if (st.runs.some((r) => r.seq > round)) continue;
      const base = { policy: p.id, step: item.step, hook: item.hook };
      const held = heldBy(state, st.id);
      if (held) {
        out.push({ ...base, outcome: 'held', detail: `until the ${held.role} acknowledges (aiops ack ${id})` });
        continue;
      }
      const missing = missingApprovals(st);
      if (missing.length) {
        out.push({ ...base, outcome: 'awaiting-approval', detail: `needs ${missing.join(' + ')} (aiops incident approve ${id} ${st.id})` });
        continue;
      }
      if (releasedBy(state, st.id) !== p.id) continue;
      try {
        const fired = await fireStepHook(session, id, st.id, { policy: p.id, onOutput: opts.onOutput });
        state = fired.state;
        out.push({ ...base, outcome: fired.simulated ? 'simulated' : fired.ok ? 'ran' : 'failed', run: fired.run.run });
      } catch (err) {
        if (!(err instanceof PolicyRefusal)) throw err;
        out.push({ ...base, outcome: 'refused', detail: err.message });
        state = await loadIncident(session, id);
      }
    }
  }
  return out;
}

/** The items these events withdrew (a severity lowered below a fired policy's level), as firings to report. */
export function withdrawnFirings(state: IncidentState, events: readonly StoredEvent[]): PolicyFiring[] {
  return events.flatMap((e) => {
    if (e.type !== 'policy.withdrawn') return [];
    const items = state.policies.find((p) => p.id === e.payload.policy)?.items ?? [];
    return e.payload.items.map((step) => ({ policy: e.payload.policy, step, hook: items.find((i) => i.step === step)?.hook ?? step, outcome: 'withdrawn' as const, detail: e.payload.reason }));
  });
}

/** One line per item, as the CLI prints them after the command that set the policy off. */
export function policyFiringLine(f: PolicyFiring): string {
  // The policy is named already: its own pseudo-step reads as the hook it runs.
  const what = `severity policy ${f.policy}: ${isPolicyHookStepId(f.step) ? `hook:${f.hook}` : f.step}`;
  switch (f.outcome) {
    case 'ran':
      return `${what} ran (${f.run})`;
    case 'failed':
      return `${what} FAILED (${f.run})`;
    case 'simulated':
      return `${what} simulated (${f.run}, drill)`;
    default:
      return `${what} ${f.outcome === 'held' ? 'held' : f.outcome === 'refused' ? 'refused' : f.outcome === 'withdrawn' ? 'withdrawn, will not fire' : 'waits for approval'}: ${f.detail}`;
  }
}
