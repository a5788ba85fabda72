import type { EventOf, PlaybookPin, StoredEvent } from '../core/events.js';
import { readablePayload } from '../core/payload-shape.js';
import { unknownScore, unreadableEventWarning } from './unreadable-event.js';
import type { Scenario } from '../core/schemas/scenario.js';
import { scoreDrillEvents, type ScoredExpectation } from '../core/scoring.js';
import { dueInjects } from '../drill/due-injects.js';
import { planDrill } from '../drill/drill-plan.js';
import { describeEvent } from './describe-event.js';

export interface TrendRun {
  id: string;
  startedAt: string;
  score: number;
  playbook: string;
  auto: boolean;
}

/** Scores of a set of runs, oldest first, and how each expectation fared across them. */
export interface TrendSummary {
  runs: TrendRun[];
  best: number | null;
  worst: number | null;
  mean: number | null;
  change: number | null;
  expectations: { id: string; outcomes: string[]; missed: number }[];
}

/** The drills people played, and apart from them the --auto runs, which check the script and are no rehearsal. */
export interface TrendInput extends TrendSummary {
  scriptChecks: TrendSummary;
}

export interface ApprovalWait {
  step: string;
  hook: string | null;
  roles: string[];
  requestedMs: number;
  /** When the last needed approval came (null: still waiting, or denied). */
  grantedMs: number | null;
  waitedMs: number | null;
  approvers: { role: string; person: string; atMs: number; override: boolean }[];
  denied: { by: string; reason: string; atMs: number } | null;
}

export interface DrillReport {
  version: 1;
  kind: 'aiops-drill-report';
  id: string;
  scenario: { id: string; title: string; description: string | null };
  incident: { title: string; service: string; severity: string; status: string };
  playbook: PlaybookPin;
  startedAt: string;
  startedBy: string;
  speed: number;
  auto: boolean;
  ended: { at: string; early: boolean; elapsedMs: number } | null;
  /** The score now (judgments made after the end included); equals the last drill.ended score once ended; null when that end cannot be read. */
  score: number | null;
  earned: number;
  possible: number;
  expectations: ScoredExpectation[];
  measures: {
    /** The first role handed out after the starter took commander. */
    firstRoleAssignment: { role: string; person: string; atMs: number } | null;
    mitigatedMs: number | null;
    resolvedMs: number | null;
    approvals: ApprovalWait[];
    /** What the hooks did, or (simulated) would have run. */
    hooks: { hook: string; step: string | null; argv: string[]; simulated: boolean; ok: boolean | null; atMs: number }[];
    refusals: number;
  };
  wentWell: string[];
  missed: string[];
  notJudged: string[];
  timeline: { seq: number; atMs: number; ts: string; actor: string; role: string | null; type: string; inject: boolean; text: string }[];
  injectsHeldBack: { key: string; atMs: number; summary: string; reason: string }[];
  debrief: { by: string; ts: string; text: string }[];
  trend: TrendInput & { current: string };
  /** Drill ends left out because they cannot be read (this drill's or an earlier run's); absent when none. */
  warnings?: string[];
}

export interface DrillReportInput {
  id: string;
  events: StoredEvent[];
  scenario: Scenario;
  trend: TrendInput;
  /** What reading the earlier runs warned of. */
  warnings?: readonly string[];
  /** Drill time to score a drill that has not ended yet. */
  now: string;
}

const HIDDEN = new Set(['drill.ended']);

/** Builds the after-action report from a drill's events, its pinned scenario and earlier runs. Pure. */
export function buildDrillReport(input: DrillReportInput): DrillReport {
  const { events, scenario: sc } = input;
  const opened = events.find((e): e is EventOf<'incident.opened'> => e.type === 'incident.opened');
  if (!opened) throw new Error(`drill ${input.id} has no incident.opened event`);
  const t0 = Date.parse(opened.ts);
  const off = (ts: string) => Date.parse(ts) - t0;
  const endedEvents = events.filter((e): e is EventOf<'drill.ended'> => e.type === 'drill.ended');
  const firstEnd = endedEvents[0];
  // Scored the way the drill's end scored it (early ends leave what was not due yet not reached).
  const scored = scoreDrillEvents(sc.expectations, events, opened.ts, input.now);
  // The score was decided at the end (and again on each later judgment): the last drill.ended says
  // it, and when that one cannot be read the score is unknown (the scoring above is only the fallback while it runs).
  const lastEnd = endedEvents.at(-1);
  const decided = lastEnd === undefined ? scored.score : readablePayload(lastEnd) ? lastEnd.payload.score : null;
  const warnings = [...(input.warnings ?? [])];
  for (const e of endedEvents) {
    const w = unreadableEventWarning(e, unknownScore(e));
    if (!readablePayload(e) && !warnings.includes(w)) warnings.push(w);
  }
  const pb = opened.payload.playbookContent;
  const stepTitle = (id: string) => pb.steps.find((s) => s.id === id)?.title;
  let status = 'open';
  let mitigatedMs: number | null = null;
  let resolvedMs: number | null = null;
  let firstRole: DrillReport['measures']['firstRoleAssignment'] = null;
  let refusals = 0;
  const hooks: DrillReport['measures']['hooks'] = [];
  for (const e of events) {
    if (e.type === 'status.changed') {
      status = e.payload.to;
      if (e.payload.to === 'mitigated' && mitigatedMs === null) mitigatedMs = off(e.ts);
      if (e.payload.to === 'resolved' && resolvedMs === null) resolvedMs = off(e.ts);
    }
    if (e.type === 'role.assigned' && e.payload.source !== 'starter' && !firstRole) firstRole = { role: e.payload.role, person: e.payload.person, atMs: off(e.ts) };
    if (e.type === 'policy.refused') refusals += 1;
    if (e.type === 'hook.simulated') hooks.push({ hook: e.payload.hook, step: e.payload.step, argv: e.payload.argv, simulated: true, ok: true, atMs: off(e.ts) });
    if (e.type === 'hook.started') hooks.push({ hook: e.payload.hook, step: e.payload.step, argv: e.payload.argv, simulated: false, ok: null, atMs: off(e.ts) });
    if (e.type === 'hook.finished') {
      const run = hooks.findLast((h) => !h.simulated && h.hook === e.payload.hook && h.ok === null);
      if (run) run.ok = e.payload.ok;
    }
  }
  const elapsedEnd = firstEnd ? off(firstEnd.ts) : off(input.now);
  const heldBack = dueInjects(sc, events, opened.ts, elapsedEnd).heldBack;
  const plan = planDrill(sc);
  const label = (r: ScoredExpectation) => `${r.id}${r.title ? ` (${r.title})` : ''}`;
  return {
    version: 1,
    kind: 'aiops-drill-report',
    id: input.id,
    scenario: { id: sc.id, title: sc.title, description: sc.description ?? null },
    incident: { title: opened.payload.title, service: opened.payload.service, severity: lastSeverity(events, opened.payload.severity), status },
    playbook: opened.payload.playbook,
    startedAt: opened.ts,
    startedBy: opened.actor,
    speed: opened.payload.drill?.speed ?? 1,
    auto: Boolean(opened.payload.drill?.auto),
    // Read as the scoring reads it: an end whose payload cannot be read was not early.
    ended: firstEnd ? { at: firstEnd.ts, early: readablePayload(firstEnd) && firstEnd.payload.early, elapsedMs: off(firstEnd.ts) } : null,
    score: decided,
    earned: scored.earned,
    possible: scored.possible,
    expectations: scored.results,
    measures: { firstRoleAssignment: firstRole, mitigatedMs, resolvedMs, approvals: approvalWaits(events, opened.payload.approvals, off), hooks, refusals },
    wentWell: scored.results.filter((r) => r.outcome === 'met').map((r) => `${label(r)}: ${r.reason}`),
    missed: scored.results
      .filter((r) => r.outcome === 'missed' || r.outcome === 'met_late')
      .map((r) => `${label(r)}: ${r.outcome === 'met_late' ? 'late — ' : ''}${r.reason}`),
    notJudged: scored.results.filter((r) => r.outcome === 'not_judged').map(label),
    timeline: events
      .filter((e) => !HIDDEN.has(e.type))
      .map((e) => ({
        seq: e.seq,
        atMs: off(e.ts),
        ts: e.ts,
        actor: e.actor,
        role: e.role,
        type: e.type,
        inject: e.type === 'drill.inject',
        text: describeEvent(e, stepTitle).text,
      })),
    injectsHeldBack: heldBack.map((h) => {
      const item = plan.items.find((i) => i.kind === 'inject' && i.key === h.key);
      return { key: h.key, atMs: h.atMs, summary: item?.kind === 'inject' ? item.inject.summary : '', reason: h.reason };
    }),
    debrief: events.flatMap((e) => (e.type === 'drill.debrief' ? [{ by: e.actor, ts: e.ts, text: e.payload.text }] : [])),
    trend: { ...input.trend, current: input.id },
    ...(warnings.length ? { warnings } : {}),
  };
}

function lastSeverity(events: StoredEvent[], initial: string): string {
  let sev = initial;
  for (const e of events) if (e.type === 'severity.changed') sev = e.payload.to;
  return sev;
}

/** Each approval round: requested → the approval that completed it (or a denial). */
function approvalWaits(events: StoredEvent[], needs: Record<string, string[]>, off: (ts: string) => number): ApprovalWait[] {
  const open = new Map<string, ApprovalWait>();
  const out: ApprovalWait[] = [];
  const round = (step: string, hook: string | null, ts: string) => {
    let r = open.get(step);
    if (!r) {
      r = { step, hook, roles: needs[step] ?? [], requestedMs: off(ts), grantedMs: null, waitedMs: null, approvers: [], denied: null };
      open.set(step, r);
      out.push(r);
    }
    return r;
  };
  for (const e of events) {
    if (e.type === 'approval.requested') round(e.payload.step, e.payload.hook, e.ts);
    if (e.type === 'approval.granted') {
      const r = round(e.payload.step, e.payload.hook, e.ts);
      r.approvers.push({ role: e.payload.role, person: e.actor, atMs: off(e.ts), override: Boolean(e.payload.override) });
      const filled = new Set(r.approvers.map((a) => a.role));
      if (e.payload.override || r.roles.every((x) => filled.has(x))) {
        r.grantedMs = off(e.ts);
        r.waitedMs = r.grantedMs - r.requestedMs;
        open.delete(e.payload.step);
      }
    }
    if (e.type === 'approval.denied') {
      const r = round(e.payload.step, e.payload.hook, e.ts);
      r.denied = { by: e.actor, reason: e.payload.reason, atMs: off(e.ts) };
      open.delete(e.payload.step);
    }
  }
  return out;
}
