import { userInfo } from 'node:os';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { OperationFailed, UserError } from '../core/errors.js';
import type { NewEvent, StoredEvent } from '../core/events.js';
import { type Command, decide } from '../core/decide.js';
import type { IncidentState } from '../core/incident-state.js';
import { reduceIncident } from '../core/reducer.js';
import { type EvidenceStore, openStore } from '../store/index.js';
import { commitLiveIncident, forgetLiveIncident, type LiveIncident, liveIncidentFor } from './live-incident.js';
import type { Project, ProjectOptions } from './project.js';
import { failureError, refusalEventFor } from './present-failure.js';

/** Everything a use case needs: the project, the evidence log, the clock and who is acting. */
export interface Session {
  project: Project;
  store: EvidenceStore;
  clock: Clock;
  actor: string;
  close(): void;
}

export interface SessionOptions extends ProjectOptions {
  as?: string;
  clock?: Clock;
  /** The loaded project (loadProject / the CLI's cached loader); loading stays out of this module so it starts fast. */
  project: Project;
}

export function resolveActor(as: string | undefined, env: NodeJS.ProcessEnv): string {
  const who = as ?? env.AIOPS_USER ?? safeUsername();
  if (!who || !/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/.test(who)) {
    throw new UserError(`"${who}" is not a usable person name`, { hint: 'pass --as PERSON (a roster id like alice)' });
  }
  return who;
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function openSession(opts: SessionOptions): Session {
  const env = opts.env ?? process.env;
  const project = opts.project;
  const actor = resolveActor(opts.as, env);
  const store = openStore(project.dbPath);
  return { project, store, clock: opts.clock ?? systemClock, actor, close: () => store.close() };
}

export function nowIso(session: Session): string {
  return session.clock.now().toISOString();
}

export function loadIncident(store: Pick<EvidenceStore, 'readIncident'>, id: string): IncidentState {
  const events = store.readIncident(id);
  const state = reduceIncident(events);
  if (!state) throw new UserError(`no incident ${id}`, { hint: 'aiops incident list shows the open ones' });
  return state;
}

export interface ActResult {
  state: IncidentState;
  events: StoredEvent[];
  warnings: string[];
  role: string | null;
}

/**
 * Decides a command on the latest state inside one write transaction and appends its events,
 * so a command decided on stale state is decided again. A policy refusal is itself logged,
 * then thrown; bad input writes nothing.
 */
export function act(session: Session, incidentId: string, cmd: Command, extra: (state: IncidentState) => NewEvent[] = () => []): ActResult {
  let live: LiveIncident;
  let outcome;
  try {
    outcome = session.store.transaction((tx) => {
      // Folded incrementally (see live-incident.ts): a 100,000-event incident is not re-read per command.
      live = liveIncidentFor(session, incidentId);
      const state = live.state;
      const ctx = { actor: session.actor, now: nowIso(session), config: session.project.config, roster: session.project.roster };
      const decision = decide(state, cmd, ctx);
      if (!decision.ok) {
        if (decision.kind === 'refused') tx.append([refusalEventFor(state, ctx, decision)]);
        return { kind: 'no' as const, decision };
      }
      const appended = tx.append([...decision.events, ...extra(state)]);
      return { kind: 'yes' as const, appended, warnings: decision.warnings, role: decision.role };
    });
  } catch (err) {
    forgetLiveIncident(session, incidentId);
    throw err;
  }
  if (outcome.kind === 'no') throw failureError(outcome.decision);
  commitLiveIncident(live!, outcome.appended);
  return { state: live!.state, events: outcome.appended, warnings: outcome.warnings, role: outcome.role };
}

/** Logs what the clock says is newly overdue (once per step) and returns the fresh state. */
export function refreshIncident(session: Session, incidentId: string): IncidentState {
  try {
    return act(session, incidentId, { kind: 'tick' }).state;
  } catch (err) {
    if (err instanceof OperationFailed) return loadIncident(session.store, incidentId);
    throw err;
  }
}
