import { useCallback, useEffect, useState } from 'react';
import { type LiveIncident, liveIncidentFor, pollLiveIncident } from '../../app/live-incident.js';
import type { Session } from '../../app/session.js';

export interface LiveHandle {
  live: LiveIncident;
  /** The last seq on screen; components re-render when it moves. */
  version: number;
  /** Reads what was committed since the last look (after our own actions, and on a timer). */
  poll(): void;
  pollError: string | null;
}

/**
 * The incident as the log has it, kept current by polling the last seq (one indexed query when
 * idle). The state is the session's own cached fold, which the app's commands also advance.
 */
export function useLiveIncident(session: Session, incidentId: string, pollMs: number): LiveHandle {
  const [live] = useState(() => liveIncidentFor(session, incidentId));
  const [version, setVersion] = useState(live.state.lastSeq);
  const [pollError, setPollError] = useState<string | null>(null);

  const poll = useCallback(() => {
    try {
      pollLiveIncident(session.store, live);
      setPollError(null);
      setVersion(live.state.lastSeq);
    } catch (err) {
      setPollError((err as Error).message);
    }
  }, [session, live]);

  useEffect(() => {
    const timer = setInterval(poll, pollMs);
    return () => clearInterval(timer);
  }, [poll, pollMs]);

  return { live, version, poll, pollError };
}
