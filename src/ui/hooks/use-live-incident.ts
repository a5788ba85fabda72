import { useCallback, useEffect, useRef, useState } from 'react';
import { type LiveIncident, loadLiveIncident, pollLiveIncident } from '../../app/live-incident.js';
import type { Session } from '../../app/session.js';

export interface LiveHandle {
  live: LiveIncident;
  /** Bumps whenever new committed events were folded in; components re-render on it. */
  version: number;
  /** Reads what was committed since the last look (after our own actions, and on a timer). */
  poll(): void;
  pollError: string | null;
}

/** The incident as the log has it, kept current by polling the last seq (cheap when idle). */
export function useLiveIncident(session: Session, incidentId: string, pollMs: number): LiveHandle {
  const [live] = useState(() => loadLiveIncident(session.store, incidentId));
  const [version, setVersion] = useState(0);
  const [pollError, setPollError] = useState<string | null>(null);
  const liveRef = useRef(live);

  const poll = useCallback(() => {
    try {
      const fresh = pollLiveIncident(session.store, liveRef.current);
      setPollError(null);
      if (fresh.length > 0) setVersion((v) => v + 1);
    } catch (err) {
      setPollError((err as Error).message);
    }
  }, [session]);

  useEffect(() => {
    const timer = setInterval(poll, pollMs);
    return () => clearInterval(timer);
  }, [poll, pollMs]);

  return { live, version, poll, pollError };
}
