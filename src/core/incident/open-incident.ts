import { parseDuration } from '../duration.js';
import type { EventOf, OpenedAlert } from '../events.js';
import type { Playbook } from '../schemas/playbook.js';
import { approversOf } from '../step-kinds/index.js';
import type { Ownership } from './ownership.js';
import { pinnedLogins } from './acting-logins.js';
import { failuresAtOpen } from './drill-failures.js';
import type { ActiveFailure, IncidentAlert, IncidentState, StepState } from './state.js';

/** The state an incident.opened event starts: every step pending, nobody in a role yet. */
export function openIncident(own: Ownership, e: EventOf<'incident.opened'>): IncidentState {
  const p = e.payload;
  const logins = pinnedLogins(p.logins);
  const steps = initialSteps(p.playbookContent, e.ts, p.approvals ?? {}).map((st) => own.adopt(st));
  const stepIndex = new Map<string, number>();
  steps.forEach((st, i) => {
    if (!stepIndex.has(st.id)) stepIndex.set(st.id, i);
  });
  return own.adopt<IncidentState>({
    id: e.incidentId,
    title: p.title,
    service: p.service,
    severity: p.severity,
    trigger: p.trigger,
    status: 'open',
    playbook: p.playbook,
    playbookContent: p.playbookContent,
    selection: p.selection,
    alert: p.alert ? openedAlert(p.alert, e.ts) : null,
    context: own.adopt({ ...p.context }),
    ...(p.inventory ? { inventory: p.inventory } : {}),
    ...(p.authority ? { authority: p.authority } : {}),
    ...(logins ? { logins } : {}),
    drill: p.drill ? withFailures(p.drill, failuresAtOpen(p.scenarioContent)) : null,
    openedAt: e.ts,
    openedBy: e.actor,
    roles: own.adopt({}),
    roleHistory: own.adopt([]),
    steps: own.adopt(steps),
    path: [],
    current: null,
    recentNotes: own.adopt([]),
    noteCount: 0,
    severityHistory: own.adopt([{ ts: e.ts, from: null, to: p.severity, reason: p.selection.reason, actor: e.actor }]),
    statusHistory: own.adopt([{ ts: e.ts, from: null, to: 'open', actor: e.actor }]),
    summary: null,
    duplicateOf: null,
    runs: own.adopt([]),
    refusals: 0,
    overrides: 0,
    lastSeq: e.seq,
    lastTs: e.ts,
    events: 1,
    injects: own.adopt([]),
    judged: own.adopt({}),
    debrief: own.adopt([]),
    drillEnded: null,
    postmortem: own.adopt({ impact: null, cause: null, factors: [], wentWell: [], wentBadly: [] }),
    actions: own.adopt([]),
    pages: own.adopt([]),
    policies: p.policies ?? [],
    policyRuns: own.adopt({}),
    index: own.adopt({ steps: own.adopt(stepIndex), irregularRuns: own.adopt(new Map()), openRoles: own.adopt(new Map()) }),
  });
}

function openedAlert(a: OpenedAlert, ts: string): IncidentAlert {
  const alerts = a.alerts ?? [];
  return {
    format: a.format,
    ...(a.source ? { source: a.source } : {}),
    attachment: a.attachment,
    key: a.key ?? null,
    count: 1,
    firstSeen: ts,
    lastSeen: ts,
    firing: a.firing ?? alerts.filter((x) => x.status === 'firing').length,
    alerts,
    resolvedAt: null,
  };
}

function initialSteps(pb: Playbook, openedAt: string, approvals: Record<string, string[]>): StepState[] {
  const start = Date.parse(openedAt);
  return pb.steps.map((spec) => {
    const due = spec.due ? parseDuration(spec.due) : undefined;
    return {
      id: spec.id,
      kind: spec.kind,
      owner: spec.owner,
      title: spec.title,
      spec,
      status: 'pending',
      dueAt: due !== undefined ? new Date(start + due).toISOString() : null,
      overdueLogged: false,
      needs: approvals[spec.id] ?? approversOf(spec),
      approvals: [],
      requestedAt: null,
      denied: null,
      runs: [],
    };
  });
}

function withFailures<D extends object>(drill: D, failures: ActiveFailure[]): D & { failures?: ActiveFailure[] } {
  return failures.length ? { ...drill, failures } : drill;
}
