import type { NewEvent } from '../core/events.js';
import { decide, type DecideContext, foldAhead } from '../core/decide.js';
import type { IncidentState } from '../core/incident-state.js';
import type { Scenario } from '../core/schemas/scenario.js';
import { eventTypesFor, resultRows, type ScorableEvent, scoreExpectations } from '../core/scoring.js';
import { type DrillPlan, type PlanItem, planDrill } from '../drill/drill-plan.js';
import { conditionHolds, type HeldBack } from '../drill/due-injects.js';
import type { EventLog } from '../store/index.js';
import type { Project } from './project.js';

type InjectItem = Extract<PlanItem, { kind: 'inject' }>;

/** A drill's pinned scenario and plan, and what this process has settled about its injects so far. */
interface Pin {
  scenario: Scenario;
  plan: DrillPlan;
  /** Each `when:` decided once, at its inject's time, by key: a held-back inject is not judged again. */
  judged: Map<string, { holds: boolean; reason: string }>;
  /** The injects whose `when:` held them back, in time order. */
  held: HeldBack[];
  /** Keys of the injects the incident logged, as of its first `loggedCount` injects. */
  logged: Set<string>;
  loggedCount: number;
  /** Every plan item before this index is settled (a script entry, a logged or a held-back inject). */
  cursor: number;
}

/** A drill's pinned scenario and its timeline, per log and incident: the pin never changes, so it is read once. */
const pinned = new WeakMap<EventLog, Map<string, Pin>>();

/** The scenario a drill pins in its opening event (or, for old drills, the project's copy), with its plan. */
export async function pinnedScenario(log: EventLog, state: IncidentState, project?: Project): Promise<{ scenario: Scenario; plan: DrillPlan } | null> {
  return pinOf(log, state, project);
}

async function pinOf(log: EventLog, state: IncidentState, project?: Project): Promise<Pin | null> {
  if (!state.drill) return null;
  let byId = pinned.get(log);
  if (!byId) pinned.set(log, (byId = new Map()));
  const known = byId.get(state.id);
  if (known) return known;
  const [opened] = await log.readIncident(state.id, { limit: 1 });
  const content = opened?.type === 'incident.opened' ? opened.payload.scenarioContent : undefined;
  const scenario = content ?? project?.scenarios.find((s) => s.scenario.id === state.drill!.scenario)?.scenario;
  if (!scenario) return null;
  const out: Pin = { scenario, plan: planDrill(scenario), judged: new Map(), held: [], logged: new Set(), loggedCount: 0, cursor: 0 };
  // Only a pinned copy is cached: the project's copy may be edited while a long TUI runs.
  if (content) byId.set(state.id, out);
  return out;
}

export interface DueDelivery {
  events: NewEvent[];
  heldBack: HeldBack[];
}

const NONE: DueDelivery = { events: [], heldBack: [] };

/** Brings the pin's set of logged inject keys up to the state (the fold only ever appends injects). */
function loggedKeys(pin: Pin, state: IncidentState): Set<string> {
  if (state.injects.length < pin.loggedCount) {
    pin.logged = new Set();
    pin.loggedCount = 0;
    pin.cursor = 0;
  }
  for (let i = pin.loggedCount; i < state.injects.length; i++) pin.logged.add(state.injects[i]!.inject);
  pin.loggedCount = state.injects.length;
  return pin.logged;
}

/**
 * The drill injects whose drill time has come by `ctx.now` and that are not logged yet, each
 * stamped at its scheduled drill time (never before what the incident already logged), with
 * `when:` decided once, on what had happened by that time, and remembered. Whoever's command
 * comes next delivers them.
 */
export async function dueDeliveries(log: EventLog, state: IncidentState, ctx: DecideContext, project?: Project): Promise<DueDelivery> {
  if (!state.drill || state.drillEnded) return NONE;
  const pin = await pinOf(log, state, project);
  if (!pin) return NONE;
  const { scenario, plan } = pin;
  const elapsed = Date.parse(ctx.now) - Date.parse(state.openedAt);
  const logged = loggedKeys(pin, state);
  const pending: InjectItem[] = [];
  for (let i = pin.cursor; i < plan.items.length && plan.items[i]!.atMs <= elapsed; i++) {
    const item = plan.items[i]!;
    const settled = item.kind !== 'inject' || logged.has(item.key) || pin.judged.get(item.key)?.holds === false;
    if (!settled) pending.push(item);
    else if (pending.length === 0) pin.cursor = i + 1;
  }
  // Strictly past the end: a command stamped at the very end (a script's last entry) still counts.
  const over = scenario.end !== 'manual' && elapsed > plan.endMs;
  if (pending.length === 0 && !over) return { events: [], heldBack: [...pin.held] };
  const unjudged = pending.filter((item) => item.inject.when && !pin.judged.has(item.key));
  if (unjudged.length > 0) {
    // Only the events the asked expectations match on are read, once for all of them.
    const types = [...new Set(unjudged.flatMap((item) => eventTypesFor(scenario.expectations, whenExpectation(item))))];
    const events = types.length ? await log.readIncident(state.id, { types }) : [];
    for (const item of unjudged) {
      const verdict = conditionHolds(scenario, item.inject, events, state.openedAt, item.atMs);
      pin.judged.set(item.key, verdict);
      if (!verdict.holds) pin.held.push({ key: item.key, atMs: item.atMs, reason: verdict.reason });
    }
  }
  const due = pending.filter((item) => pin.judged.get(item.key)?.holds !== false);
  const floor = Date.parse(state.lastTs);
  const injects = due.map((d) => ({ key: d.key, inject: d.inject, ts: new Date(Math.max(Date.parse(state.openedAt) + d.atMs, floor)).toISOString() }));
  const decided = injects.length ? decide(state, { kind: 'drill-deliver', injects }, ctx) : null;
  const delivered = decided?.ok ? decided.events : [];
  return { events: over ? [...delivered, ...(await endedBySelf(log, state, ctx, scenario, plan, delivered))] : delivered, heldBack: [...pin.held] };
}

function whenExpectation(item: InjectItem): string {
  const when = item.inject.when!;
  return 'met' in when ? when.met : when.missed;
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
