import { existsSync, realpathSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { decide } from '../core/decide.js';
import { UserError } from '../core/errors.js';
import type { EventOf, NewEvent, StoredEvent } from '../core/events.js';
import type { IncidentState } from '../core/incident-state.js';
import { reduceIncident } from '../core/reducer.js';
import type { Scenario } from '../core/schemas/scenario.js';
import { resultRows, type ScorableEvent, scoreExpectations, type ScoreResult } from '../core/scoring.js';
import { drillClock, drillTimeAt, realMsUntil, type DrillTiming } from '../drill/drill-clock.js';
import { planDrill } from '../drill/drill-plan.js';
import { dueInjects, type HeldBack, nextInject } from '../drill/due-injects.js';
import { yamlFilesIn } from './find-config.js';
import { type LoadedScenario, loadScenarioFiles, packageRoot, type Project } from './project.js';
import { commitLiveIncident, forgetLiveIncident, liveIncidentFor } from './live-incident.js';
import { type ActResult, type Session } from './session.js';
import { startIncident } from './start-incident.js';
import { failureError, refusalEventFor } from './present-failure.js';

export { runAuto, type AutoOptions, type AutoResult, type ScriptOutcome } from './drill-auto.js';
export { drillReport, type DrillReport } from './drill-report.js';

export interface AvailableScenario extends LoadedScenario {
  /** `project`: from the configured scenarios directory; `shipped`: from the aiops package; `file`: named on the command line. */
  source: 'project' | 'shipped' | 'file';
}

/** The scenarios a drill can play: the project's, then the shipped ones that fit its playbooks (by id, the project's win). */
export function availableScenarios(project: Project): AvailableScenario[] {
  const out: AvailableScenario[] = project.scenarios.map((s) => ({ ...s, source: 'project' as const }));
  const shippedDir = join(packageRoot(), 'scenarios');
  const projectDir = resolve(project.root, project.config.scenarios ?? 'scenarios');
  if (!existsSync(shippedDir) || (existsSync(projectDir) && realpathSync(projectDir) === realpathSync(shippedDir))) return out;
  const ctx = { playbooks: project.playbooks, config: project.configFile ? project.config : null, roster: project.rosterFile ? project.roster : null };
  const shipped = loadScenarioFiles(yamlFilesIn(shippedDir), project.root, ctx, []);
  for (const s of shipped) if (!out.some((o) => o.scenario.id === s.scenario.id)) out.push({ ...s, source: 'shipped' });
  return out;
}

/** Finds a scenario by id (project, then shipped) or loads it from a YAML file; every problem located. */
export function resolveScenario(project: Project, ref: string, cwd: string): AvailableScenario {
  const path = resolve(cwd, ref);
  if (['.yaml', '.yml'].includes(extname(ref)) || existsSync(path)) {
    if (!existsSync(path)) throw new UserError(`scenario file ${ref} not found`);
    const problems: Parameters<typeof loadScenarioFiles>[3] = [];
    const ctx = { playbooks: project.playbooks, config: project.configFile ? project.config : null, roster: project.rosterFile ? project.roster : null };
    const [loaded] = loadScenarioFiles([path], cwd, ctx, problems);
    if (!loaded) {
      throw new UserError(`${ref} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, {
        details: problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`),
        hint: `aiops scenario validate ${ref}`,
      });
    }
    return { ...loaded, source: 'file' };
  }
  const all = availableScenarios(project);
  const found = all.find((s) => s.scenario.id === ref);
  if (found) return found;
  const broken = project.problems.filter((p) => p.file.includes(ref));
  throw new UserError(`no scenario "${ref}"`, {
    details: broken.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`),
    hint: `scenarios: ${all.map((s) => s.scenario.id).join(', ') || 'none'} (or give a path to a scenario YAML file)`,
  });
}

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
  return { state, events, opened, scenario, timing: { openedAt: opened.ts, speed: drill.speed, auto: drill.auto } };
}

export function readDrill(session: Session, id: string): DrillRecord {
  return drillFromEvents(id, session.store.readIncident(id), session.project);
}

/** Clocks made by drillSession: they already read drill time and must not be sped up again. */
const drillClocks = new WeakSet<object>();

/** The same session on the drill's clock: what the team does in a sped-up drill is stamped in drill time. */
export function drillSession(session: Session, timing: DrillTiming): Session {
  const clock = drillClock(timing, session.clock);
  drillClocks.add(clock);
  return { ...session, clock };
}

/** Drill time now, whether the session runs on the real clock (CLI) or already on the drill clock (TUI). */
function drillNow(timing: DrillTiming, session: Session): Date {
  return drillClocks.has(session.clock) ? session.clock.now() : drillTimeAt(timing, session.clock.now());
}

function injectEvents(id: string, sc: Scenario, events: readonly ScorableEvent[], openedAt: string, now: Date): { fresh: NewEvent[]; heldBack: HeldBack[] } {
  const elapsed = now.getTime() - Date.parse(openedAt);
  const { due, heldBack } = dueInjects(sc, events, openedAt, elapsed);
  const fresh = due.map(
    (d): NewEvent => ({
      type: 'drill.inject',
      incidentId: id,
      ts: now.toISOString(),
      actor: 'drill',
      role: null,
      payload: {
        inject: d.key,
        kind: d.inject.kind,
        ...(d.inject.source ?? d.inject.from ? { source: d.inject.source ?? d.inject.from } : {}),
        summary: d.inject.summary,
        ...(d.inject.detail ? { detail: d.inject.detail } : {}),
        at: d.inject.at,
      },
    }),
  );
  return { fresh, heldBack };
}

export interface StartDrillOptions {
  speed?: number;
  auto?: boolean;
}

export interface StartedDrill {
  state: IncidentState;
  scenario: Scenario;
  timing: DrillTiming;
  warnings: string[];
}

/**
 * Opens a drill incident (DRILL-YYYY-NNNN) on the scenario's playbook, pins the scenario in the
 * opening event, gives commander to the session's actor and delivers the T+0 injects.
 */
export function startDrill(session: Session, loaded: LoadedScenario, opts: StartDrillOptions = {}): StartedDrill {
  const sc = loaded.scenario;
  if (opts.speed !== undefined && !(opts.speed > 0 && Number.isFinite(opts.speed))) {
    throw new UserError(`--speed must be a positive number, got ${opts.speed}`);
  }
  const { state, warnings } = startIncident(session, {
    playbook: sc.playbook,
    trigger: sc.incident.trigger,
    severity: sc.incident.severity,
    title: sc.incident.title,
    service: sc.incident.service,
    drill: { scenario: sc.id, title: sc.title, ...(opts.speed !== undefined ? { speed: opts.speed } : {}), ...(opts.auto ? { auto: true } : {}) },
    scenarioContent: sc,
  });
  const timing: DrillTiming = { openedAt: state.openedAt, speed: opts.speed, auto: opts.auto };
  const delivered = deliverDueInjects(session, state.id);
  return { state: delivered.state, scenario: sc, timing, warnings };
}

export interface Delivery {
  delivered: StoredEvent[];
  heldBack: HeldBack[];
  state: IncidentState;
}

/** Logs every inject whose drill time has come (once each); `when:` injects only if their condition held at their time. */
export function deliverDueInjects(session: Session, id: string): Delivery {
  try {
    return session.store.transaction((tx) => {
      // The session's cached incident, updated with only what was committed since it was last read.
      const live = liveIncidentFor(session, id);
      const opened = session.store.readSince(live.firstSeq - 1, 1)[0];
      if (opened?.type !== 'incident.opened') throw new UserError(`no incident ${id}`, { hint: 'aiops drill list shows the drills' });
      const d = drillFromEvents(id, [opened], session.project);
      if (live.state.drillEnded) return { delivered: [], heldBack: [], state: live.state };
      const now = drillNow(d.timing, session);
      const elapsed = now.getTime() - Date.parse(d.timing.openedAt);
      const deliveredKeys = new Set(live.state.injects.map((i) => i.inject));
      const pending = planDrill(d.scenario).items.filter((item) => item.kind === 'inject' && item.atMs <= elapsed && !deliveredKeys.has(item.key));
      if (pending.length === 0) return { delivered: [], heldBack: [], state: live.state };
      // A `when:` inject is decided on what happened before its time: only then is the incident read whole.
      const conditional = pending.some((item) => item.kind === 'inject' && item.inject.when);
      const events: ScorableEvent[] = conditional
        ? tx.readIncident(id)
        : live.state.injects.map((i) => ({ seq: i.seq, ts: i.ts, type: 'drill.inject', actor: 'drill', role: null, payload: { inject: i.inject } }));
      const { fresh, heldBack } = injectEvents(id, d.scenario, events, d.timing.openedAt, now);
      const delivered = fresh.length ? tx.append(fresh) : [];
      commitLiveIncident(live, delivered);
      return { delivered, heldBack, state: live.state };
    });
  } catch (err) {
    forgetLiveIncident(session, id);
    throw err;
  }
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
  ended: { ts: string; score: number; early: boolean } | null;
  delivered: StoredEvent[];
}

/** Delivers what is due, then says where the drill stands: next inject countdown, live score, ended or not. */
export function drillStatus(session: Session, id: string): DrillStatus {
  const delivery = deliverDueInjects(session, id);
  const d = readDrill(session, id);
  const now = new Date(Math.max(drillNow(d.timing, session).getTime(), Date.parse(d.state.lastTs)));
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
    live: scoreDrill(d, ended ? ended.ts : now.toISOString()),
    ended: ended ? { ts: ended.ts, score: ended.payload.score, early: ended.payload.early } : null,
    delivered: delivery.delivered,
  };
}

function lastEnded(events: readonly StoredEvent[]): EventOf<'drill.ended'> | undefined {
  return events.filter((e): e is EventOf<'drill.ended'> => e.type === 'drill.ended').at(-1);
}

/** Scores a drill as of `until` (auto expectations); judgments count whenever they were made. */
export function scoreDrill(d: Pick<DrillRecord, 'scenario' | 'events' | 'timing'>, until: string): ScoreResult {
  return scoreExpectations(d.scenario.expectations, d.events, { start: d.timing.openedAt, until, judgmentsAnyTime: true });
}

/**
 * Runs a command on the drill inside one write transaction and, when the drill has already
 * ended, appends a fresh drill.ended with the score recomputed (a late judgment changes it).
 */
function actOnDrill(session: Session, id: string, cmd: Parameters<typeof decide>[1], check: (d: DrillRecord) => void): ActResult & { rescored: ScoreResult | null } {
  const out = session.store.transaction((tx) => {
    const events = tx.readIncident(id);
    const d = drillFromEvents(id, events, session.project);
    check(d);
    const now = drillNow(d.timing, session).toISOString();
    const ctx = { actor: session.actor, now, config: session.project.config, roster: session.project.roster };
    const decision = decide(d.state, cmd, ctx);
    if (!decision.ok) {
      if (decision.kind === 'refused') tx.append([refusalEventFor(d.state, ctx, decision)]);
      return { kind: 'no' as const, decision };
    }
    let appended = tx.append(decision.events);
    const ended = lastEnded(events);
    let rescored: ScoreResult | null = null;
    if (ended && cmd.kind === 'judge') {
      rescored = scoreDrill({ ...d, events: [...events, ...appended] }, ended.ts);
      const again: NewEvent = {
        type: 'drill.ended',
        incidentId: id,
        ts: now,
        actor: session.actor,
        role: null,
        payload: { score: rescored.score, early: ended.payload.early, results: resultRows(rescored) },
      };
      appended = [...appended, ...tx.append([again])];
    }
    return { kind: 'yes' as const, appended, state: reduceIncident([...events, ...appended])!, warnings: decision.warnings, role: decision.role, rescored };
  });
  if (out.kind === 'no') throw failureError(out.decision);
  return { state: out.state, events: out.appended, warnings: out.warnings, role: out.role, rescored: out.rescored };
}

/**
 * The facilitator marks a manual expectation met or missed (logged as drill.judged). After the
 * drill ended, the score is recomputed and logged again as a new drill.ended.
 */
export function judgeExpectation(session: Session, id: string, expectation: string, met: boolean, note?: string): ActResult & { rescored: ScoreResult | null } {
  return actOnDrill(session, id, { kind: 'judge', expectation, met, ...(note ? { note } : {}) }, (d) => {
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
export function addDebrief(session: Session, id: string, text: string): ActResult {
  return actOnDrill(session, id, { kind: 'debrief', text }, () => undefined);
}

export interface EndedDrill {
  id: string;
  score: ScoreResult;
  early: boolean;
  endedAt: string;
  elapsedMs: number;
  delivered: StoredEvent[];
  heldBack: HeldBack[];
}

/** Ends a drill: delivers what is due, scores every expectation, logs drill.ended. Ending before the scenario's end is `early`. */
export function endDrill(session: Session, id: string): EndedDrill {
  return session.store.transaction((tx) => {
    const events = tx.readIncident(id);
    const d = drillFromEvents(id, events, session.project);
    const ended = lastEnded(events);
    if (ended) throw new UserError(`drill ${id} already ended at ${ended.ts} with score ${ended.payload.score}`, { hint: `aiops drill report ${id}` });
    // A drill cannot end before what it already logged (clocks of separate processes may disagree by a little).
    const now = new Date(Math.max(drillNow(d.timing, session).getTime(), Date.parse(events.at(-1)!.ts)));
    const { fresh, heldBack } = injectEvents(id, d.scenario, events, d.timing.openedAt, now);
    const delivered = fresh.length ? tx.append(fresh) : [];
    const all = [...events, ...delivered];
    const score = scoreDrill({ ...d, events: all }, now.toISOString());
    const elapsedMs = now.getTime() - Date.parse(d.timing.openedAt);
    const early = elapsedMs < planDrill(d.scenario).endMs;
    tx.append([
      { type: 'drill.ended', incidentId: id, ts: now.toISOString(), actor: session.actor, role: null, payload: { score: score.score, early, results: resultRows(score) } },
    ]);
    return { id, score, early, endedAt: now.toISOString(), elapsedMs, delivered, heldBack };
  });
}

export interface DrillRow {
  id: string;
  scenario: string;
  title: string;
  playbook: string;
  startedAt: string;
  startedBy: string;
  auto: boolean;
  speed: number;
  status: string;
  endedAt: string | null;
  score: number | null;
  early: boolean | null;
  results: EventOf<'drill.ended'>['payload']['results'] | null;
}

/** Every drill in the log, oldest first, with its latest score. */
export function listDrills(session: Pick<Session, 'store'>, filter: { scenario?: string } = {}): DrillRow[] {
  const rows = new Map<string, DrillRow>();
  for (const e of session.store.openedEvents()) {
    const drill = e.payload.drill;
    if (!drill || (filter.scenario && drill.scenario !== filter.scenario)) continue;
    rows.set(e.incidentId, {
      id: e.incidentId,
      scenario: drill.scenario,
      title: drill.title,
      playbook: `${e.payload.playbook.id}@${e.payload.playbook.version}`,
      startedAt: e.ts,
      startedBy: e.actor,
      auto: Boolean(drill.auto),
      speed: drill.speed ?? 1,
      status: 'open',
      endedAt: null,
      score: null,
      early: null,
      results: null,
    });
  }
  for (const e of session.store.incidentEventsOfTypes(['drill.ended', 'status.changed'])) {
    const row = rows.get(e.incidentId);
    if (!row) continue;
    if (e.type === 'status.changed') row.status = e.payload.to;
    if (e.type === 'drill.ended') {
      row.endedAt ??= e.ts;
      row.score = e.payload.score;
      row.early = e.payload.early;
      row.results = e.payload.results;
    }
  }
  return [...rows.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}

export interface ScenarioTrend {
  scenario: string;
  runs: { id: string; startedAt: string; score: number; playbook: string; auto: boolean }[];
  best: number | null;
  worst: number | null;
  mean: number | null;
  /** Last score minus first score. */
  change: number | null;
  /** Per expectation, its outcome in each scored run (oldest first): what keeps being missed. */
  expectations: { id: string; outcomes: string[]; missed: number }[];
}

/** Scores of every ended run of a scenario, oldest first, and how each expectation fared across them. */
export function scenarioTrend(session: Pick<Session, 'store'>, scenarioId: string): ScenarioTrend {
  const scored = listDrills(session, { scenario: scenarioId }).filter((r) => r.score !== null);
  const runs = scored.map((r) => ({ id: r.id, startedAt: r.startedAt, score: r.score!, playbook: r.playbook, auto: r.auto }));
  const scores = runs.map((r) => r.score);
  const ids = [...new Set(scored.flatMap((r) => (r.results ?? []).map((x) => x.id)))];
  const expectations = ids.map((id) => {
    const outcomes = scored.map((r) => r.results?.find((x) => x.id === id)?.outcome ?? 'absent');
    return { id, outcomes, missed: outcomes.filter((o) => o === 'missed').length };
  });
  return {
    scenario: scenarioId,
    runs,
    best: scores.length ? Math.max(...scores) : null,
    worst: scores.length ? Math.min(...scores) : null,
    mean: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 : null,
    change: scores.length > 1 ? scores.at(-1)! - scores[0]! : null,
    expectations,
  };
}
