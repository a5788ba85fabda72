import type { EventOf, StoredEvent } from '../core/events.js';
import { drillStatus, type DrillStatus, endDrill, type EndedDrill } from './drill-run.js';
import type { Session } from './session.js';

export interface DrillLoopOptions {
  /** Waits `ms` real milliseconds (the CLI: a timer; tests: a manual clock moved on). */
  sleep(ms: number): Promise<void>;
  /** Each inject as it is logged, whoever's command logged it. */
  onInject(e: EventOf<'drill.inject'>): void;
  /** Longest real wait between two looks at the log, so pauses and ends by others are seen soon. */
  pollMs?: number;
  /** End the drill when the scenario's timeline has run out (default true). */
  endAtScenarioEnd?: boolean;
  /** Stop looping (e.g. Ctrl-C); the drill itself goes on. */
  stopped?(): boolean;
}

export interface DrillLoopResult {
  /** How the loop finished: someone (or the loop) ended the drill, or it was stopped. */
  ended: { ts: string; score: number; early: boolean } | null;
  endedByLoop: EndedDrill | null;
  last: DrillStatus;
}

const isInject = (e: StoredEvent): e is EventOf<'drill.inject'> => e.type === 'drill.inject';

/**
 * Runs a drill with no TUI open: delivers each inject as it falls due on the drill clock the
 * incident records (stamped at its own drill time by the pipeline), reports it, and ends the drill
 * at the scenario's end. Reports every inject once, also those another participant's command logged.
 */
export async function runDrillLoop(session: Session, id: string, opts: DrillLoopOptions): Promise<DrillLoopResult> {
  const seen = new Set<number>();
  const pollMs = opts.pollMs ?? 1000;
  const report = async (st: DrillStatus) => {
    const fresh = st.state.injects.filter((i) => !seen.has(i.seq));
    if (fresh.length === 0) return;
    const bySeq = new Map(st.delivered.filter(isInject).map((e) => [e.seq, e]));
    const missing = fresh.filter((i) => !bySeq.has(i.seq));
    if (missing.length) {
      for (const e of await session.log.readIncident(id, { afterSeq: Math.min(...missing.map((i) => i.seq)) - 1 })) if (isInject(e)) bySeq.set(e.seq, e);
    }
    for (const i of fresh) {
      seen.add(i.seq);
      const e = bySeq.get(i.seq);
      if (e) opts.onInject(e);
    }
  };
  for (;;) {
    const st = await drillStatus(session, id);
    await report(st);
    if (st.ended) return { ended: st.ended, endedByLoop: null, last: st };
    if (!st.next && st.elapsedMs >= st.endMs && opts.endAtScenarioEnd !== false) {
      const out = await endDrill(session, id, { atEnd: true });
      const after = await drillStatus(session, id);
      await report(after);
      return { ended: after.ended, endedByLoop: out, last: after };
    }
    if (opts.stopped?.()) return { ended: null, endedByLoop: null, last: st };
    const untilEndMs = st.speed > 0 ? (st.endMs - st.elapsedMs) / st.speed : pollMs;
    const wait = st.next ? st.next.inRealMs : Math.max(0, untilEndMs);
    await opts.sleep(Math.max(1, Math.min(wait, pollMs)));
  }
}
