import type { StoredEvent } from '../core/events.js';

export interface HookRunCounts {
  runs: number;
  failed: number;
}

/**
 * Counts hook runs the one way the export and the report both show them: every run counts once
 * (hook.started or hook.simulated: retries, undos and simulated drill runs included), and a run
 * failed when its first outcome says so (hook.finished not ok, or an outcome recorded by hand as
 * failed); a later outcome of the same run changes nothing, as in the incident's fold.
 */
export class HookRunTally {
  private readonly runs = new Map<string, { hook: string; outcome: boolean | null }>();

  /** Reads one event of the incident; other event types are ignored. */
  add(e: StoredEvent): void {
    switch (e.type) {
      case 'hook.started':
      case 'hook.simulated':
        if (!this.runs.has(e.payload.run)) this.runs.set(e.payload.run, { hook: e.payload.hook, outcome: null });
        return;
      case 'hook.finished':
      case 'hook.outcome_recorded': {
        const r = this.runs.get(e.payload.run);
        if (r && r.outcome === null) r.outcome = e.payload.ok;
        return;
      }
      default:
        return;
    }
  }

  /** Runs and failures per hook name. */
  byHook(): Record<string, HookRunCounts> {
    const out: Record<string, HookRunCounts> = {};
    for (const r of this.runs.values()) {
      const h = (out[r.hook] ??= { runs: 0, failed: 0 });
      h.runs += 1;
      if (r.outcome === false) h.failed += 1;
    }
    return out;
  }

  /** Runs and failures of every hook together. */
  total(): HookRunCounts {
    let failed = 0;
    for (const r of this.runs.values()) if (r.outcome === false) failed += 1;
    return { runs: this.runs.size, failed };
  }
}

/** The event types HookRunTally reads. */
export const HOOK_RUN_EVENT_TYPES = ['hook.started', 'hook.simulated', 'hook.finished', 'hook.outcome_recorded'] as const;
