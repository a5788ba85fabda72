import { UserError } from '../core/errors.js';
import type { StoredEvent } from '../core/events.js';
import type { IncidentState } from '../core/incident-state.js';
import { applyEvent } from '../core/reducer.js';
import type { EvidenceStore } from '../store/index.js';

type LogReader = Pick<EvidenceStore, 'readIncident' | 'readSince' | 'lastSeq'>;

/** An incident kept current by folding only the events committed since it was last read. */
export interface LiveIncident {
  state: IncidentState;
  /** Seq of the incident.opened event: the timeline never pages below it. */
  firstSeq: number;
}

const PAGE = 2_000;

/**
 * Folds an incident page by page, so a long incident never sits in memory as a whole array
 * of events; only the reduced state remains.
 */
export function loadLiveIncident(store: LogReader, id: string): LiveIncident {
  let state: IncidentState | null = null;
  let firstSeq = 0;
  let cursor = 0;
  const last = store.lastSeq(id);
  while (cursor < last) {
    const page = store.readSince(cursor, PAGE);
    if (page.length === 0) break;
    for (const e of page) {
      if (e.incidentId !== id) continue;
      if (!state && e.type === 'incident.opened') firstSeq = e.seq;
      state = applyEvent(state, e);
    }
    cursor = page.at(-1)!.seq;
  }
  if (!state) throw new UserError(`no incident ${id}`, { hint: 'aiops incident list shows the open ones' });
  return { state, firstSeq };
}

/**
 * Applies what was committed since the state's last seq, in place; a single indexed
 * MAX(seq) query when nothing changed. Returns the new events (empty when none).
 */
export function pollLiveIncident(store: LogReader, live: LiveIncident): StoredEvent[] {
  if (store.lastSeq(live.state.id) <= live.state.lastSeq) return [];
  const fresh = store.readIncident(live.state.id, live.state.lastSeq);
  for (const e of fresh) live.state = applyEvent(live.state, e) ?? live.state;
  return fresh;
}

/**
 * The last `count` events of an incident with seq ≤ `upto`, read backwards in growing pages
 * (other incidents' events may be interleaved in the log).
 */
export function readIncidentWindow(store: LogReader, live: LiveIncident, upto: number, count: number): StoredEvent[] {
  const id = live.state.id;
  let out: StoredEvent[] = [];
  let top = upto;
  let span = Math.max(count * 2, 16);
  while (out.length < count && top >= live.firstSeq) {
    const low = Math.max(live.firstSeq - 1, top - span);
    const page = store.readSince(low, top - low).filter((e) => e.incidentId === id);
    out = page.concat(out);
    top = low;
    span *= 2;
  }
  return out.slice(-count);
}

/** The first `count` events of an incident with seq > `after`, read forwards in pages. */
export function readIncidentAfter(store: LogReader, live: LiveIncident, after: number, count: number): StoredEvent[] {
  const id = live.state.id;
  const out: StoredEvent[] = [];
  let cursor = after;
  while (out.length < count && cursor < live.state.lastSeq) {
    const page = store.readSince(cursor, Math.max(count * 2, 64));
    if (page.length === 0) break;
    for (const e of page) if (e.incidentId === id && e.seq <= live.state.lastSeq) out.push(e);
    cursor = page.at(-1)!.seq;
  }
  return out.slice(0, count);
}

const bySession = new WeakMap<object, Map<string, LiveIncident>>();

/**
 * The incident as this session last saw it, brought up to date with what was committed since:
 * the first call folds the log page by page, later calls read only the new events. Callers
 * must not mutate the state; `commitLiveIncident` folds in events this session appended.
 */
export function liveIncidentFor(session: { store: LogReader }, id: string): LiveIncident {
  let cache = bySession.get(session);
  if (!cache) bySession.set(session, (cache = new Map()));
  const known = cache.get(id);
  if (known) {
    pollLiveIncident(session.store, known);
    return known;
  }
  const live = loadLiveIncident(session.store, id);
  cache.set(id, live);
  return live;
}

/** Folds events just committed by this session into its cached incident. */
export function commitLiveIncident(live: LiveIncident, events: readonly StoredEvent[]): void {
  for (const e of events) if (e.seq > live.state.lastSeq) live.state = applyEvent(live.state, e) ?? live.state;
}

/** Drops the cached incident, e.g. after a write whose commit is in doubt; the next read reloads it. */
export function forgetLiveIncident(session: object, id: string): void {
  bySession.get(session)?.delete(id);
}
