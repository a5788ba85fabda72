import { OperationFailed, PolicyRefusal, UserError } from '../core/errors.js';
import type { NewEvent, StoredEvent } from '../core/events.js';
import { type Command, type DecideContext, type Decision, decide, type Failure, foldAhead } from '../core/decide.js';
import type { IncidentState } from '../core/incident-state.js';
import { foldEvents, reduceIncident } from '../core/reducer.js';
import { encodeSnapshot } from '../core/incident/snapshot.js';
import type { HeldBack } from '../drill/due-injects.js';
import type { AppendExpectation } from '../store/types.js';
import { claimRefusal, loginRefusal } from './claim-refusal.js';
import { dueDeliveries } from './drill-deliveries.js';
import { incidentClock } from './incident-clock.js';
import { foldInto, forgetLiveIncident, type LiveIncident, liveIncidentFor } from './live-incident.js';
import { assertRosterMember } from './identity.js';
import { phraseFailure, refusalEventFor, refusalHint } from './present-failure.js';
import type { Session } from './session.js';

/**
 * What a command came to on the state it was decided on: events to append (with a value for the
 * caller), a refusal that is logged and then thrown, or bad input that writes nothing.
 */
export type Verdict<V> =
  | { kind: 'append'; events: NewEvent[]; value: V; warnings?: string[]; role?: string | null }
  | { kind: 'refused'; rule: string; message: string; hint?: string; event: NewEvent; before?: NewEvent[] }
  | { kind: 'invalid'; message: string; hint?: string };

/** A committed command: the incident after it, the events as stored, and the decider's value. */
export interface Committed<V> {
  state: IncidentState;
  events: StoredEvent[];
  value: V;
  warnings: string[];
  role: string | null;
  /** Drill injects that fell due and were logged ahead of the command, and those whose `when:` held them back. */
  injects: { delivered: StoredEvent[]; heldBack: HeldBack[] };
}

/**
 * Decides on the incident as it is; `on` is the session on the incident's clock (drill time on
 * a drill, never before the incident's last event): stamp events with it, not the caller's session.
 * `ahead`: the drill injects the pipeline logs before this command's events (already in `state`).
 */
export type Decider<V> = (state: IncidentState, on: Session, ahead: readonly NewEvent[]) => Verdict<V> | Promise<Verdict<V>>;

export interface RunOptions {
  /**
   * Only roster people may do it, on a drill too. Drills let anyone play (a guest may take a seat),
   * but the facilitator's acts and the after-action record (judge, debrief, pause, resume, end)
   * are checked as every act on a real incident is.
   */
  rosterOnDrills?: boolean;
}

/** How often a command is decided again when other writers keep changing its incident. */
const MAX_ATTEMPTS = 50;

/**
 * The one write path: fold the incident, decide, append the events (or the logged refusal)
 * expecting the incident as it was decided on, refresh the live view, return a typed result.
 * A write that lost a race is decided again on the newer state.
 */
export async function runCommand<V>(session: Session, incidentId: string, decideOn: Decider<V>, opts: RunOptions = {}): Promise<Committed<V>> {
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const live = await liveIncidentFor(session, incidentId);
      const before = live.state;
      const on: Session = { ...session, clock: incidentClock(before, session.clock) };
      // A name claimed with --as under identity: database / os is refused (and logged) before anything is decided.
      const claimed = claimRefusal(session, before);
      // On a drill, whoever's command comes first logs the injects that fell due, at their own drill time.
      let due = claimed ? { events: [], heldBack: [] } : await dueDeliveries(session.log, before, decideContext(on), session.project);
      let verdict = claimed ?? (await decideOn(due.events.length ? foldAhead(before, due.events) : before, on, due.events));
      // An act by a login that is someone else in this incident (its pairs of logins and people) is
      // refused and logged; a read, or the clock's overdue marks, is not an act.
      const login = claimed || !actsOn(verdict) ? null : loginRefusal(session, before);
      if (login) {
        verdict = login;
        due = { events: [], heldBack: [] };
      }
      // Who may act is checked before what they asked: someone off the roster hears that, not why the command was wrong.
      if (verdict.kind === 'invalid') {
        if (!before.drill || opts.rosterOnDrills) assertRosterMember(session);
        throw new UserError(verdict.message, { hint: verdict.hint });
      }
      const events = [...due.events, ...(verdict.kind === 'refused' ? [...(verdict.before ?? []), verdict.event] : verdict.events)];
      // Reading an incident may log what the clock did (overdue steps, due injects); anything else is an act.
      if (before.drill ? opts.rosterOnDrills : actsOn(verdict)) assertRosterMember(session);
      const snapshot = snapshotDue(live, events.length);
      const written = events.length
        ? await session.log.append(events, { incidentId, lastSeq: before.lastSeq }, snapshot ? { snapshot: snapshotAfter(before) } : {})
        : { ok: true as const, events: [] };
      if (!written.ok) continue;
      if (snapshot && written.events.length) live.snapshotEvents = before.events + written.events.length;
      foldInto(live, written.events);
      if (verdict.kind === 'refused') throw new PolicyRefusal(verdict.rule, verdict.message, verdict.hint);
      const injects = { delivered: written.events.slice(0, due.events.length), heldBack: due.heldBack };
      return { state: live.state, events: written.events.slice(due.events.length), value: verdict.value, warnings: verdict.warnings ?? [], role: verdict.role ?? null, injects };
    }
  } catch (err) {
    // A write whose commit is in doubt: the next read reloads the incident from the log.
    if (!(err instanceof UserError) && !(err instanceof PolicyRefusal)) forgetLiveIncident(session, incidentId);
    throw err;
  }
  throw new OperationFailed(`${incidentId} kept changing under this command (${MAX_ATTEMPTS} tries); nothing was recorded`, { hint: 'run the command again' });
}

/** Whether a verdict would write an act: anything but nothing, bad input, or only the clock's overdue marks. */
function actsOn(verdict: Verdict<unknown>): boolean {
  if (verdict.kind === 'invalid') return false;
  if (verdict.kind === 'refused') return true;
  return verdict.events.some((e) => e.type !== 'step.overdue');
}

/**
 * Thrown by openIncident when its alert group (AppendExpectation.newGroup) got an incident from
 * another writer after the caller looked: nothing was written; the caller decides again, and joins it.
 */
export class AlertGroupOpened extends Error {
  constructor(readonly incidentId: string) {
    super(`${incidentId} was opened for this alert group meanwhile; nothing was recorded`);
    this.name = 'AlertGroupOpened';
  }
}

/**
 * Opens a new incident through the same write path: `decideNew` builds its first events for a
 * candidate id, and the append expects that id to be unused; a race for the id takes the next one.
 * With `newGroup`, the append also expects no incident of that alert group opened since the caller
 * looked (else AlertGroupOpened), so racing notifications of one group open one incident.
 */
export async function openIncident<V>(session: Session, prefix: string, decideNew: (id: string) => Verdict<V>, newGroup?: AppendExpectation['newGroup']): Promise<Committed<V>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const taken = (await session.log.incidentIdsLike(prefix)).map((id) => Number(id.slice(prefix.length)) || 0);
    const id = `${prefix}${String(Math.max(0, ...taken) + 1).padStart(4, '0')}`;
    const refused = claimRefusal(session, null);
    if (refused) throw new PolicyRefusal(refused.rule, refused.message);
    const verdict = decideNew(id);
    if (verdict.kind === 'invalid') throw new UserError(verdict.message, { hint: verdict.hint });
    const opened = verdict.kind === 'append' ? verdict.events.find((e) => e.type === 'incident.opened') : undefined;
    if (!(opened?.type === 'incident.opened' && opened.payload.drill)) assertRosterMember(session);
    if (verdict.kind === 'refused') throw new PolicyRefusal(verdict.rule, verdict.message, verdict.hint);
    const written = await session.log.append(verdict.events, { incidentId: id, lastSeq: 0, ...(newGroup ? { newGroup } : {}) }, { snapshot: snapshotAfter(null) });
    if (!written.ok && written.reason === 'group-opened') throw new AlertGroupOpened(written.incidentId);
    if (!written.ok) continue;
    return { state: reduceIncident(written.events)!, events: written.events, value: verdict.value, warnings: verdict.warnings ?? [], role: verdict.role ?? null, injects: { delivered: [], heldBack: [] } };
  }
  throw new OperationFailed(`could not find a free incident id under ${prefix} (${MAX_ATTEMPTS} tries); nothing was recorded`);
}

/**
 * Whether this append should also write a snapshot: when, with its events, the incident will have
 * grown by a sixteenth since its snapshot (so always, for a small one). A long incident's snapshot
 * is megabytes: written on every command it would cost about what it saves, while this way a load
 * folds at most a sixteenth of the incident anew.
 */
function snapshotDue(live: LiveIncident, adding: number): boolean {
  const after = live.state.events + adding;
  return after - live.snapshotEvents >= Math.max(1, Math.floor(after / 16));
}

/** The snapshot an append writes in its transaction: the state decided on, with the events as stored folded in. */
function snapshotAfter(before: IncidentState | null): (stored: readonly StoredEvent[]) => string {
  return (stored) => encodeSnapshot(foldEvents(before, stored)!, stored.at(-1)!.hash);
}

/** A core decision as a pipeline verdict, phrased for people, with events the caller adds after it. */
export function verdictOf(state: IncidentState, ctx: DecideContext, d: Decision, extra: NewEvent[] = []): Verdict<null> {
  if (d.ok) return { kind: 'append', events: [...d.events, ...extra], value: null, warnings: d.warnings, role: d.role };
  return failureVerdict(state, ctx, d);
}

/** A failing decision as people read it; a refusal carries the policy.refused event that logs it. */
export function failureVerdict(state: IncidentState, ctx: DecideContext, failure: Failure): Verdict<never> {
  const { message, hint } = phraseFailure(failure);
  if (failure.kind === 'refused') {
    const next = refusalHint(state.id, failure);
    return { kind: 'refused', rule: failure.rule, message, ...(next ? { hint: next } : {}), event: refusalEventFor(state, ctx, failure), ...(failure.events ? { before: failure.events } : {}) };
  }
  return { kind: 'invalid', message, hint };
}

/** The decide context of this session at this moment. */
export function decideContext(session: Session, now = session.clock.now().toISOString()): DecideContext {
  return { actor: session.actor, now, config: session.project.config, roster: session.project.roster, ...(session.identity?.login !== undefined ? { databaseLogins: true } : {}) };
}

/** Decides one engine command for this session now. */
export function decideCommand(session: Session, state: IncidentState, cmd: Command): Verdict<null> {
  const ctx = decideContext(session);
  return verdictOf(state, ctx, decide(state, cmd, ctx));
}

/** A command on a log-wide stream that is no incident (the version inventory, issue 19). */
export type StreamDecider<V> = (events: readonly StoredEvent[], on: Session) => Verdict<V>;

/**
 * The write path of a log-wide stream: read its events, decide, append expecting the stream's
 * last seq as read (so its events chain with every incident's); a write that lost a race is decided again.
 */
export async function runStreamCommand<V>(session: Session, streamId: string, decideOn: StreamDecider<V>): Promise<{ events: StoredEvent[]; value: V; warnings: string[] }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const before = await session.log.readIncident(streamId);
    const verdict = decideOn(before, session);
    if (verdict.kind === 'invalid') throw new UserError(verdict.message, { hint: verdict.hint });
    assertRosterMember(session);
    if (verdict.kind === 'refused') throw new PolicyRefusal(verdict.rule, verdict.message, verdict.hint);
    // A decision that changes nothing writes nothing, as on an incident.
    const written = verdict.events.length ? await session.log.append(verdict.events, { incidentId: streamId, lastSeq: before.at(-1)?.seq ?? 0 }) : { ok: true as const, events: [] };
    if (written.ok) return { events: written.events, value: verdict.value, warnings: verdict.warnings ?? [] };
  }
  throw new OperationFailed(`${streamId} kept changing under this command (${MAX_ATTEMPTS} tries); nothing was recorded`, { hint: 'run the command again' });
}
