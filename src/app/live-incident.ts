import { UserError } from '../core/errors.js';
import type { StoredEvent } from '../core/events.js';
import type { IncidentState } from '../core/incident-state.js';
import { foldEvents } from '../core/reducer.js';
import { firstUnsoundEvent } from '../core/hash-chain.js';
import { untrustedIncident } from './tampered-incident.js';
import { decodeSnapshot } from '../core/incident/snapshot.js';
import type { EventLog } from '../store/index.js';

/** What reading an incident needs of a session: its log. */
export interface LogHolder {
  log: EventLog;
}

/** An incident kept current by folding only the events committed since it was last read. */
export interface LiveIncident {
  state: IncidentState;
  /** Seq of the incident.opened event: the timeline never pages below it. */
  firstSeq: number;
  /** How many events the incident's latest snapshot covers, as far as this session knows (0: none). */
  snapshotEvents: number;
  /** The hash of the last event folded (seq `state.lastSeq`): what the next event read must link to. */
  lastHash: string;
}

const PAGE = 2_000;

/**
 * The incident's snapshot if the log still agrees with it: the event at its seq is this incident's
 * and has the hash the snapshot was taken after. Anything else (missing, corrupt, another format,
 * another chain) is null, and the incident is folded from its events.
 */
async function trustedSnapshot(log: EventLog, id: string): Promise<{ state: IncidentState; lastHash: string } | null> {
  const stored = await log.readSnapshot(id);
  if (!stored) return null;
  const claim = decodeSnapshot(stored.text, id);
  if (!claim || claim.lastSeq !== stored.lastSeq) return null;
  const [at] = await log.readIncident(id, { afterSeq: claim.lastSeq - 1, beforeSeq: claim.lastSeq + 1 });
  return at && at.hash === claim.lastHash ? { state: claim.state, lastHash: claim.lastHash } : null;
}

/**
 * Folds events read from the log after checking each: its hash covers its content and it links to
 * the incident's event before it (firstUnsoundEvent). An incident whose events were edited in the
 * file is refused, never shown or acted on as if they were sound.
 */
function foldChecked(id: string, state: IncidentState | null, events: readonly StoredEvent[], before?: { seq: number; hash: string }): IncidentState | null {
  const bad = firstUnsoundEvent(events, before);
  if (bad) throw untrustedIncident(id, `first bad seq ${bad.seq} (${bad.kind}): ${bad.message}`);
  return foldEvents(state, events);
}

/**
 * Starts from the incident's snapshot (when the log agrees with it) and folds the newer events
 * page by page through the incident index, so a long incident never sits in memory as a whole
 * array of events and other incidents' events are never read.
 */
export async function loadLiveIncident(log: EventLog, id: string): Promise<LiveIncident> {
  const snapshot = await trustedSnapshot(log, id);
  let state: IncidentState | null = snapshot?.state ?? null;
  const snapshotEvents = state?.events ?? 0;
  // The last event folded so far: where the next page starts, and what its first event links to.
  let before = snapshot ? { seq: snapshot.state.lastSeq, hash: snapshot.lastHash } : undefined;
  let firstSeq = state ? ((await log.readIncident(id, { limit: 1 }))[0]?.seq ?? 0) : 0;
  for (;;) {
    const page = await log.readIncident(id, { afterSeq: before?.seq ?? 0, limit: PAGE });
    if (!state && page[0]) firstSeq = page[0].seq;
    state = foldChecked(id, state, page, before);
    if (page.length) before = page.at(-1)!;
    if (page.length < PAGE) break;
  }
  if (!state || !before) throw new UserError(`no incident ${id}`, { hint: 'aiops incident list shows the open ones' });
  return { state, firstSeq, snapshotEvents, lastHash: before.hash };
}

/** `live` moved on past `events` (seq order, already folded into its state): the hash its next event links to. */
function advance(live: LiveIncident, events: readonly StoredEvent[]): void {
  const last = events.at(-1);
  if (last && last.seq === live.state.lastSeq) live.lastHash = last.hash;
}

/**
 * Applies what was committed since the state's last seq; a single indexed MAX(seq) query when
 * nothing changed. Returns the new events (empty when none).
 */
export async function pollLiveIncident(holder: LogHolder, live: LiveIncident): Promise<StoredEvent[]> {
  if ((await holder.log.incidentLastSeq(live.state.id)) <= live.state.lastSeq) return [];
  const fresh = await holder.log.readIncident(live.state.id, { afterSeq: live.state.lastSeq });
  // The first new event must link to the last one folded (when it follows it directly; an event of
  // another incident between is verify's to walk), so a row forged onto the end is refused here too.
  live.state = foldChecked(live.state.id, live.state, fresh, { seq: live.state.lastSeq, hash: live.lastHash }) ?? live.state;
  advance(live, fresh);
  return fresh;
}

/** The last `count` events of an incident with seq ≤ `upto`. */
export async function readIncidentWindow(holder: LogHolder, live: LiveIncident, upto: number, count: number): Promise<StoredEvent[]> {
  return holder.log.readIncident(live.state.id, { beforeSeq: upto + 1, limit: count, newestFirst: true });
}

/** The first `count` events of an incident with seq > `after` (and no later than the state). */
export async function readIncidentAfter(holder: LogHolder, live: LiveIncident, after: number, count: number): Promise<StoredEvent[]> {
  return holder.log.readIncident(live.state.id, { afterSeq: after, beforeSeq: live.state.lastSeq + 1, limit: count });
}

// Kept per log, not per session object: sessions derived from one (another actor, another clock,
// as a drill script's entries are played) share what was folded.
const byLog = new WeakMap<EventLog, Map<string, LiveIncident>>();

/**
 * The incident as this log's sessions last saw it, brought up to date with what was committed
 * since: the first call folds the incident's events, later calls read only the new ones. Callers
 * must not mutate the state; `foldInto` folds in events this session appended.
 */
export async function liveIncidentFor(holder: LogHolder, id: string): Promise<LiveIncident> {
  let cache = byLog.get(holder.log);
  if (!cache) byLog.set(holder.log, (cache = new Map()));
  const known = cache.get(id);
  if (known) {
    await pollLiveIncident(holder, known);
    return known;
  }
  const live = await loadLiveIncident(holder.log, id);
  cache.set(id, live);
  return live;
}

/** Folds events just committed into a cached incident (events it already has are skipped). */
export function foldInto(live: LiveIncident, events: readonly StoredEvent[]): void {
  const fresh = events.filter((e) => e.seq > live.state.lastSeq);
  live.state = foldEvents(live.state, fresh) ?? live.state;
  advance(live, fresh);
}

/** Drops the cached incident, e.g. after a write whose commit is in doubt; the next read reloads it. */
export function forgetLiveIncident(holder: LogHolder, id: string): void {
  byLog.get(holder.log)?.delete(id);
}

/** The incident as it is now (its cached fold, brought up to date). */
export async function loadIncident(holder: LogHolder, id: string): Promise<IncidentState> {
  return (await liveIncidentFor(holder, id)).state;
}

/**
 * Calls `onNew` whenever any process, on any host, commits events to the log, when the log can say so
 * (PostgreSQL: LISTEN/NOTIFY); resolves to a function that stops, or to null when the log cannot
 * (SQLite, memory) or listening failed, and the caller polls instead.
 */
export async function watchLog(holder: LogHolder, onNew: () => void): Promise<(() => Promise<void>) | null> {
  if (!holder.log.subscribe) return null;
  try {
    return await holder.log.subscribe(() => onNew());
  } catch {
    return null;
  }
}
