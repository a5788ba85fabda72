import { decide, foldAhead } from '../core/decide.js';
import { UserError } from '../core/errors.js';
import type { EventOf, NewEvent, StoredEvent } from '../core/events.js';
import type { IncidentState } from '../core/incident-state.js';
import { reduceIncident } from '../core/reducer.js';
import type { Inject, Scenario } from '../core/schemas/scenario.js';
import { resultRows, type ScorableEvent, scoreDrillEvents, scoreExpectations, type ScoreResult } from '../core/scoring.js';
import { drillClock, drillSpeedProblem, isPaused, realMsUntil, type DrillTiming } from '../drill/drill-clock.js';
import { planDrill } from '../drill/drill-plan.js';
import { dueInjects, type HeldBack, nextInject } from '../drill/due-injects.js';
import { drillTimingOf, incidentClock } from './incident-clock.js';
import type { LoadedScenario, Project } from './project.js';
import { decideContext, failureVerdict, runCommand, type Verdict, verdictOf } from './pipeline.js';
import { type Session } from './session.js';
import { type ActResult } from './act.js';
import { assertRosterFacilitator, rosterSpelling } from './identity.js';
import { startIncident } from './start-incident.js';

/** A drill as the log holds it: the incident, its pinned scenario and its clock settings. */
export interface DrillRecord {
  state: IncidentState;
  events: StoredEvent[];
  opened: EventOf<'incident.opened'>;
  scenario: Scenario;
  timing: DrillTiming;
}

/** Reads a drill from its events; the scenario is the copy pinned when it started. */
export function drillFromEvents(id: string, events: StoredEvent[], project?: Project): DrillRecord {
  const state = reduceIncident(events);
  const opened = events.find((e): e is EventOf<'incident.opened'> => e.type === 'incident.opened');
  if (!state || !opened) throw new UserError(`no incident ${id}`, { hint: 'aiops drill list shows the drills' });
  const drill = opened.payload.drill;
  if (!drill) throw new UserError(`${id} is not a drill`, { hint: 'aiops drill list shows the drills' });
  const scenario = opened.payload.scenarioContent ?? project?.scenarios.find((s) => s.scenario.id === drill.scenario)?.scenario;
  if (!scenario) throw new UserError(`drill ${id} does not carry its scenario and ${drill.scenario} is not in this project`);
  return { state, events, opened, scenario, timing: drillTimingOf(state)! };
}

/** Reads a whole drill (its events through the incident index) for scoring and reports. */
export async function readDrill(session: Pick<Session, 'log' | 'project'>, id: string): Promise<DrillRecord> {
  return drillFromEvents(id, await session.log.readIncident(id), session.project);
}

/**
 * The same session on the drill's clock, for what a drill terminal shows (countdowns, timers).
 * Writes do not depend on it: the pipeline stamps every command on a drill in the drill time the
 * incident records, whatever clock the session runs on.
 */
export function drillSession(session: Session, timing: DrillTiming): Session {
  return { ...session, clock: drillClock(timing, session.clock) };
}

/** The injects whose drill time has come by `now` (and, for `when:` ones, whose condition held then). */
function dueBy(sc: Scenario, events: readonly ScorableEvent[], openedAt: string, now: Date): { injects: { key: string; inject: Inject }[]; heldBack: HeldBack[] } {
  const { due, heldBack } = dueInjects(sc, events, openedAt, now.getTime() - Date.parse(openedAt));
  return { injects: due.map((d) => ({ key: d.key, inject: d.inject })), heldBack };
}

export interface StartDrillOptions {
  speed?: number;
  auto?: boolean;
  /** Who runs the drill (judges, pauses, ends it); the starter by default. */
  facilitator?: string;
}

export interface StartedDrill {
  state: IncidentState;
  scenario: Scenario;
  timing: DrillTiming;
  warnings: string[];
}

/**
 * Opens a drill incident (DRILL-YYYY-NNNN) on the scenario's playbook, pins the scenario in the
 * opening event, records its facilitator (the starter unless named) and delivers the T+0 injects.
 * Nobody holds commander yet: naming one is part of the drill.
 */
export async function startDrill(session: Session, loaded: LoadedScenario, opts: StartDrillOptions = {}): Promise<StartedDrill> {
  const sc = loaded.scenario;
  const speedProblem = opts.speed === undefined ? null : drillSpeedProblem(opts.speed);
  if (speedProblem) throw new UserError(`--speed ${speedProblem}, got ${opts.speed}`);
  const given = opts.facilitator?.trim();
  if (given !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/.test(given)) {
    throw new UserError(`--facilitator wants a person's name, got ${JSON.stringify(opts.facilitator)}`);
  }
  // Stored as the roster spells the name (`Carol` is carol), as every acting name is.
  const facilitator = given === undefined ? undefined : rosterSpelling(session.project.roster.people, given);
  // A drill played by people needs a facilitator who may judge, pause and end it: a roster person.
  // (An --auto run's facilitator is whoever runs the script check; it plays and ends by itself.)
  if (!opts.auto) assertRosterFacilitator(session, facilitator);
  const { state, warnings } = await startIncident(session, {
    playbook: sc.playbook,
    trigger: sc.incident.trigger,
    severity: sc.incident.severity,
    title: sc.incident.title,
    service: sc.incident.service,
    drill: {
      scenario: sc.id,
      title: sc.title,
      ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
      ...(opts.auto ? { auto: true } : {}),
      facilitator: facilitator ?? session.actor,
    },
    scenarioContent: sc,
  });
  const timing: DrillTiming = { openedAt: state.openedAt, speed: opts.speed, auto: opts.auto };
  const delivered = await deliverDueInjects(session, state.id);
  return { state: delivered.state, scenario: sc, timing, warnings };
}

export interface Delivery {
  delivered: StoredEvent[];
  heldBack: HeldBack[];
  state: IncidentState;
}

/** Logs every inject whose drill time has come (once each); `when:` injects only if their condition held at their time. */
export async function deliverDueInjects(session: Session, id: string): Promise<Delivery> {
  const out = await runCommand(session, id, (state): Verdict<null> => {
    if (!state.drill) return { kind: 'invalid', message: `${id} is not a drill`, hint: 'aiops drill list shows the drills' };
    return { kind: 'append', events: [], value: null };
  });
  return { delivered: out.injects.delivered, heldBack: out.injects.heldBack, state: out.state };
}

export interface DrillStatus {
  id: string;
  scenario: { id: string; title: string };
  state: IncidentState;
  /** Drill time since T+0. */
  elapsedMs: number;
  /** When the scenario's timeline runs out (T+endMs). */
  endMs: number;
  speed: number;
  auto: boolean;
  next: { key: string; atMs: number; inDrillMs: number; inRealMs: number; conditional: boolean } | null;
  live: ScoreResult;
  /** The facilitator paused the drill: its clock stands still. */
  paused: boolean;
  ended: { ts: string; score: number; early: boolean } | null;
  delivered: StoredEvent[];
}

/** Delivers what is due, then says where the drill stands: next inject countdown, live score, ended or not. */
export async function drillStatus(session: Session, id: string): Promise<DrillStatus> {
  const delivery = await deliverDueInjects(session, id);
  const d = await readDrill(session, id);
  const now = incidentClock(d.state, session.clock).now();
  const ended = lastEnded(d.events);
  const elapsedMs = (ended ? Date.parse(ended.ts) : now.getTime()) - Date.parse(d.timing.openedAt);
  const upcoming = ended ? null : nextInject(d.scenario, d.events, elapsedMs);
  return {
    id,
    scenario: { id: d.scenario.id, title: d.scenario.title },
    state: d.state,
    elapsedMs,
    endMs: planDrill(d.scenario).endMs,
    speed: d.timing.speed ?? 1,
    auto: Boolean(d.timing.auto),
    next: upcoming
      ? {
          key: upcoming.key,
          atMs: upcoming.atMs,
          inDrillMs: upcoming.atMs - elapsedMs,
          inRealMs: realMsUntil(d.timing, upcoming.atMs, elapsedMs),
          conditional: Boolean(upcoming.inject.when),
        }
      : null,
    live: scoreDrillEvents(d.scenario.expectations, d.events, d.timing.openedAt, now.toISOString()),
    paused: isPaused(d.timing),
    ended: ended ? { ts: ended.ts, score: ended.payload.score, early: ended.payload.early } : null,
    delivered: delivery.delivered,
  };
}

/** Decided events as the scorer reads them, numbered after the state's last seq. */
function sealedAfter(state: IncidentState, events: readonly NewEvent[]): StoredEvent[] {
  let seq = state.lastSeq;
  return events.map((e) => ({ ...e, seq: ++seq, prevHash: '', hash: '' }));
}

function lastEnded(events: readonly StoredEvent[]): EventOf<'drill.ended'> | undefined {
  return events.filter((e): e is EventOf<'drill.ended'> => e.type === 'drill.ended').at(-1);
}

/**
 * Scores a drill as of `until` (auto expectations); judgments count whenever they were made.
 * `early`: it ended before the scenario's end, so what was not due yet is not reached, not missed.
 */
export function scoreDrill(d: Pick<DrillRecord, 'scenario' | 'events' | 'timing'>, until: string, early = false): ScoreResult {
  return scoreExpectations(d.scenario.expectations, d.events, { start: d.timing.openedAt, until, judgmentsAnyTime: true, early });
}

/**
 * Runs a command on the drill through the pipeline and, when the drill has already ended,
 * appends a fresh drill.ended with the score recomputed (a late judgment changes it).
 */
async function actOnDrill(session: Session, id: string, cmd: Parameters<typeof decide>[1], check: (d: DrillRecord) => void): Promise<ActResult & { rescored: ScoreResult | null }> {
  let rescored: ScoreResult | null = null;
  const out = await runCommand(session, id, async (state, on) => {
    rescored = null;
    const d = await readDrill(session, id);
    check(d);
    const ctx = decideContext(on);
    const decision = decide(state, cmd, ctx);
    const ended = lastEnded(d.events);
    // An ended drill gets no more injects, so the log read here is the whole drill.
    if (!decision.ok || !ended || cmd.kind !== 'judge') return verdictOf(state, ctx, decision);
    // Scored as the end scored it (the first drill.ended: its instant, early or not), with the new judgment.
    rescored = scoreDrillEvents(d.scenario.expectations, [...d.events, ...sealedAfter(d.state, decision.events)], d.timing.openedAt, ended.ts);
    const played = ended.payload.playedMs !== undefined ? { playedMs: ended.payload.playedMs, scenarioMs: ended.payload.scenarioMs } : {};
    const again = decide(foldAhead(state, decision.events), { kind: 'drill-end', score: rescored.score, early: ended.payload.early, results: resultRows(rescored), rescore: true, ...played }, ctx);
    return again.ok ? verdictOf(state, ctx, decision, again.events) : failureVerdict(state, ctx, again);
  }, { rosterOnDrills: true });
  return { ...out, rescored };
}

/**
 * The facilitator marks a manual expectation met or missed (logged as drill.judged). After the
 * drill ended, the score is recomputed and logged again as a new drill.ended.
 */
export async function judgeExpectation(session: Session, id: string, expectation: string, met: boolean, note?: string, reason?: string): Promise<ActResult & { rescored: ScoreResult | null }> {
  return actOnDrill(session, id, { kind: 'judge', expectation, met, ...(note ? { note } : {}), ...(reason ? { reason } : {}) }, (d) => {
    const exp = d.scenario.expectations.find((e) => e.id === expectation);
    if (!exp) {
      throw new UserError(`drill ${id} has no expectation "${expectation}"`, { hint: `expectations: ${d.scenario.expectations.map((e) => e.id).join(', ')}` });
    }
    if (!exp.manual) {
      throw new UserError(`${expectation} is scored from the log (${exp.event}); only manual expectations are judged`, {
        hint: `manual ones: ${d.scenario.expectations.filter((e) => e.manual).map((e) => e.id).join(', ') || 'none'}`,
      });
    }
  });
}

/** Adds a debrief note (what went well, what to change); allowed during and after the drill. */
export async function addDebrief(session: Session, id: string, text: string): Promise<ActResult> {
  return actOnDrill(session, id, { kind: 'debrief', text }, () => undefined);
}

export interface EndedDrill {
  id: string;
  score: ScoreResult;
  early: boolean;
  endedAt: string;
  elapsedMs: number;
  /** How long the scenario runs (T+0 to its last inject or script entry). */
  scenarioMs: number;
  delivered: StoredEvent[];
  heldBack: HeldBack[];
}

/**
 * A drill that has already ended, as its first `drill.ended` scored it (judgments made since
 * included, as a rescore counts them); null while it runs. What an unattended run reports when
 * its script ended the drill itself (`do: drill.end`).
 */
export async function endedDrill(session: Pick<Session, 'log' | 'project'>, id: string): Promise<EndedDrill | null> {
  const d = await readDrill(session, id);
  const first = d.events.find((e): e is EventOf<'drill.ended'> => e.type === 'drill.ended');
  if (!first) return null;
  const openedMs = Date.parse(d.timing.openedAt);
  const scenarioMs = first.payload.scenarioMs ?? planDrill(d.scenario).endMs;
  const elapsedMs = first.payload.playedMs ?? Date.parse(first.ts) - openedMs;
  const score = scoreDrillEvents(d.scenario.expectations, d.events, d.timing.openedAt, first.ts);
  const { heldBack } = dueBy(d.scenario, d.events, d.timing.openedAt, new Date(first.ts));
  return { id, score, early: first.payload.early, endedAt: first.ts, elapsedMs, scenarioMs, delivered: [], heldBack };
}

/**
 * Ends a drill: delivers what is due, scores every expectation, logs drill.ended. Ending before the
 * scenario's end is `early`. Asked for by a person (`drill end`), it is a roster person's act; `atEnd`:
 * ended because its timeline ran out (`drill run`, an --auto run), as any command would end it then.
 */
export async function endDrill(session: Session, id: string, opts: { atEnd?: boolean } = {}): Promise<EndedDrill> {
  const out = await runCommand(session, id, async (state, on, ahead): Promise<Verdict<Omit<EndedDrill, 'id' | 'delivered'>>> => {
    const d = await readDrill(session, id);
    // The drill clock never reads before what the drill already logged (the pipeline's clock floors it).
    const now = on.clock.now();
    const ctx = decideContext(on, now.toISOString());
    // The injects that fell due were logged ahead of this command by the pipeline: score them too.
    const events = [...d.events, ...sealedAfter(d.state, ahead)];
    const { heldBack } = dueBy(d.scenario, events, d.timing.openedAt, now);
    const elapsedMs = now.getTime() - Date.parse(d.timing.openedAt);
    const scenarioMs = planDrill(d.scenario).endMs;
    // The timeline ran out as this command came in, and the drill logged its own end ahead of it
    // (drill-deliveries.ts endedBySelf): what was asked for is done, not refused. (`drill run` asks
    // at the scenario's end, which a loaded machine can reach between its status and this command.)
    const selfEndedAt = ahead.find((e) => e.type === 'drill.ended')?.ts;
    if (selfEndedAt) {
      const score = scoreDrill({ ...d, events }, selfEndedAt, false);
      return { kind: 'append', events: [], value: { score, early: false, endedAt: selfEndedAt, elapsedMs: scenarioMs, scenarioMs, heldBack } };
    }
    const early = elapsedMs < scenarioMs;
    const score = scoreDrill({ ...d, events }, now.toISOString(), early);
    const end = decide(state, { kind: 'drill-end', score: score.score, early, results: resultRows(score), playedMs: Math.min(elapsedMs, scenarioMs), scenarioMs }, ctx);
    if (!end.ok) return failureVerdict(state, ctx, end);
    return { kind: 'append', events: end.events, value: { score, early, endedAt: now.toISOString(), elapsedMs, scenarioMs, heldBack } };
  }, { rosterOnDrills: !opts.atEnd });
  return { id, ...out.value, delivered: out.injects.delivered };
}
