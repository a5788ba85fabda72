import type { StoredEvent } from '../core/events.js';
import { mitigationsInEffect, type RunFacts } from '../core/incident/mitigations.js';
import type { ExportDocument, TimelineEntry } from './export-document.js';
import type { TimeFormatter } from './format-time.js';
import { KeyEvents, type KeyTier } from './key-events.js';

type Postmortem = ExportDocument['postmortem'];
type Run = RunFacts;

/** Timeline kinds that are a decision or an action, by how telling they are (key-events.ts); the key-events list keeps one row for each. */
const KEY_KINDS = new Map<TimelineEntry['kind'], KeyTier>([
  ['opened', 0],
  ['decision', 0],
  ['override', 0],
  ['denial', 0],
  ['severity', 0],
  ['status', 0],
  ['step', 2],
]);

/**
 * The postmortem's lead, folded from the events as the export reads them: the commander's
 * impact and findings, action items, mitigations still in effect at the end, and the key events
 * (one row per decision or action; hook runs only by how they ended; at most KEY_EVENTS_SHOWN of
 * them). Refusals never reach it.
 */
export function postmortemSection(opts: { time: TimeFormatter; redact: (s: string) => string; undoOf: (hook: string) => string | undefined }) {
  const { time, redact } = opts;
  const instant = (at: string) => ({ at, time: time.dateTime(at) });
  const pm: Postmortem = { impact: null, cause: null, factors: [], wentWell: [], wentBadly: [], actionItems: [], mitigationsInEffect: [], keyEvents: [], keyEventsOmitted: 0 };
  const keyEvents = new KeyEvents();
  const runs = new Map<string, Run>();
  return {
    add(e: StoredEvent): void {
      switch (e.type) {
        case 'impact.recorded': {
          const was = pm.impact;
          const p = e.payload;
          pm.impact = { text: p.text !== undefined ? redact(p.text) : (was?.text ?? null), affected: p.affected !== undefined ? redact(p.affected) : (was?.affected ?? null), duration: p.duration !== undefined ? redact(p.duration) : (was?.duration ?? null), by: e.actor };
          return;
        }
        case 'review.recorded':
          if (e.payload.cause !== undefined) pm.cause = redact(e.payload.cause);
          pm.factors.push(...e.payload.factors.map(redact));
          pm.wentWell.push(...e.payload.wentWell.map(redact));
          pm.wentBadly.push(...e.payload.wentBadly.map(redact));
          return;
        case 'action.added':
          pm.actionItems.push({ id: e.payload.action, text: redact(e.payload.text), owner: e.payload.owner, due: instant(e.payload.due), addedBy: e.actor, closed: null });
          return;
        case 'action.closed': {
          const item = pm.actionItems.find((a) => a.id === e.payload.action);
          if (item) item.closed = { by: e.actor, at: instant(e.ts), note: e.payload.note === undefined ? null : redact(e.payload.note) };
          return;
        }
        case 'hook.started':
        case 'hook.simulated':
          runs.set(e.payload.run, { run: e.payload.run, hook: e.payload.hook, step: e.payload.step, startedAt: e.ts, simulated: e.type === 'hook.simulated', ...(e.payload.undoOf ? { undoOf: e.payload.undoOf } : {}) });
          return;
        case 'hook.finished':
        case 'hook.outcome_recorded': {
          const run = runs.get(e.payload.run);
          if (run && !run.finished) run.finished = { ok: e.payload.ok };
          return;
        }
        default:
          return;
      }
    },
    /** Keeps the timeline entries that are a decision or an action, in the key-events list; people's roles in plain words. */
    entry(e: StoredEvent, entry: TimelineEntry): void {
      const tier = keyTier(e, entry);
      if (tier === null) return;
      const text = e.type === 'role.assigned' ? redact(roleWords(e.payload, e.actor)) : entry.text;
      keyEvents.add(tier, { seq: entry.seq, at: entry.at, time: entry.time, sinceStart: entry.sinceStart, text });
    },
    finish(): Postmortem {
      pm.mitigationsInEffect = mitigationsInEffect([...runs.values()], opts.undoOf).map((m) => ({ run: m.run, hook: m.hook, undo: m.undo, step: m.step, since: instant(m.since), simulated: m.simulated }));
      const key = keyEvents.result();
      pm.keyEvents = key.keyEvents;
      pm.keyEventsOmitted = key.omitted;
      return pm;
    },
  };
}

/** How telling the event is as a key event (key-events.ts), or null when it is none: hook runs count by how they ended, a failure above a success. */
function keyTier(e: StoredEvent, entry: TimelineEntry): KeyTier | null {
  const kind = KEY_KINDS.get(entry.kind);
  if (kind !== undefined) return kind;
  if (e.type === 'role.assigned') return 1;
  if (e.type === 'hook.finished' || e.type === 'hook.outcome_recorded') return e.payload.ok ? 2 : 1;
  if (e.type === 'hook.simulated') return 2;
  return null;
}

/** "bob was assigned reviewer by alice", "carol took over commander from alice", "alice took commander (started the incident)". */
export function roleWords(p: { role: string; person: string; previous: string | null; handoff: boolean; source: string }, actor: string): string {
  if (p.handoff) return `${p.person} took over ${p.role} from ${p.previous ?? 'nobody'}, handed off by ${actor}`;
  if (p.source === 'starter') return `${p.person} took ${p.role} (started the incident)`;
  if (p.source === 'oncall') return `${p.person} was assigned ${p.role} as on-call primary`;
  return `${p.person} was assigned ${p.role} by ${actor}${p.previous ? `, replacing ${p.previous}` : ''}`;
}
