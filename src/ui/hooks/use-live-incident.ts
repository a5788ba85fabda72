import { type MutableRefObject, useCallback, useEffect, useRef, useState } from 'react';
import { type LiveIncident, liveIncidentFor, pollLiveIncident, readIncidentAfter, readIncidentWindow, watchLog } from '../../app/live-incident.js';
import type { Session } from '../../app/session.js';
import type { StoredEvent } from '../../core/events.js';
import type { IncidentState } from '../../core/incident-state.js';

/** Which events the timeline shows: the last `count` up to seq `upto` (or the newest). */
export interface WindowRequest {
  upto: number | 'latest';
  count: number;
}

export interface LiveHandle {
  /** Null until the first read of the log has finished. */
  live: LiveIncident | null;
  /** The incident as on screen: a snapshot taken with the timeline window, so both change in one frame. */
  state: IncidentState | null;
  /** The last seq on screen; components re-render when it moves. */
  version: number;
  /** The timeline window, read together with the state. */
  windowRows: StoredEvent[];
  /** Set by the timeline during render: the window the next read fetches. */
  windowRequest: MutableRefObject<WindowRequest>;
  /** Reads what was committed since the last look (after our own actions, and on a timer). */
  poll(): Promise<void>;
  /** Re-reads the timeline window after it moved. */
  reloadWindow(): Promise<void>;
  /** The first `count` events after seq `after` (scrolling down). */
  readAfter(after: number, count: number): Promise<StoredEvent[]>;
  loadError: string | null;
  pollError: string | null;
}

// Before the screen knows its height the window is read for the tallest terminal it could be.
const FIRST_WINDOW = 200;

/** Reads the incident and its newest timeline rows before the screen opens (no frame without them). */
export async function readLiveIncident(session: Session, incidentId: string): Promise<{ live: LiveIncident; windowRows: StoredEvent[] }> {
  const live = await liveIncidentFor(session, incidentId);
  return { live, windowRows: await readIncidentWindow(session, live, live.state.lastSeq, FIRST_WINDOW) };
}

/**
 * The incident as the log has it, kept current as the log tells of new commits (LISTEN/NOTIFY on
 * PostgreSQL), else by polling the last seq (one indexed query when idle). The state is the session's own cached fold, which the app's commands also advance.
 * The one module where the screen reads the log: every read is an awaited app call.
 */
export function useLiveIncident(session: Session, incidentId: string, pollMs: number, initial?: { live: LiveIncident; windowRows: StoredEvent[] }): LiveHandle {
  const [live, setLive] = useState<LiveIncident | null>(initial?.live ?? null);
  const liveRef = useRef<LiveIncident | null>(initial?.live ?? null);
  // The fold never changes a state in place: the state read with the window is what stays on screen,
  // so rows and steps change in the same frame.
  const [view, setView] = useState<{ state: IncidentState | null; windowRows: StoredEvent[] }>({ state: initial?.live.state ?? null, windowRows: initial?.windowRows ?? [] });
  const show = (st: IncidentState, windowRows?: StoredEvent[]) => setView((v) => ({ state: st, windowRows: windowRows ?? v.windowRows }));
  const windowRequest = useRef<WindowRequest>({ upto: 'latest', count: FIRST_WINDOW });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);

  // The seq the window was last read at: our own commands advance the shared fold without a poll seeing new events.
  const windowSeq = useRef(-1);
  const readWindow = useCallback(async (current: LiveIncident) => {
    const { upto, count } = windowRequest.current;
    const state = current.state;
    const rows = await readIncidentWindow(session, current, upto === 'latest' ? state.lastSeq : upto, Math.max(1, count));
    // Marked read only now: a poll overlapping this read must not show the new state with the old rows.
    windowSeq.current = state.lastSeq;
    return { state, rows: rows.filter((e) => e.seq <= state.lastSeq) };
  }, [session]);

  useEffect(() => {
    if (initial) return;
    let gone = false;
    void (async () => {
      try {
        const loaded = await liveIncidentFor(session, incidentId);
        const read = await readWindow(loaded);
        if (gone) return;
        liveRef.current = loaded;
        show(read.state, read.rows);
        setLive(loaded);
      } catch (err) {
        if (!gone) setLoadError((err as Error).message);
      }
    })();
    return () => {
      gone = true;
    };
  }, [session, incidentId, initial, readWindow]);

  const poll = useCallback(async () => {
    const current = liveRef.current;
    if (!current) return;
    try {
      await pollLiveIncident(session, current);
      if (current.state.lastSeq !== windowSeq.current) {
        const read = await readWindow(current);
        show(read.state, read.rows);
      }
      setPollError(null);
    } catch (err) {
      setPollError((err as Error).message);
    }
  }, [session, readWindow]);

  const reloadWindow = useCallback(async () => {
    const current = liveRef.current;
    if (!current) return;
    const read = await readWindow(current);
    show(read.state, read.rows);
  }, [readWindow]);

  const readAfter = useCallback(async (after: number, count: number) => {
    const current = liveRef.current;
    return current ? readIncidentAfter(session, current, after, count) : [];
  }, [session]);

  // A log that tells of new commits (PostgreSQL: LISTEN/NOTIFY) is read when told, never on a timer;
  // any other (SQLite) is polled every pollMs.
  useEffect(() => {
    let gone = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stop: (() => Promise<void>) | null = null;
    void watchLog(session, () => void poll()).then((s) => {
      if (gone) return void s?.();
      stop = s;
      if (s) void poll(); // whatever was committed before listening began
      else timer = setInterval(() => void poll(), pollMs);
    });
    return () => {
      gone = true;
      if (timer) clearInterval(timer);
      void stop?.();
    };
  }, [session, poll, pollMs]);

  return { live, state: view.state, version: view.state?.lastSeq ?? 0, windowRows: view.windowRows, windowRequest, poll, reloadWindow, readAfter, loadError, pollError };
}
