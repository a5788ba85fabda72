import { fireStepHook } from '../../src/app/fire-hook.js';
import { type Session } from '../../src/app/session.js';
import { act } from '../../src/app/act.js';
import { startIncident } from '../../src/app/start-incident.js';
import type { LoadedPlaybook } from '../../src/app/project.js';
import { ManualClock } from '../../src/core/clock.js';
import type { Command } from '../../src/core/decide.js';
import { PolicyRefusal, UserError } from '../../src/core/errors.js';
import type { StoredEvent } from '../../src/core/events.js';
import type { IncidentState } from '../../src/core/incident-state.js';
import { reduceIncident } from '../../src/core/reducer.js';
import { type EventLog, openEventLog } from '../../src/store/index.js';
import { shippedProject } from './engine.js';

/**
 * What a command came to, as the tests read it: committed (the events as stored, with the
 * decider's warnings), or the PolicyRefusal / UserError the app threw, with its rule and words.
 */
export type Outcome =
  | { ok: true; events: StoredEvent[]; warnings: string[]; role: string | null }
  | { ok: false; kind: 'refused'; rule: string; message: string }
  | { ok: false; kind: 'invalid'; message: string; hint?: string };

/** An outcome and what the log gained while it was reached (read back from the log, not from the app's answer). */
export interface Ran {
  decision: Outcome;
  appended: StoredEvent[];
}

export interface AppIncidentOptions {
  starter?: string;
  start?: string;
  context?: Record<string, string>;
  /** Open it as a drill, so `fire` simulates the step's hook (hook.simulated) instead of running it. */
  drill?: boolean;
}

/**
 * One incident worked through the real app (startIncident, act, fireStepHook and the one write
 * path) on a fresh in-memory EventLog, on a manual clock. Each person acts through their own
 * session, as from their own terminal; the log is the only thing they share.
 */
export class AppIncident {
  private readonly sessions = new Map<string, Session>();

  private constructor(
    readonly id: string,
    readonly log: EventLog,
    readonly clock: ManualClock,
  ) {}

  /** Opens `lp` (pinned by id@version) as `starter`, titled and triggered like a page from its first trigger. */
  static async start(lp: LoadedPlaybook, opts: AppIncidentOptions = {}): Promise<AppIncident> {
    const log = await openEventLog('memory:');
    const clock = new ManualClock(opts.start ?? '2026-03-01T02:00:00.000Z');
    const pb = lp.playbook;
    const session: Session = { project: shippedProject(), log, clock, actor: opts.starter ?? 'alice', close: () => log.close() };
    const { state } = await startIncident(session, {
      playbook: `${pb.id}@${pb.version}`,
      title: `${pb.id} test`,
      service: 'assistant-eu',
      ...(pb.triggers[0] ? { trigger: pb.triggers[0].id } : {}),
      context: opts.context ?? {},
      assignOncall: false,
      ...(opts.drill ? { drill: { scenario: 'test', title: `${pb.id} test drill` } } : {}),
    });
    return new AppIncident(state.id, log, clock);
  }

  /** The incident's events as the log holds them. */
  events(): Promise<StoredEvent[]> {
    return this.log.readIncident(this.id);
  }

  /** The incident folded from the log (not the app's cached view). */
  async state(): Promise<IncidentState> {
    return reduceIncident(await this.events())!;
  }

  /** `actor` runs a command through act: committed, or refused (and logged), or invalid (nothing logged). */
  run(actor: string, cmd: Command): Promise<Ran> {
    return this.through(actor, async (session) => {
      const done = await act(session, this.id, cmd);
      return { events: done.events, warnings: done.warnings, role: done.role };
    });
  }

  /**
   * `actor` fires a step's hook through fireStepHook, as `incident step --done` and the TUI do; in a
   * drill it is simulated and nothing runs. Its events are what the log gained (hook.simulated, …).
   */
  fire(actor: string, step: string): Promise<Ran> {
    return this.through(actor, async (session) => {
      await fireStepHook(session, this.id, step);
      return { warnings: [], role: null };
    });
  }

  private async through(actor: string, work: (session: Session) => Promise<{ events?: StoredEvent[]; warnings: string[]; role: string | null }>): Promise<Ran> {
    const before = await this.log.incidentLastSeq(this.id);
    const since = () => this.log.readIncident(this.id, { afterSeq: before });
    let decision: Outcome;
    try {
      const done = await work(this.sessionOf(actor));
      decision = { ok: true, events: done.events ?? (await since()), warnings: done.warnings, role: done.role };
    } catch (err) {
      if (err instanceof PolicyRefusal) decision = { ok: false, kind: 'refused', rule: err.rule, message: err.message };
      else if (err instanceof UserError) decision = { ok: false, kind: 'invalid', message: err.message, ...(err.hint !== undefined ? { hint: err.hint } : {}) };
      else throw err;
    }
    return { decision, appended: await since() };
  }

  private sessionOf(actor: string): Session {
    let session = this.sessions.get(actor);
    if (!session) {
      session = { project: shippedProject(), log: this.log, clock: this.clock, actor, close: async () => {} };
      this.sessions.set(actor, session);
    }
    return session;
  }
}
