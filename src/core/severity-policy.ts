import { SEVERITIES, type Severity } from './constants.js';
import type { NewEvent } from './events.js';
import { hookStepNeeds, isHookStepId, paramTexts, policyHookStepId } from './hook-step.js';
import type { IncidentState } from './incident-state.js';
import { inventoryTemplateValues } from './inventory.js';
import type { ConfigFile } from './schemas/config.js';
import type { Playbook } from './schemas/playbook.js';
import type { PolicyHook } from './schemas/severity-policy.js';
import { hookOf } from './step-kinds/index.js';
import { incidentTemplateValues } from './template-names.js';
import { renderComplete } from './template.js';
import { newEvent } from './incident/new-event.js';
import { approvalRoundSeq } from './incident/decide/steps.js';

/** One thing a policy runs: a playbook step with a hook, or a hook outside the playbook (pseudo-step `policy:ID:hook:NAME`; `hook:NAME` in incidents pinned before). */
export interface PolicyItem {
  step: string;
  hook: string;
  /** Pseudo-steps: the params as written (templates filled when the policy fires). */
  params?: Record<string, string>;
  /** Pseudo-steps: the roles its approval needs, pinned at start. */
  roles?: string[];
}

/** A severity policy as pinned in incident.opened: later edits of aiops.yaml or the playbook change nothing for this incident. */
export interface PinnedPolicy {
  id: string;
  source: 'aiops.yaml' | 'playbook';
  at: Severity;
  items: PolicyItem[];
  approval: 'usual' | 'policy';
  hold: string | null;
}

/** A policy that fired in an incident, and whether its hold was acknowledged. */
export interface PolicyRun {
  policy: string;
  ts: string;
  severity: Severity;
  hold: string | null;
  acked: { by: string; role: string | null; ts: string } | null;
  /** The severity fell below the policy's level before all it lists ran: nothing more of it fires. */
  withdrawn?: { ts: string; reason: string };
}

/** True when `severity` is `at` or more severe (SEV1 is the most severe). */
export function reaches(severity: Severity, at: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(at);
}

const hookItem = (policy: string, h: PolicyHook, config: ConfigFile): PolicyItem => ({
  step: policyHookStepId(policy, h.hook),
  hook: h.hook,
  params: paramTexts(h.params ?? {}),
  roles: hookStepNeeds(config, h.hook),
});

/**
 * The policies an incident opening now answers to: aiops.yaml's (those for its service and trigger, or
 * for every incident), then the playbook's. Pure.
 */
export function pinPolicies(config: ConfigFile, pb: Playbook, service: string, trigger: string | null): PinnedPolicy[] {
  const out: PinnedPolicy[] = [];
  for (const p of config.severity_policies ?? []) {
    if (p.service !== undefined && p.service !== service) continue;
    if (p.trigger !== undefined && p.trigger !== trigger) continue;
    out.push({ id: p.id, source: 'aiops.yaml', at: p.at, items: (p.hooks ?? []).map((h) => hookItem(p.id, h, config)), approval: p.approval ?? 'usual', hold: p.hold_until_ack ?? null });
  }
  for (const p of pb.severity_policies ?? []) {
    const steps: PolicyItem[] = [];
    for (const id of p.steps ?? []) {
      const spec = pb.steps.find((s) => s.id === id);
      const hook = spec ? hookOf(spec) : null;
      if (hook) steps.push({ step: id, hook });
    }
    out.push({ id: p.id, source: 'playbook', at: p.at, items: [...steps, ...(p.hooks ?? []).map((h) => hookItem(p.id, h, config))], approval: p.approval ?? 'usual', hold: p.hold_until_ack ?? null });
  }
  return out;
}

/** The triggered policy that holds a step back: listed it, holds until a role acknowledges, and nobody has. */
export function heldBy(state: IncidentState, stepId: string): { policy: string; role: string } | null {
  for (const p of state.policies) {
    const run = state.policyRuns[p.id];
    if (!run || run.hold === null || run.acked || run.withdrawn) continue;
    if (p.items.some((i) => i.step === stepId)) return { policy: p.id, role: run.hold };
  }
  return null;
}

/** The fired policy that released this step to run now (no hold, or acknowledged), if any. */
export function releasedBy(state: IncidentState, stepId: string): string | null {
  for (const p of state.policies) {
    const run = state.policyRuns[p.id];
    if (run && !run.withdrawn && (run.hold === null || run.acked) && p.items.some((i) => i.step === stepId)) return p.id;
  }
  return null;
}

/** Held policies a person may acknowledge: those whose hold role they hold now. */
export function ackablePolicies(state: IncidentState, roles: readonly string[]): PolicyRun[] {
  return Object.values(state.policyRuns).filter((r) => r.hold !== null && !r.acked && !r.withdrawn && roles.includes(r.hold));
}

/** What an ack says of a policy withdrawn before it was acknowledged: the ack fires nothing of it. */
export function withdrawnWords(w: { policy: string; reason: string }): string {
  return `severity policy ${w.policy} was withdrawn (${w.reason}): this ack fires nothing of it`;
}

/** Fired policies withdrawn since: the severity fell below their level before all they list ran. */
export function withdrawnPolicies(state: IncidentState): PolicyRun[] {
  return Object.values(state.policyRuns).filter((r) => r.withdrawn);
}

/**
 * The items of a fired policy that have not run: not done or skipped, and no run since their last
 * approval that succeeded or is still going. A run that failed leaves its item unfired: a retry
 * would run it again on the policy's pre-approval.
 */
export function unfiredItems(state: IncidentState, p: PinnedPolicy): PolicyItem[] {
  return p.items.filter((i) => {
    const st = state.steps.find((s) => s.id === i.step);
    if (!st || st.status === 'done' || st.status === 'skipped') return false;
    const round = approvalRoundSeq(st);
    return !st.runs.some((r) => r.seq > round && (r.finished === undefined || r.finished.ok));
  });
}

/**
 * Events the system adds when the severity (as it is after a command) fell below a fired policy's level
 * before all it lists ran: policy.withdrawn with what will not fire and why. A policy fires once per
 * incident, so a later raise does not arm it again.
 */
export function policyWithdrawals(state: IncidentState, now: string): NewEvent[] {
  const out: NewEvent[] = [];
  const lowered = state.severityHistory.at(-1);
  const reason = lowered ? `severity lowered to ${state.severity} by ${lowered.actor}${lowered.reason ? `: ${lowered.reason}` : ''}` : `severity is ${state.severity}`;
  for (const p of state.policies) {
    const run = state.policyRuns[p.id];
    if (!run || run.withdrawn || reaches(state.severity, p.at)) continue;
    const items = unfiredItems(state, p);
    if (items.length === 0) continue;
    out.push(newEvent('policy.withdrawn', { incidentId: state.id, ts: now, actor: 'system', role: null }, { policy: p.id, items: items.map((i) => i.step), severity: state.severity, reason }));
  }
  return out;
}

function fillParams(state: IncidentState, params: Record<string, string>, now: string): Record<string, string> {
  const values = {
    incident: incidentTemplateValues(state),
    context: state.context,
    inventory: inventoryTemplateValues(state.inventory),
    now,
  };
  // A param with a variable this incident has no value for is left out: the hook then refuses to run
  // (no value for {{params.NAME}}) rather than receive a blank.
  return Object.fromEntries(Object.entries(params).flatMap(([k, v]) => {
    const text = renderComplete(v, values);
    return text === null ? [] : [[k, text]];
  }));
}

/**
 * Events the system adds when the incident (as it is after a command) reaches a policy's severity for
 * the first time: policy.triggered, then an approval request for each item that needs one and, for a
 * pre-approved policy, an approval granted by the policy (its id logged). Firing is the app's.
 */
export function policyFollowUps(state: IncidentState, now: string): NewEvent[] {
  if (state.status === 'closed' || state.status === 'resolved') return [];
  const out: NewEvent[] = [];
  const meta = { incidentId: state.id, ts: now, actor: 'system', role: null };
  for (const p of state.policies) {
    if (state.policyRuns[p.id] || !reaches(state.severity, p.at)) continue;
    out.push(newEvent('policy.triggered', meta, { policy: p.id, source: p.source, at: p.at, severity: state.severity, items: p.items.map((i) => ({ step: i.step, hook: i.hook })), approval: p.approval, hold: p.hold }));
    for (const item of p.items) {
      let roles: string[];
      if (isHookStepId(item.step)) {
        roles = item.roles ?? ['commander'];
        out.push(newEvent('approval.requested', meta, { step: item.step, hook: item.hook, roles, params: fillParams(state, item.params ?? {}, now) }));
      } else {
        const st = state.steps.find((s) => s.id === item.step);
        if (!st || st.status === 'done' || st.status === 'skipped') continue;
        roles = st.needs;
        if (roles.length === 0) continue;
        if (st.requestedAt === null || st.denied) out.push(newEvent('approval.requested', meta, { step: st.id, hook: item.hook, roles }));
      }
      if (p.approval === 'policy' && roles.length > 0) {
        out.push(newEvent('approval.granted', meta, { step: item.step, hook: item.hook, role: 'policy', playbook: state.playbook, context: state.context, policy: p.id, note: `pre-approved by severity policy ${p.id} (${p.source}) at ${state.severity}` }));
      }
    }
  }
  return out;
}
