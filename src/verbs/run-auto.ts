import { ManualClock } from '../core/clock.js';
import { OperationFailed, UserError } from '../core/errors.js';
import type { NewEvent } from '../core/events.js';
import type { ScoreResult } from '../core/scoring.js';
import { planDrill } from '../drill/drill-plan.js';
import type { HeldBack } from '../drill/due-injects.js';
import { deliverDueInjects, endDrill, endedDrill, startDrill } from '../app/drill-run.js';
import { assertRosterFacilitator, rosterSpelling, unjudgedByOutsider } from '../app/identity.js';
import type { LoadedScenario } from '../app/project.js';
import type { Session } from '../app/session.js';
import { type AppendExpectation, type EventLog, openEventLog } from '../store/index.js';
import { encodeSnapshot } from '../core/incident/snapshot.js';
import { reduceIncident } from '../core/reducer.js';
import { playEntry, type ScriptOutcome } from './play.js';

export interface AutoOptions {
  /** T+0 of the virtual clock (default: the scenario's length before now, so the drill ends now; with speed, now). */
  start?: Date;
  /** Pace the run in real time at this many drill seconds per second (demos); default: as fast as possible. */
  speed?: number;
  /** How to wait when pacing (tests inject a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** Called after each script entry, for progress output. */
  onEntry?: (outcome: ScriptOutcome) => void;
  /** Who judges and debriefs the drill afterwards (`--facilitator`, a roster person); default: whoever runs it. */
  facilitator?: string;
}

export interface AutoResult {
  id: string;
  scenario: { id: string; title: string; file: string };
  score: ScoreResult;
  entries: ScriptOutcome[];
  /** Script entries that were refused, invalid or failed. */
  errors: number;
  injects: { delivered: string[]; heldBack: HeldBack[] };
  /** Drill time the run covered: up to the end, when the script ended the drill early. */
  drillMs: number;
  /** The script ended the drill before the scenario's end (`do: drill.end`). */
  early: boolean;
  /** Real time it took. */
  wallMs: number;
  warnings: string[];
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Plays a scenario's script unattended on a virtual clock: injects and script entries in time
 * order, every event stamped with drill time, then ends and scores the drill. The first
 * entry's person starts the drill; whoever runs it (or `facilitator`) is its facilitator. Same scenario, same events.
 */
export async function runAuto(session: Session, loaded: LoadedScenario, opts: AutoOptions = {}): Promise<AutoResult> {
  const sc = loaded.scenario;
  const script = sc.script ?? [];
  if (script.length === 0) {
    throw new UserError(`scenario ${sc.id} has no script, and --auto plays the script`, { hint: `add script: entries to ${loaded.file}, or run it with people: aiops drill ${sc.id}` });
  }
  // A named facilitator judges the manual expectations afterwards: one outside the roster is refused
  // before anything opens. Unnamed, whoever runs the script check is its facilitator, as before.
  const named = opts.facilitator?.trim() ? rosterSpelling(session.project.roster.people, opts.facilitator.trim()) : undefined;
  if (named !== undefined) assertRosterFacilitator(session, named);
  const facilitator = named ?? session.actor;
  const wallStart = performance.now();
  const plan = planDrill(sc);
  // Unpaced, the drill is played as if it ran over the time just past, ending now: nothing in the
  // shared log is stamped in the future, and judgments or debriefs made afterwards come after its end.
  const now = session.clock.now().getTime();
  const clock = new ManualClock(opts.start ?? (opts.speed ? now : now - plan.endMs));
  const t0 = clock.now().getTime();
  // Unless a hook really runs in drills (`drill: run`, whose hook.started must be durable before it
  // runs), the whole run is committed at the end in one transaction.
  // Unless a hook really runs in drills (`drill: run`, whose hook.started must be durable before it
  // runs), the run is played on an in-memory log and committed to the real one at the end, at once.
  const realHooks = Object.values(session.project.config.hooks ?? {}).some((h) => h.drill === 'run');
  const scratch = realHooks ? null : await openEventLog('memory:');
  const base: Session = { ...session, log: scratch ? takingIdsFrom(session.log, scratch) : session.log, clock, actor: script[0]!.as };
  // The facilitator judges and debriefs it afterwards; the first entry's person starts it.
  const started = await startDrill(base, loaded, { auto: true, facilitator, ...(opts.speed ? { speed: opts.speed } : {}) });
  const id = started.state.id;
  const entries: ScriptOutcome[] = [];
  const sleep = opts.sleep ?? realSleep;
  let prevMs = 0;
  for (const item of plan.items) {
    if (opts.speed && item.atMs > prevMs) await sleep((item.atMs - prevMs) / opts.speed);
    prevMs = Math.max(prevMs, item.atMs);
    clock.set(t0 + item.atMs);
    if (item.kind === 'inject') {
      await deliverDueInjects(base, id);
      continue;
    }
    const outcome = await playEntry({ ...base, actor: item.entry.as }, id, item.entry, item.index);
    entries.push(outcome);
    opts.onEntry?.(outcome);
  }
  clock.set(t0 + plan.endMs);
  // A script may end the drill itself (`do: drill.end`, early or at its last entry): then that end
  // stands, as a facilitator ending it left it, with any judgment its later entries made.
  const ended = (await endedDrill(base, id)) ?? (await endDrill(base, id, { atEnd: true }));
  if (scratch) await commitScratch(session.log, scratch, id);
  const log = await session.log.readIncident(id, { types: ['drill.inject'] });
  return {
    id,
    scenario: { id: sc.id, title: sc.title, file: loaded.file },
    score: ended.score,
    entries,
    errors: entries.filter((e) => !e.ok).length,
    injects: {
      delivered: log.flatMap((e) => (e.type === 'drill.inject' ? [e.payload.inject] : [])),
      heldBack: ended.heldBack,
    },
    drillMs: Math.min(ended.elapsedMs, ended.scenarioMs),
    early: ended.early,
    wallMs: Math.round(performance.now() - wallStart),
    warnings: [...started.warnings, ...unjudgedByOutsider(session, facilitator, ended.score.results)],
  };
}

/**
 * The scratch log of an unattended drill, taking incident ids from the real log so the id is free
 * there. It keeps no snapshots: it lives for one run, and the commit writes the one that counts.
 */
function takingIdsFrom(real: EventLog, scratch: EventLog): EventLog {
  return new Proxy(scratch, {
    get(target, key) {
      if (key === 'incidentIdsLike') return (prefix: string) => real.incidentIdsLike(prefix);
      if (key === 'append') return (events: readonly NewEvent[], expect: AppendExpectation) => target.append(events, expect);
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Appends the whole drill played on the scratch log to the real log in one write. */
async function commitScratch(real: EventLog, scratch: EventLog, id: string): Promise<void> {
  const events: NewEvent[] = (await scratch.readIncident(id)).map(({ seq: _seq, prevHash: _prev, hash: _hash, ...e }) => e);
  const written = await real.append(events, { incidentId: id, lastSeq: 0 }, { snapshot: (stored) => encodeSnapshot(reduceIncident(stored)!, stored.at(-1)!.hash) });
  await scratch.close();
  if (!written.ok) throw new OperationFailed(`another drill took the id ${id} while this one ran; nothing was recorded`, { hint: 'run it again' });
}
