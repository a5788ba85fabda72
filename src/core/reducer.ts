import { parseDuration } from './duration.js';
import type { StoredEvent } from './events.js';
import { type HookRun, type IncidentState, RECENT_NOTES, type StepState } from './incident-state.js';
import type { Playbook } from './schemas/playbook.js';
import { isHookStepId, openHookStepRound } from './hook-step.js';

/** Rebuilds an incident from its events; pure and total: unknown shapes never throw past here. */
export function reduceIncident(events: readonly StoredEvent[]): IncidentState | null {
  let state: IncidentState | null = null;
  for (const e of events) state = applyEvent(state, e);
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
export function applyEvent(state: IncidentState | null, e: StoredEvent): IncidentState | null {
  if (e.type === 'incident.opened') {
    if (state) return touch(state, e);
    const p = e.payload;
    const fresh: IncidentState = {
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
    };
    return recomputePath(touch(fresh, e));
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
    case 'step.overdue': {
      const st = step(e.payload.step);
      if (st) st.overdueLogged = true;
      return s;
    }
    case 'approval.requested': {
      if (isHookStepId(e.payload.step)) {
        openHookStepRound(s.steps, e.payload, e.ts);
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
        run.finished = {
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
        if (p.ok) completeHookStep(step(run.step), run.startedBy, e.ts);
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
    case 'status.changed':
      s.status = e.payload.to;
      s.statusHistory.push({ ts: e.ts, from: e.payload.from, to: e.payload.to, reason: e.payload.reason, actor: e.actor });
      if (e.payload.summary !== undefined) s.summary = e.payload.summary;
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
    case 'drill.debrief':
      s.debrief.push({ text: e.payload.text, by: e.actor, ts: e.ts });
      return s;
    case 'drill.ended':
      s.drillEnded = { score: e.payload.score, ts: e.ts };
      return s;
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
export function recomputePath(s: IncidentState): IncidentState {
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
