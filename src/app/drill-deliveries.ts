import type { NewEvent } from '../core/events.js';
import { decide, type DecideContext, foldAhead } from '../core/decide.js';
import type { IncidentState } from '../core/incident-state.js';
import type { Scenario } from '../core/schemas/scenario.js';
import { resultRows, type ScorableEvent, scoreExpectations } from '../core/scoring.js';
import { type DrillPlan, planDrill } from '../drill/drill-plan.js';
import { dueInjects, type HeldBack } from '../drill/due-injects.js';
import type { EventLog } from '../store/index.js';
import type { Project } from './project.js';

/** A drill's pinned scenario and its timeline, per log and incident: the pin never changes, so it is read once. */
const pinned = new WeakMap<EventLog, Map<string, { scenario: Scenario; plan: DrillPlan }>>();

/** The scenario a drill pins in its opening event (or, for old drills, the project's copy), with its plan. */
export async function pinnedScenario(log: EventLog, state: IncidentState, project?: Project): Promise<{ scenario: Scenario; plan: DrillPlan } | null> {
  if (!state.drill) return null;
  let byId = pinned.get(log);
  if (!byId) pinned.set(log, (byId = new Map()));
  const known = byId.get(state.id);
  if (known) return known;
  const [opened] = await log.readIncident(state.id, { limit: 1 });
  const content = opened?.type === 'incident.opened' ? opened.payload.scenarioContent : undefined;
  const scenario = content ?? project?.scenarios.find((s) => s.scenario.id === state.drill!.scenario)?.scenario;
  if (!scenario) return null;
  const out = { scenario, plan: planDrill(scenario) };
  // Only a pinned copy is cached: the project's copy may be edited while a long TUI runs.
  if (content) byId.set(state.id, out);
  return out;
}

export interface DueDelivery {
  events: NewEvent[];
  heldBack: HeldBack[];
}

const NONE: DueDelivery = { events: [], heldBack: [] };

/**
 * The drill injects whose drill time has come by `ctx.now` and that are not logged yet, each
 * stamped at its scheduled drill time (never before what the incident already logged), with
 * `when:` decided on what had happened by that time. Whoever's command comes next delivers them.
 */
export async function dueDeliveries(log: EventLog, state: IncidentState, ctx: DecideContext, project?: Project): Promise<DueDelivery> {
  if (!state.drill || state.drillEnded) return NONE;
  const pin = await pinnedScenario(log, state, project);
  if (!pin) return NONE;
  const { scenario, plan } = pin;
  const elapsed = Date.parse(ctx.now) - Date.parse(state.openedAt);
  const logged = new Set(state.injects.map((i) => i.inject));
  const pending = plan.items.filter((item) => item.kind === 'inject' && item.atMs <= elapsed && !logged.has(item.key));
  // Strictly past the end: a command stamped at the very end (a script's last entry) still counts.
  const over = scenario.end !== 'manual' && elapsed > plan.endMs;
  if (pending.length === 0 && !over) return NONE;
  if (pending.length === 0) return { events: await endedBySelf(log, state, ctx, scenario, plan, []), heldBack: [] };
  // A `when:` inject is decided on what happened before its time: only then is the incident read whole.
  const conditional = pending.some((item) => item.kind === 'inject' && item.inject.when);
  const events: ScorableEvent[] = conditional
    ? await log.readIncident(state.id)
    : state.injects.map((i) => ({ seq: i.seq, ts: i.ts, type: 'drill.inject', actor: 'drill', role: null, payload: { inject: i.inject } }));
  const { due, heldBack } = dueInjects(scenario, events, state.openedAt, elapsed);
  const floor = Date.parse(state.lastTs);
  const injects = due.map((d) => ({ key: d.key, inject: d.inject, ts: new Date(Math.max(Date.parse(state.openedAt) + d.atMs, floor)).toISOString() }));
  const decided = decide(state, { kind: 'drill-deliver', injects }, ctx);
  const delivered = decided.ok ? decided.events : [];
  return { events: over ? [...delivered, ...(await endedBySelf(log, state, ctx, scenario, plan, delivered))] : delivered, heldBack };
}

/**
 * The drill.ended a drill logs by itself when its timeline has run out: scored as of its end,
 * stamped at it (never before what was logged), by the drill. Whoever's command (or TUI) comes
 * next logs it, so every participant sees the same end.
 */
async function endedBySelf(log: EventLog, state: IncidentState, ctx: DecideContext, scenario: Scenario, plan: DrillPlan, ahead: readonly NewEvent[]): Promise<NewEvent[]> {
  let seq = state.lastSeq;
  const events: ScorableEvent[] = [...(await log.readIncident(state.id)), ...ahead.map((e) => ({ ...e, seq: ++seq }))];
  const lastTs = Math.max(Date.parse(state.lastTs), ...ahead.map((e) => Date.parse(e.ts)));
  const endTs = new Date(Math.max(Date.parse(state.openedAt) + plan.endMs, lastTs)).toISOString();
  const score = scoreExpectations(scenario.expectations, events, { start: state.openedAt, until: endTs, judgmentsAnyTime: true });
  const after = ahead.length ? foldAhead(state, ahead) : state;
  const end = decide(after, { kind: 'drill-end', score: score.score, early: false, results: resultRows(score), playedMs: plan.endMs, scenarioMs: plan.endMs }, { ...ctx, actor: 'drill', now: endTs });
  return end.ok ? end.events : [];
}
