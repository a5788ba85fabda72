import { useEffect, useRef } from 'react';
import { startIncidentTimers } from '../../app/incident-timers.js';
import { type Session } from '../../app/session.js';
import { refreshIncident } from '../../app/act.js';
import type { Clock } from '../../core/clock.js';
import type { IncidentState } from '../../core/incident-state.js';

export interface TimerInputs {
  state: IncidentState | null;
  busy: boolean;
  /** Delivers due drill injects (the drill runner's tick). */
  drillTick?: () => void | Promise<void>;
  poll(): Promise<void>;
}

/** Subscribes the screen to the incident's timers (overdue logging, drill injects) while it is shown; `clock` is the incident's own. */
export function useIncidentTimers(session: Session, clock: Clock, incidentId: string, tickMs: number, inputs: TimerInputs): void {
  // The timers read the latest render's values; they are not restarted on every render.
  const latest = useRef(inputs);
  latest.current = inputs;
  const loaded = inputs.state !== null;
  useEffect(() => {
    if (!loaded) return;
    const timers = startIncidentTimers(clock, tickMs, {
      current: () => latest.current.state!,
      busy: () => latest.current.busy,
      logOverdue: async () => await refreshIncident(session, incidentId),
      deliverInjects: latest.current.drillTick ? async () => await latest.current.drillTick?.() : undefined,
      changed: () => latest.current.poll(),
    });
    return () => timers.stop();
  }, [session, clock, incidentId, tickMs, loaded]);
}
