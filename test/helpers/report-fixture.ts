import type { NewEvent } from '../../src/core/events.js';
import { appendEvents } from './seed-log.js';

/**
 * The report fixture: five incidents and three drills with round-number timings, written
 * straight into an evidence log. test/report-figures.test.ts holds the figures worked out by
 * hand from this list; change one and you must change the other.
 *
 * The report runs at REPORT_NOW (Tuesday 31 March 2026, 12:00 UTC); --since 30d starts at
 * 1 March 12:00, so INC-0004 (20 February) is outside the window.
 */
export const REPORT_NOW = '2026-03-31T12:00:00.000Z';

const MIN = 60_000;

type Spec = { id: string; opened: string; severity: string; trigger: string; service: string; drill?: string; events: [number, string, object, string?][] };

const SPECS: Spec[] = [
  {
    // A: TTA 4m, approval latency 2m, escalated SEV2→SEV1, TTM 20m, TTR 60m, fix live 7m (its hook run ok)
    id: 'INC-2026-0001', opened: '2026-03-02T10:00:00.000Z', severity: 'SEV2', trigger: 'data_leakage', service: 'assistant-eu',
    events: [
      [0, 'role.assigned', { role: 'commander', person: 'alice', previous: null, handoff: false, source: 'starter' }],
      [4 * MIN, 'role.assigned', { role: 'reviewer', person: 'bob', previous: null, handoff: false, source: 'manual' }],
      [5 * MIN, 'approval.requested', { step: 'pause', hook: 'pause-feature', roles: ['commander'] }, 'system'],
      [7 * MIN, 'approval.granted', { step: 'pause', hook: 'pause-feature', role: 'commander', playbook: PIN(), context: {} }],
      [7 * MIN, 'hook.started', STARTED('run-1', 'pause-feature')],
      [7 * MIN, 'hook.finished', HOOK('run-1', 'pause-feature', true)],
      [10 * MIN, 'severity.changed', { from: 'SEV2', to: 'SEV1', reason: 'public post' }],
      [20 * MIN, 'status.changed', { from: 'open', to: 'mitigated' }],
      [60 * MIN, 'status.changed', { from: 'mitigated', to: 'resolved' }],
      [180 * MIN, 'status.changed', { from: 'resolved', to: 'closed', summary: 'done' }],
    ],
  },
  {
    // B: on-call assignments at start (not acknowledgement), TTA 10m; latencies 3m, 1m, 2m; a deny after the
    // commander approved (disagreement); an override; hook runs 2 (1 failed, then fix live at 25m); straight to resolved at 40m (TTM = TTR = 40m)
    id: 'INC-2026-0002', opened: '2026-03-10T08:00:00.000Z', severity: 'SEV3', trigger: 'output_spike', service: 'assistant-us',
    events: [
      [0, 'role.assigned', { role: 'commander', person: 'alice', previous: null, handoff: false, source: 'starter' }],
      [0, 'role.assigned', { role: 'reviewer', person: 'bob', previous: null, handoff: false, source: 'oncall' }, 'system'],
      [10 * MIN, 'role.assigned', { role: 'model_owner', person: 'carol', previous: null, handoff: false, source: 'manual' }],
      [12 * MIN, 'approval.requested', { step: 'rollback', hook: 'rollback-model', roles: ['commander', 'reviewer'] }, 'system'],
      [15 * MIN, 'approval.granted', { step: 'rollback', hook: 'rollback-model', role: 'commander', playbook: PIN(), context: {} }],
      [16 * MIN, 'approval.denied', { step: 'rollback', hook: 'rollback-model', role: 'reviewer', reason: 'wrong version' }, 'bob'],
      [20 * MIN, 'approval.requested', { step: 'rollback', hook: 'rollback-model', roles: ['commander', 'reviewer'] }],
      [21 * MIN, 'approval.granted', { step: 'rollback', hook: 'rollback-model', role: 'commander', playbook: PIN(), context: {} }],
      [22 * MIN, 'approval.granted', { step: 'rollback', hook: 'rollback-model', role: 'commander', playbook: PIN(), context: {}, override: { reason: 'bob unreachable', missing: ['reviewer'] } }],
      [22 * MIN, 'hook.started', STARTED('run-1', 'rollback-model')],
      [22 * MIN, 'hook.finished', HOOK('run-1', 'rollback-model', false)],
      [25 * MIN, 'hook.started', STARTED('run-2', 'rollback-model', true)],
      [25 * MIN, 'hook.finished', HOOK('run-2', 'rollback-model', true)],
      [40 * MIN, 'status.changed', { from: 'open', to: 'resolved' }],
    ],
  },
  {
    // C: no hand assignment (no TTA sample); raised SEV4→SEV3 then lowered (one escalation, peak SEV3);
    // a decision reversed; TTM 3h, TTR 5h, closed at 5h30m with no fix ever live (no correction sample, not pending)
    id: 'INC-2026-0003', opened: '2026-03-16T00:00:00.000Z', severity: 'SEV4', trigger: 'output_spike', service: 'assistant-eu',
    events: [
      [0, 'role.assigned', { role: 'commander', person: 'dan', previous: null, handoff: false, source: 'starter' }],
      [30 * MIN, 'step.completed', { step: 'leaked', option: 'no', goto: 'root-cause' }],
      [50 * MIN, 'step.completed', { step: 'leaked', option: 'yes', goto: 'preserve-evidence' }],
      [60 * MIN, 'severity.changed', { from: 'SEV4', to: 'SEV3', reason: 'more tenants' }],
      [120 * MIN, 'severity.changed', { from: 'SEV3', to: 'SEV4', reason: 'contained' }],
      [180 * MIN, 'status.changed', { from: 'open', to: 'mitigated' }],
      [300 * MIN, 'status.changed', { from: 'mitigated', to: 'resolved' }],
      [330 * MIN, 'status.changed', { from: 'resolved', to: 'closed', summary: 'done' }],
    ],
  },
  {
    // D: outside the 30-day window
    id: 'INC-2026-0004', opened: '2026-02-20T10:00:00.000Z', severity: 'SEV1', trigger: 'data_leakage', service: 'assistant-eu',
    events: [
      [1 * MIN, 'role.assigned', { role: 'reviewer', person: 'bob', previous: null, handoff: false, source: 'manual' }],
      [8 * MIN, 'status.changed', { from: 'open', to: 'mitigated' }],
    ],
  },
  {
    // E: TTA 1m, TTM 6m, still mitigated; a policy pre-approval at 2m; its fix live at 20m (an inventory change, below)
    id: 'INC-2026-0005', opened: '2026-03-25T09:00:00.000Z', severity: 'SEV2', trigger: 'data_leakage', service: 'assistant-us',
    events: [
      [1 * MIN, 'role.assigned', { role: 'reviewer', person: 'erin', previous: null, handoff: false, source: 'manual' }],
      // A severity policy pre-approves a pause: an approval, but no latency sample (nobody waited for a person)
      [2 * MIN, 'approval.requested', { step: 'hook:pause-feature', hook: 'pause-feature', roles: ['commander'], params: { tenant: 'assistant-us' } }, 'system'],
      [2 * MIN, 'approval.granted', { step: 'hook:pause-feature', hook: 'pause-feature', role: 'policy', playbook: PIN(), context: {}, policy: 'sev1-pause' }, 'system'],
      [6 * MIN, 'status.changed', { from: 'open', to: 'mitigated' }],
    ],
  },
  {
    id: 'DRILL-2026-0001', opened: '2026-03-05T09:00:00.000Z', severity: 'SEV1', trigger: 'data_leakage', service: 'assistant-eu', drill: 'wrong-tenant-leak',
    events: [
      [30_000, 'role.assigned', { role: 'reviewer', person: 'bob', previous: null, handoff: false, source: 'manual' }],
      [120_000, 'hook.simulated', { run: 'run-1', hook: 'pause-feature', step: 'pause', argv: ['./flag.sh', 'disable'] }],
      [150_000, 'status.changed', { from: 'open', to: 'mitigated' }],
      [30 * MIN, 'drill.ended', { score: 70, early: false, results: [] }, 'drill'],
    ],
  },
  {
    id: 'DRILL-2026-0002', opened: '2026-03-19T09:00:00.000Z', severity: 'SEV1', trigger: 'data_leakage', service: 'assistant-eu', drill: 'wrong-tenant-leak',
    events: [
      [20_000, 'role.assigned', { role: 'reviewer', person: 'bob', previous: null, handoff: false, source: 'manual' }],
      [25 * MIN, 'drill.ended', { score: 85, early: false, results: [] }, 'drill'],
    ],
  },
  {
    id: 'DRILL-2026-0003', opened: '2026-03-26T14:00:00.000Z', severity: 'SEV2', trigger: 'unexpected_tool_call', service: 'agent-refunds', drill: 'agent-refund-loop',
    events: [[20 * MIN, 'drill.ended', { score: 60, early: true, results: [] }, 'drill']],
  },
];

function PIN() {
  return { id: 'fixture', version: '1.0.0', sha256: 'f'.repeat(64) };
}

/** A run starts before it finishes, as aiops writes it: the report counts runs by their start. */
function STARTED(run: string, hook: string, retry = false) {
  return { run, hook, step: null, argv: [`./${hook}.sh`], env: [], cwd: '.', retry };
}

function HOOK(run: string, hook: string, ok: boolean) {
  return { run, hook, step: null, ok, exitCode: ok ? 0 : 1, signal: null, timedOut: false, durationMs: 100, stdout: '', stderr: '', stdoutCut: 0, stderrCut: 0 };
}

/** Writes the fixture into a fresh evidence log at `path`, in time order like a real log. */
export async function writeReportFixture(path: string): Promise<void> {
  const events: NewEvent[] = [];
  for (const s of SPECS) {
    const t0 = Date.parse(s.opened);
    events.push({
      type: 'incident.opened',
      incidentId: s.id,
      ts: s.opened,
      actor: 'alice',
      role: 'commander',
      payload: {
        title: `${s.trigger} on ${s.service}`,
        service: s.service,
        severity: s.severity as 'SEV1',
        trigger: s.trigger,
        playbook: PIN(),
        playbookContent: { id: 'fixture', version: '1.0.0', title: 'Fixture', owner: 'test', triggers: [], roles: ['commander'], steps: [] } as never,
        approvals: {},
        context: {},
        selection: { reason: 'fixture' },
        ...(s.drill ? { drill: { scenario: s.drill, title: s.drill } } : {}),
      },
    });
    for (const [offset, type, payload, actor] of s.events) {
      events.push({ type, incidentId: s.id, ts: new Date(t0 + offset).toISOString(), actor: actor ?? 'alice', role: actor === 'system' ? null : 'commander', payload } as NewEvent);
    }
  }
  // E (assistant-us, still mitigated) gets its fix live 20m after it opened: the deploy job sets the prompt version.
  // B (assistant-us too) is resolved by then with its fix long live; an earlier deploy would not be its fix either.
  events.push({
    type: 'inventory.changed', incidentId: 'inventory', ts: '2026-03-25T09:20:00.000Z', actor: 'deploy-bot', role: null,
    payload: { service: 'assistant-us', set: { prompt: 'v42' }, previous: { prompt: 'v41' }, reason: 'fix for INC-2026-0005' },
  });
  events.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  await appendEvents(path, events);
}
