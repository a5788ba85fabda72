import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../src/core/duration.js';
import type { EventPayloads, StoredEvent } from '../src/core/events.js';
import { HOOK_STEP_PREFIX, isHookStepId } from '../src/core/hook-step.js';
import { evolve, foldEvents, reduceIncident } from '../src/core/incident/evolve.js';
import { type HookRun, type IncidentState, RECENT_NOTES, type StepState } from '../src/core/incident/state.js';
import { applyEvent, reduceIncident as reduceIncidentAlias } from '../src/core/reducer.js';
import type { Playbook } from '../src/core/schemas/playbook.js';
import { decodeSnapshot, encodeSnapshot } from '../src/core/incident/snapshot.js';

// ---------------------------------------------------------------------------------------------
// The oracle: the reducer as it was before the fold became immutable (it mutates its input),
// copied verbatim so the new fold is checked against exactly what it replaced.
// ---------------------------------------------------------------------------------------------

/** Rebuilds an incident from its events; pure and total: unknown shapes never throw past here. */
function oracleReduce(events: readonly StoredEvent[]): IncidentState | null {
  let state: IncidentState | null = null;
  for (const e of events) state = oracleApply(state, e);
  return state;
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
      needs: approvals[spec.id] ?? ('approve' in spec && spec.approve ? spec.approve : []),
      approvals: [],
      requestedAt: null,
      denied: null,
      runs: [],
    };
  });
}

/** Applies one event; events for another incident or before the opening are ignored. */
function oracleApply(state: IncidentState | null, e: StoredEvent): IncidentState | null {
  if (e.type === 'incident.opened') {
    if (state) return touch(state, e);
    const p = e.payload;
    const fresh = {
      id: e.incidentId,
      title: p.title,
      service: p.service,
      severity: p.severity,
      trigger: p.trigger,
      status: 'open',
      playbook: p.playbook,
      playbookContent: p.playbookContent,
      selection: p.selection,
      alert: p.alert ?? null,
      context: { ...p.context },
      drill: p.drill ?? null,
      openedAt: e.ts,
      openedBy: e.actor,
      roles: {},
      roleHistory: [],
      steps: initialSteps(p.playbookContent, e.ts, p.approvals ?? {}),
      path: [],
      current: null,
      recentNotes: [],
      noteCount: 0,
      severityHistory: [{ ts: e.ts, from: null, to: p.severity, reason: p.selection.reason, actor: e.actor }],
      statusHistory: [{ ts: e.ts, from: null, to: 'open', actor: e.actor }],
      summary: null,
      duplicateOf: null,
      runs: [],
      refusals: 0,
      overrides: 0,
      lastSeq: e.seq,
      lastTs: e.ts,
      events: 0,
      injects: [],
      judged: {},
      debrief: [],
      drillEnded: null,
      postmortem: { impact: null, cause: null, factors: [], wentWell: [], wentBadly: [] },
      actions: [],
      pages: [],
      policies: e.payload.policies ?? [],
      policyRuns: {},
    };
    return recomputePath(touch(fresh as unknown as IncidentState, e));
  }
  if (!state || e.incidentId !== state.id) return state;
  const s = touch(state, e);
  const step = (id: string | null | undefined) => (id ? s.steps.find((x) => x.id === id) : undefined);
  switch (e.type) {
    case 'role.assigned': {
      const p = e.payload;
      for (const h of s.roleHistory) if (h.role === p.role && h.to === null) h.to = e.ts;
      s.roleHistory.push({ role: p.role, person: p.person, from: e.ts, to: null, handoff: p.handoff });
      s.roles[p.role] = { person: p.person, since: e.ts, source: p.source };
      return s;
    }
    case 'step.completed': {
      const st = step(e.payload.step);
      if (!st) return s;
      st.status = 'done';
      st.option = e.payload.option;
      st.note = e.payload.note;
      st.text = e.payload.text;
      st.doneAt = e.ts;
      st.doneBy = e.actor;
      return recomputePath(s);
    }
    case 'step.skipped': {
      const st = step(e.payload.step);
      if (!st) return s;
      st.status = 'skipped';
      st.skipReason = e.payload.reason;
      st.doneAt = e.ts;
      st.doneBy = e.actor;
      return recomputePath(s);
    }
    case 'step.reopened': {
      const st = step(e.payload.step);
      if (!st) return s;
      st.status = 'pending';
      for (const k of ['option', 'note', 'text', 'skipReason', 'doneAt', 'doneBy'] as const) st[k] = undefined;
      st.approvals = [];
      st.denied = null;
      return recomputePath(s);
    }
    case 'step.overdue': {
      const st = step(e.payload.step);
      if (st) st.overdueLogged = true;
      return s;
    }
    case 'approval.requested': {
      if (isHookStepId(e.payload.step)) {
        oracleOpenHookStepRound(s.steps, e.payload, e.ts);
        return s;
      }
      const st = step(e.payload.step);
      if (!st) return s;
      if (st.denied || st.requestedAt === null) st.approvals = st.denied ? [] : st.approvals;
      st.denied = null;
      st.requestedAt = e.ts;
      return s;
    }
    case 'approval.granted': {
      const st = step(e.payload.step);
      if (!st) return s;
      st.approvals.push({
        role: e.payload.role,
        person: e.actor,
        ts: e.ts,
        seq: e.seq,
        note: e.payload.note,
        override: e.payload.override,
        ...(e.payload.policy ? { policy: e.payload.policy } : {}),
      });
      if (e.payload.override) s.overrides += 1;
      return s;
    }
    case 'approval.denied': {
      const st = step(e.payload.step);
      if (!st) return s;
      st.denied = { by: e.actor, role: e.payload.role, reason: e.payload.reason, ts: e.ts };
      return s;
    }
    case 'approval.lapsed': {
      const st = step(e.payload.step);
      if (st) st.approvals = [];
      return s;
    }
    case 'hook.started':
    case 'hook.simulated': {
      const p = e.payload;
      const run: HookRun = {
        run: p.run,
        seq: e.seq,
        hook: p.hook,
        step: p.step,
        argv: p.argv,
        startedAt: e.ts,
        startedBy: e.actor,
        retry: 'retry' in p ? p.retry : false,
        simulated: e.type === 'hook.simulated',
        undoOf: p.undoOf,
      };
      if (e.type === 'hook.simulated') {
        run.finished = { ok: true, ts: e.ts, exitCode: null, signal: null, timedOut: false, durationMs: 0, stdout: '', stderr: '' };
      }
      s.runs.push(run);
      step(p.step)?.runs.push(run);
      return s;
    }
    case 'hook.finished': {
      const run = s.runs.find((r) => r.run === e.payload.run);
      if (run) {
        const p = e.payload;
        // Issue 17: a hook that reports after a person recorded its outcome is kept beside it; the record stands.
        const late = run.finished?.recorded === true;
        run[late ? 'late' : 'finished'] = {
          ok: p.ok,
          ts: e.ts,
          exitCode: p.exitCode,
          signal: p.signal,
          timedOut: p.timedOut,
          durationMs: p.durationMs,
          stdout: p.stdout,
          stderr: p.stderr,
          error: p.error,
        };
        if (p.ok && !late) completeHookStep(step(run.step), run.startedBy, e.ts);
      }
      return s;
    }
    case 'hook.outcome_recorded': {
      const run = s.runs.find((r) => r.run === e.payload.run);
      if (run && !run.finished) {
        run.finished = {
          ok: e.payload.ok,
          ts: e.ts,
          exitCode: null,
          signal: null,
          timedOut: false,
          durationMs: 0,
          stdout: '',
          stderr: '',
          error: e.payload.note,
          recorded: true,
        };
        if (e.payload.ok) completeHookStep(step(run.step), e.actor, e.ts);
      }
      return s;
    }
    case 'note.added':
      s.recentNotes.push({ seq: e.seq, ts: e.ts, actor: e.actor, text: e.payload.text, attachments: e.payload.attachments });
      if (s.recentNotes.length > RECENT_NOTES) s.recentNotes.shift();
      s.noteCount += 1;
      if (e.payload.context) Object.assign(s.context, e.payload.context);
      return s;
    case 'severity.changed':
      s.severity = e.payload.to;
      s.severityHistory.push({ ts: e.ts, from: e.payload.from, to: e.payload.to, reason: e.payload.reason, actor: e.actor });
      return s;
    case 'incident.edited':
      if (e.payload.title !== undefined) s.title = e.payload.title;
      if (e.payload.service !== undefined) s.service = e.payload.service;
      return s;
    case 'status.changed':
      s.status = e.payload.to;
      s.statusHistory.push({ ts: e.ts, from: e.payload.from, to: e.payload.to, reason: e.payload.reason, actor: e.actor });
      if (e.payload.summary !== undefined) s.summary = e.payload.summary;
      s.duplicateOf = e.payload.to === 'duplicate' ? e.payload.duplicateOf ?? null : null;
      return s;
    case 'policy.refused':
      s.refusals += 1;
      return s;
    case 'drill.inject':
      s.injects.push({ seq: e.seq, inject: e.payload.inject, kind: e.payload.kind, summary: e.payload.summary, ts: e.ts, source: e.payload.source });
      return s;
    case 'drill.judged':
      s.judged[e.payload.expectation] = { met: e.payload.met, note: e.payload.note, by: e.actor, ts: e.ts };
      return s;
    case 'drill.paused':
      if (s.drill) s.drill = { ...s.drill, pauses: [...(s.drill.pauses ?? []), { from: e.payload.real, to: null }] };
      return s;
    case 'drill.resumed':
      if (s.drill) s.drill = { ...s.drill, pauses: (s.drill.pauses ?? []).map((p) => (p.to === null ? { ...p, to: e.payload.real } : p)) };
      return s;
    case 'drill.debrief':
      s.debrief.push({ text: e.payload.text, by: e.actor, ts: e.ts });
      return s;
    case 'drill.ended':
      s.drillEnded = { score: e.payload.score, ts: e.ts };
      return s;
    case 'alert.received': {
      // Issue 16: the alert counts its notifications and says what fires now, or when the source said it resolved.
      const p = e.payload;
      const was = s.alert;
      s.alert = {
        format: was?.format ?? p.format,
        attachment: was?.attachment ?? p.attachment,
        key: was?.key ?? p.key,
        count: (was?.count ?? 0) + 1,
        firstSeen: was?.firstSeen ?? e.ts,
        lastSeen: e.ts,
        firing: p.firing,
        alerts: p.alerts,
        resolvedAt: p.status === 'resolved' ? (p.resolvedAt ?? e.ts) : null,
      };
      return s;
    }
    case 'inventory.changed':
      return s;
    case 'impact.recorded': {
      const was = s.postmortem.impact;
      s.postmortem.impact = { text: e.payload.text ?? was?.text ?? null, affected: e.payload.affected ?? was?.affected ?? null, duration: e.payload.duration ?? was?.duration ?? null, by: e.actor, ts: e.ts };
      return s;
    }
    case 'review.recorded':
      if (e.payload.cause !== undefined) s.postmortem.cause = e.payload.cause;
      s.postmortem.factors.push(...e.payload.factors);
      s.postmortem.wentWell.push(...e.payload.wentWell);
      s.postmortem.wentBadly.push(...e.payload.wentBadly);
      return s;
    case 'action.added':
      s.actions.push({ id: e.payload.action, text: e.payload.text, owner: e.payload.owner, due: e.payload.due, addedBy: e.actor, addedAt: e.ts, closed: null });
      return s;
    case 'action.closed': {
      const a = s.actions.find((x) => x.id === e.payload.action);
      if (a) a.closed = { by: e.actor, ts: e.ts, ...(e.payload.note ? { note: e.payload.note } : {}) };
      return s;
    }
    case 'page.sent':
    case 'page.failed': {
      const p = e.payload;
      const was = s.pages.find((x) => x.page === p.page);
      const next = { page: p.page, key: p.key, to: p.to, reason: p.reason, message: p.message, escalatedFrom: p.escalatedFrom, attempts: Math.max(was?.attempts ?? 0, p.attempt), lastTry: e.ts, sentAt: was?.sentAt ?? (e.type === 'page.sent' ? e.ts : null), lastError: e.type === 'page.failed' ? e.payload.error : null, acked: was?.acked ?? null };
      if (was) Object.assign(was, next);
      else s.pages.push(next);
      return s;
    }
    case 'page.acked':
      for (const pg of s.pages) if (e.payload.pages.includes(pg.page) && !pg.acked) pg.acked = { by: e.actor, ts: e.ts };
      return s;
    case 'policy.triggered':
      s.policyRuns[e.payload.policy] = { policy: e.payload.policy, ts: e.ts, severity: e.payload.severity, hold: e.payload.hold, acked: null };
      return s;
    case 'policy.acknowledged':
      for (const id of e.payload.policies) if (s.policyRuns[id]) s.policyRuns[id] = { ...s.policyRuns[id]!, acked: { by: e.actor, role: e.role, ts: e.ts } };
      return s;
    case 'policy.withdrawn': {
      const p = e.payload;
      if (s.policyRuns[p.policy]) s.policyRuns[p.policy] = { ...s.policyRuns[p.policy]!, withdrawn: { ts: e.ts, reason: p.reason } };
      for (const id of p.items) {
        const st = step(id);
        if (!st) continue;
        st.approvals = st.approvals.filter((a) => a.policy !== p.policy);
        if (isHookStepId(st.id) && st.status === 'pending') Object.assign(st, { status: 'skipped', skipReason: `withdrawn: ${p.reason}`, requestedAt: null });
      }
      return s;
    }
    default:
      return exhaustive(e);
  }
}

function exhaustive(e: never): IncidentState | null {
  void e;
  throw new Error('unreachable: unknown event type');
}

/** A pseudo-step's round ends when its hook succeeds: the next run needs a new request and approvals. */
function completeHookStep(st: StepState | undefined, by: string, ts: string): void {
  if (!st || !isHookStepId(st.id)) return;
  st.status = 'done';
  st.doneAt = ts;
  st.doneBy = by;
  st.requestedAt = null;
}

function touch(s: IncidentState, e: StoredEvent): IncidentState {
  s.lastSeq = e.seq;
  s.lastTs = e.ts;
  s.events += 1;
  return s;
}

/** Walks the playbook from the first step, following decisions, to find the path and the current step. */
function recomputePath(s: IncidentState): IncidentState {
  const index = new Map(s.steps.map((st, i) => [st.id, i]));
  const onPath = new Set<string>();
  const path: string[] = [];
  let i = 0;
  while (i < s.steps.length) {
    const st = s.steps[i]!;
    if (isHookStepId(st.id)) {
      i += 1;
      continue;
    }
    // A goto back to a step already walked ends the walk: a finished step is not redone.
    if (onPath.has(st.id)) break;
    onPath.add(st.id);
    path.push(st.id);
    let next = i + 1;
    if (st.spec.kind === 'decision' && st.status === 'done') {
      const opt = st.spec.options.find((o) => String(o.id) === st.option);
      if (opt?.goto !== undefined) next = index.get(opt.goto) ?? next;
    }
    i = next;
  }
  for (const st of s.steps) {
    if (isHookStepId(st.id)) continue;
    if (st.status === 'bypassed' && onPath.has(st.id)) st.status = 'pending';
    if (st.status === 'pending' && !onPath.has(st.id)) st.status = 'bypassed';
  }
  s.path = path;
  s.current = path.find((id) => s.steps.find((x) => x.id === id)!.status === 'pending') ?? null;
  return s;
}

function oracleOpenHookStepRound(
  steps: StepState[],
  req: { step: string; hook: string | null; roles: string[]; params?: Record<string, string>; undoOf?: string },
  ts: string,
): StepState {
  const hook = req.hook ?? req.step.slice(HOOK_STEP_PREFIX.length);
  let st = steps.find((s) => s.id === req.step);
  if (!st) {
    st = {
      id: req.step,
      kind: 'action',
      owner: 'commander',
      title: `Run hook ${hook} outside the playbook`,
      spec: { id: req.step, kind: 'action', owner: 'commander', title: `Run hook ${hook} outside the playbook`, hook },
      status: 'pending',
      dueAt: null,
      overdueLogged: false,
      needs: [],
      approvals: [],
      requestedAt: null,
      denied: null,
      runs: [],
    };
    steps.push(st);
  }
  st.spec = { ...st.spec, kind: 'action', hook, params: { ...(req.params ?? {}) } } as StepState['spec'];
  st.needs = [...(req.roles ?? [])];
  st.status = 'pending';
  st.approvals = [];
  st.denied = null;
  st.requestedAt = ts;
  st.doneAt = undefined;
  st.doneBy = undefined;
  st.undoOf = req.undoOf;
  return st;
}

// ---------------------------------------------------------------------------------------------
// Random event logs over a small playbook, including the odd ones a hand-edited or old log holds.
// ---------------------------------------------------------------------------------------------

const PLAYBOOK: Playbook = {
  id: 'tiny',
  version: '1.0.0',
  title: 'Tiny',
  triggers: [],
  steps: [
    { id: 'assign', kind: 'check', owner: 'commander', title: 'Assign roles', due: '5m' },
    { id: 'pause', kind: 'action', owner: 'commander', title: 'Pause', hook: 'pause-feature', approve: ['commander'], due: '10m' },
    {
      id: 'leaked',
      kind: 'decision',
      owner: 'reviewer',
      title: 'Leaked?',
      options: [{ id: 'yes', goto: 'tell' }, { id: 'no' }, { id: 'again', goto: 'assign' }],
    },
    { id: 'fix', kind: 'check', owner: 'model_owner', title: 'Fix' },
    { id: 'tell', kind: 'notify', owner: 'communicator', title: 'Tell', template: 'We paused {{incident.service}}', hook: 'send-update' },
    { id: 'watch', kind: 'wait', owner: 'commander', title: 'Watch', duration: '10m' },
  ],
};

const ID = 'INC-2026-0001';
const STEPS = ['assign', 'pause', 'leaked', 'fix', 'tell', 'watch', 'nope', `${HOOK_STEP_PREFIX}pause-feature`, `${HOOK_STEP_PREFIX}flush`];
const RUNS = ['run-1', 'run-2', 'run-3', 'run-4', 'run-5', 'run-6', 'run-01', 'odd'];
const PEOPLE = ['alice', 'bob', 'carol'];
const ROLES = ['commander', 'reviewer', 'communicator'];

type Draft = { [T in keyof EventPayloads]: { type: T; payload: EventPayloads[T]; incidentId?: string } }[keyof EventPayloads];

const opened = (): EventPayloads['incident.opened'] => ({
  title: 'Leak',
  service: 'assistant-eu',
  severity: 'SEV2',
  trigger: null,
  playbook: { id: 'tiny', version: '1.0.0', sha256: 'x'.repeat(64) },
  playbookContent: PLAYBOOK,
  approvals: { pause: ['commander', 'reviewer'] },
  context: { tenant: 'a' },
  selection: { reason: 'test' },
});

function draftArb(): fc.Arbitrary<Draft> {
  const step = fc.constantFrom(...STEPS);
  const run = fc.constantFrom(...RUNS);
  const text = fc.constantFrom('ok', 'because', '');
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const ev = <T extends keyof EventPayloads>(type: T, payload: fc.Arbitrary<EventPayloads[T]>) =>
    payload.map((p) => ({ type, payload: p }) as Draft);
  const outcome = { exitCode: fc.constantFrom(0, 1, null), signal: fc.constant(null), timedOut: fc.boolean(), durationMs: fc.nat(9), stdout: text, stderr: text, stdoutCut: fc.constant(0), stderrCut: fc.constant(0) };
  return fc.oneof(
    ev('role.assigned', fc.record({ role: fc.constantFrom(...ROLES), person: fc.constantFrom(...PEOPLE), previous: fc.constant(null), handoff: fc.boolean(), source: fc.constantFrom('manual' as const, 'oncall' as const) })),
    ev('step.completed', fc.record({ step, option: maybe(fc.constantFrom('yes', 'no', 'again')), note: maybe(text), text: maybe(text) }, { requiredKeys: ['step'] })),
    ev('step.skipped', fc.record({ step, reason: text })),
    ev('step.reopened', fc.record({ step, reason: text, was: fc.constantFrom('done' as const, 'skipped' as const) })),
    ev('step.overdue', fc.record({ step, due: fc.constant('5m'), dueAt: fc.constant('2026-03-01T02:05:00.000Z') })),
    ev('approval.requested', fc.record({ step, hook: fc.constantFrom(null, 'pause-feature'), roles: fc.subarray(ROLES), params: maybe(fc.constant({ tenant: 'b' })), undoOf: maybe(run) }, { requiredKeys: ['step', 'hook', 'roles'] })),
    ev('approval.granted', fc.record({ step, hook: fc.constant(null), role: fc.constantFrom(...ROLES), playbook: fc.constant(opened().playbook), context: fc.constant({}), note: maybe(text), override: maybe(fc.constant({ reason: 'now', missing: ['reviewer'] })), policy: maybe(fc.constant('sev1-pause')) }, { requiredKeys: ['step', 'hook', 'role', 'playbook', 'context'] })),
    ev('approval.denied', fc.record({ step, hook: fc.constant(null), role: fc.constantFrom(null, 'reviewer'), reason: text })),
    ev('hook.started', fc.record({ run, hook: fc.constant('pause-feature'), step: fc.constantFrom(null, ...STEPS), argv: fc.constant(['flag', 'off']), env: fc.constant([]), cwd: fc.constant('.'), retry: fc.boolean(), undoOf: maybe(run) }, { requiredKeys: ['run', 'hook', 'step', 'argv', 'env', 'cwd', 'retry'] })),
    ev('hook.simulated', fc.record({ run, hook: fc.constant('pause-feature'), step: fc.constantFrom(null, ...STEPS), argv: fc.constant(['flag']) })),
    ev('hook.finished', fc.record({ run, hook: fc.constant('pause-feature'), step: fc.constant(null), ok: fc.boolean(), ...outcome })),
    ev('hook.outcome_recorded', fc.record({ run, hook: fc.constant('pause-feature'), step: fc.constant(null), ok: fc.boolean(), note: text })),
    ev('note.added', fc.record({ text, attachments: fc.constant([]), context: maybe(fc.constant({ model: 'm-2' })) }, { requiredKeys: ['text', 'attachments'] })),
    ev('severity.changed', fc.record({ from: fc.constant('SEV2' as const), to: fc.constantFrom('SEV1' as const, 'SEV3' as const), reason: text })),
    ev('status.changed', fc.record({ from: fc.constant('open' as const), to: fc.constantFrom('mitigated' as const, 'closed' as const), reason: maybe(text), summary: maybe(text) }, { requiredKeys: ['from', 'to'] })),
    ev('incident.edited', fc.record({ title: maybe(text), service: maybe(text), previous: fc.constant({}), reason: text }, { requiredKeys: ['previous', 'reason'] })),
    ev('policy.refused', fc.record({ rule: fc.constant('role'), command: fc.constant('step'), message: text })),
    ev('policy.triggered', fc.record({ policy: fc.constantFrom('sev1-pause', 'sev2-rollback'), source: fc.constant('aiops.yaml' as const), at: fc.constant('SEV1' as const), severity: fc.constant('SEV1' as const), items: fc.constant([{ step: 'hook:pause-feature', hook: 'pause-feature' }]), approval: fc.constantFrom('usual' as const, 'policy' as const), hold: fc.constantFrom(null, 'commander') })),
    ev('policy.acknowledged', fc.record({ policies: fc.subarray(['sev1-pause', 'sev2-rollback'], { minLength: 1 }) })),
    ev('policy.withdrawn', fc.record({ policy: fc.constantFrom('sev1-pause', 'sev2-rollback'), items: fc.array(step, { maxLength: 2 }), severity: fc.constant('SEV3' as const), reason: text })),
    ev('drill.inject', fc.record({ inject: fc.constantFrom('i1', 'i2'), kind: fc.constant('alert'), summary: text, at: fc.constant('0s'), source: maybe(fc.constant('monitor')) }, { requiredKeys: ['inject', 'kind', 'summary', 'at'] })),
    ev('drill.judged', fc.record({ expectation: fc.constantFrom('e1', 'e2'), met: fc.boolean() })),
    ev('drill.debrief', fc.record({ text })),
    ev('drill.ended', fc.record({ score: fc.nat(100), early: fc.boolean(), results: fc.constant([]) })),
    ev('alert.received', fc.record({
      format: fc.constant('alertmanager' as const),
      attachment: fc.constant({ sha256: 'a'.repeat(64), name: 'alert-alertmanager.json', size: 10 }),
      key: fc.constant('alertmanager:{}:{alertname="X"}'),
      status: fc.constantFrom('firing' as const, 'resolved' as const),
      firing: fc.nat(3),
      alerts: fc.constant([{ status: 'firing' as const, labels: { alertname: 'X' } }]),
      resolvedAt: maybe(fc.constant('2026-03-01T03:00:00.000Z')),
    }, { requiredKeys: ['format', 'attachment', 'key', 'status', 'firing', 'alerts'] })),
    // A second opening, and events of another incident interleaved in the log, change nothing.
    fc.constant({ type: 'incident.opened', payload: opened() } as Draft),
    fc.constant({ type: 'note.added', payload: { text: 'elsewhere', attachments: [] }, incidentId: 'INC-2026-0002' } as Draft),
  );
}

/** A log: the opening, then what the arbitrary drew, with seqs and times in order. */
const logArb = (max = 80) =>
  fc.array(draftArb(), { maxLength: max }).map((drafts) =>
    [{ type: 'incident.opened', payload: opened() } as Draft, ...drafts].map(
      (d, i) =>
        ({
          type: d.type,
          payload: d.payload,
          incidentId: d.incidentId ?? ID,
          seq: i + 1,
          ts: new Date(Date.parse('2026-03-01T02:00:00.000Z') + i * 61_000).toISOString(),
          actor: PEOPLE[i % PEOPLE.length]!,
          role: null,
          prevHash: '',
          hash: '',
        }) as StoredEvent,
    ),
  );

/** The state without its lookups, which the oracle never had. */
function withoutIndex(s: IncidentState | null): unknown {
  if (!s) return s;
  const { index, ...rest } = s;
  void index;
  return rest;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const [k, v] of value) {
      deepFreeze(k);
      deepFreeze(v);
    }
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The oracle mutates what it is given, so it gets its own copy of the log. */
const oracle = (log: StoredEvent[]) => oracleReduce(structuredClone(log));

describe('the incident fold (evolve)', () => {
  it('Given a random log, When folded at once, one event at a time, or in two batches, Then each equals the old reducer', () => {
    fc.assert(
      fc.property(logArb(), fc.nat(80), (log, cut) => {
        const expected = oracle(log);
        expect(withoutIndex(reduceIncident(log))).toEqual(expected);
        let one: IncidentState | null = null;
        for (const e of log) one = evolve(one, e);
        expect(withoutIndex(one)).toEqual(expected);
        const split = Math.min(cut, log.length);
        expect(withoutIndex(foldEvents(foldEvents(null, log.slice(0, split)), log.slice(split)))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('Given a state read back from its snapshot, When the rest of the log is folded onto it, Then it equals the old reducer', () => {
    fc.assert(
      fc.property(logArb(), fc.nat(80), (log, cut) => {
        const split = Math.max(1, Math.min(cut, log.length));
        const head = reduceIncident(log.slice(0, split))!;
        // A snapshot holds copies where the fold shares objects (a run in runs and in its step's runs).
        const claim = decodeSnapshot(encodeSnapshot(head, 'h'.repeat(64)), head.id)!;
        expect(withoutIndex(foldEvents(claim.state, log.slice(split)))).toEqual(oracle(log));
      }),
      { numRuns: 300 },
    );
  });

  it('Given a deep-frozen state, When any further events are evolved or folded onto it, Then it is unchanged and the result is right', () => {
    fc.assert(
      fc.property(logArb(40), logArb(40), (before, after) => {
        const tail = after.slice(1).map((e, i) => ({ ...e, seq: before.length + i + 1 }));
        const frozen = deepFreeze(reduceIncident(before));
        const snapshot = structuredClone(frozen);
        let state = frozen;
        // Frozen objects throw when written to (test files are ES modules, so strict mode).
        for (const e of tail) state = evolve(state, deepFreeze(e));
        expect(frozen).toEqual(snapshot);
        const batch = foldEvents(frozen, tail);
        expect(frozen).toEqual(snapshot);
        const expected = oracle([...before, ...tail]);
        expect(withoutIndex(state)).toEqual(expected);
        expect(withoutIndex(batch)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('Given a state, When one event is evolved, Then only what it touched is new and the rest is shared', () => {
    // Given an incident with a run on step pause and a role history
    const log = [
      { type: 'incident.opened', payload: opened() },
      { type: 'role.assigned', payload: { role: 'reviewer', person: 'bob', previous: null, handoff: false, source: 'manual' } },
      { type: 'hook.started', payload: { run: 'run-1', hook: 'pause-feature', step: 'pause', argv: [], env: [], cwd: '.', retry: false } },
    ].map((d, i) => ({ ...d, incidentId: ID, seq: i + 1, ts: `2026-03-01T02:0${i}:00.000Z`, actor: 'alice', role: null, prevHash: '', hash: '' }) as StoredEvent);
    const before = reduceIncident(log)!;
    // When the run finishes
    const after = evolve(before, { ...log[2]!, seq: 4, type: 'hook.finished', payload: { run: 'run-1', hook: 'pause-feature', step: 'pause', ok: true, exitCode: 0, signal: null, timedOut: false, durationMs: 1, stdout: '', stderr: '', stdoutCut: 0, stderrCut: 0 } } as StoredEvent)!;
    // Then the run and its step are new, the old ones unfinished, and untouched parts are the same objects
    expect(after).not.toBe(before);
    expect(before.runs[0]!.finished).toBeUndefined();
    expect(after.runs[0]!.finished?.ok).toBe(true);
    expect(after.steps[1]!.runs[0]).toBe(after.runs[0]);
    expect(after.steps[0]).toBe(before.steps[0]);
    expect(after.roleHistory).toBe(before.roleHistory);
    expect(after.severityHistory).toBe(before.severityHistory);
  });

  it('Given the old entry points, When called, Then applyEvent and reduceIncident in reducer.ts are the new fold', () => {
    expect(applyEvent).toBe(evolve);
    expect(reduceIncidentAlias).toBe(reduceIncident);
  });
});
