import { isEnded } from '../core/events.js';
import type { Clock } from '../core/clock.js';
import type { IncidentState, StepState } from '../core/incident-state.js';

/** What the timers need from whoever shows the incident. */
export interface IncidentTimerCallbacks {
  /** The incident as last read. */
  current(): IncidentState;
  /** Logs what the clock made overdue (e.g. `refreshIncident`); a refusal or failure is swallowed. */
  logOverdue(): Promise<unknown> | unknown;
  /** Delivers drill injects that are due; absent outside drills. */
  deliverInjects?(): Promise<unknown> | unknown;
  /** Something may have been written: re-read the log. */
  changed(): Promise<unknown> | unknown;
  /** While true (a write of the user's is under way) overdue logging waits for the next tick. */
  busy?(): boolean;
}

export interface IncidentTimers {
  /** One tick: log newly overdue steps, deliver due injects. Resolves when both are done. */
  tick(): Promise<void>;
  /** Stops the interval; a tick under way finishes but starts nothing new. */
  stop(): void;
}

/** Pending steps whose due time passed on the clock and whose lateness is not logged or tried yet. */
export function newlyOverdueSteps(state: IncidentState, now: Date, tried: ReadonlySet<string>): StepState[] {
  return state.steps.filter((s) => s.status === 'pending' && s.dueAt && Date.parse(s.dueAt) < now.getTime() && !s.overdueLogged && !tried.has(s.id));
}

/**
 * The incident's domain clock: every `everyMs` it logs steps that became overdue (once each, as
 * `aiops incident show` would) and delivers due drill injects. `start` with `everyMs <= 0` ticks
 * only when `tick()` is called (tests drive it with a manual clock).
 */
export function startIncidentTimers(clock: Clock, everyMs: number, callbacks: IncidentTimerCallbacks): IncidentTimers {
  const tried = new Set<string>();
  let stopped = false;

  const overdue = async () => {
    const state = callbacks.current();
    // Nothing falls due on a closed incident or an ended drill: the screen's timers log nothing there.
    if (isEnded(state.status) || state.drillEnded || callbacks.busy?.()) return;
    const late = newlyOverdueSteps(state, clock.now(), tried);
    if (late.length === 0) return;
    for (const s of late) tried.add(s.id);
    try {
      await callbacks.logOverdue();
    } catch {
      // A refused or failed tick changes nothing on screen; the next action logs the lateness.
    }
    await callbacks.changed();
  };

  const injects = async () => {
    if (!callbacks.deliverInjects) return;
    try {
      await callbacks.deliverInjects();
    } catch {
      // Delivery is retried on the next tick; the drill banner keeps counting meanwhile.
      return;
    }
    await callbacks.changed();
  };

  let running: Promise<void> | null = null;
  // A slow delivery is not stacked under the next interval: that tick joins the one under way.
  const tick = () => {
    if (stopped) return Promise.resolve();
    running ??= Promise.all([overdue(), injects()]).then(
      () => void (running = null),
      () => void (running = null),
    );
    return running;
  };

  const timer = everyMs > 0 ? setInterval(() => void tick(), everyMs) : null;
  return {
    tick,
    stop: () => {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}
