import type { EventOf } from '../core/events.js';
import { readablePayload } from '../core/payload-shape.js';
import { unknownScore, unreadableEventWarning } from '../export/unreadable-event.js';
import type { TrendInput, TrendSummary } from '../export/drill-report-data.js';
import type { Session } from './session.js';

export interface DrillRow {
  id: string;
  scenario: string;
  title: string;
  playbook: string;
  startedAt: string;
  startedBy: string;
  auto: boolean;
  speed: number;
  /** `ended` once the drill was scored (drill.ended), else the incident's status (open, mitigated, …). */
  status: string;
  /** The drill incident's own status (open … closed), ended or not. */
  incidentStatus: string;
  endedAt: string | null;
  score: number | null;
  early: boolean | null;
  results: EventOf<'drill.ended'>['payload']['results'] | null;
}

export interface DrillListing {
  drills: DrillRow[];
  /** One per drill end that cannot be read (a payload edited by hand): that drill's score is unknown. */
  warnings: string[];
}

/**
 * Drills in the order they were played: as the log recorded their opening. Not by their start: an
 * --auto run is logged when it is played but dated back over the scenario's length (its drill clock),
 * so a long scenario checked second would start before a short one checked first.
 */
export function inPlayedOrder<E extends { seq: number }>(opened: readonly E[]): E[] {
  return [...opened].sort((a, b) => a.seq - b.seq);
}

/** Every drill in the log in the order they were played, with its latest score and whether it ended. */
export async function listDrills(session: Pick<Session, 'log'>, filter: { scenario?: string } = {}): Promise<DrillListing> {
  const warnings: string[] = [];
  const rows = new Map<string, DrillRow>();
  for (const e of inPlayedOrder(await session.log.openedEvents())) {
    const drill = e.payload.drill;
    if (!drill || (filter.scenario && drill.scenario !== filter.scenario)) continue;
    rows.set(e.incidentId, {
      id: e.incidentId,
      scenario: drill.scenario,
      title: drill.title,
      playbook: `${e.payload.playbook.id}@${e.payload.playbook.version}`,
      startedAt: e.ts,
      startedBy: e.actor,
      auto: Boolean(drill.auto),
      speed: drill.speed ?? 1,
      status: 'open',
      incidentStatus: 'open',
      endedAt: null,
      score: null,
      early: null,
      results: null,
    });
  }
  for (const e of await session.log.eventsOfTypes(['drill.ended', 'status.changed'])) {
    const row = rows.get(e.incidentId);
    if (!row) continue;
    if (e.type === 'status.changed') row.incidentStatus = e.payload.to;
    if (e.type === 'drill.ended') {
      row.endedAt ??= e.ts;
      // It ended, but what it scored cannot be read: unknown, as a drill not scored, until a later end says.
      const readable = readablePayload(e);
      if (!readable) warnings.push(unreadableEventWarning(e, unknownScore(e)));
      row.score = readable ? e.payload.score : null;
      row.early = readable ? e.payload.early : null;
      row.results = readable ? e.payload.results : null;
    }
  }
  // An ended drill is ended, whatever its incident's status: nobody plays it any more.
  for (const row of rows.values()) row.status = row.endedAt !== null ? 'ended' : row.incidentStatus;
  return { drills: [...rows.values()], warnings };
}

export type ScenarioTrend = TrendInput & { scenario: string; warnings: string[] };

/**
 * Every ended run of a scenario, in the order played: the drills people played (runs, scores and what
 * keeps being missed) and, apart, the --auto runs, which check the script and are no rehearsal.
 */
export async function scenarioTrend(session: Pick<Session, 'log'>, scenarioId: string): Promise<ScenarioTrend> {
  const { drills, warnings } = await listDrills(session, { scenario: scenarioId });
  const scored = drills.filter((r) => r.score !== null);
  return { scenario: scenarioId, ...summarise(scored.filter((r) => !r.auto)), scriptChecks: summarise(scored.filter((r) => r.auto)), warnings };
}

function summarise(scored: DrillRow[]): TrendSummary {
  const runs = scored.map((r) => ({ id: r.id, startedAt: r.startedAt, score: r.score!, playbook: r.playbook, auto: r.auto }));
  const scores = runs.map((r) => r.score);
  const ids = [...new Set(scored.flatMap((r) => (r.results ?? []).map((x) => x.id)))];
  const expectations = ids.map((id) => {
    const outcomes = scored.map((r) => r.results?.find((x) => x.id === id)?.outcome ?? 'absent');
    return { id, outcomes, missed: outcomes.filter((o) => o === 'missed').length };
  });
  return {
    runs,
    best: scores.length ? Math.max(...scores) : null,
    worst: scores.length ? Math.min(...scores) : null,
    mean: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 : null,
    change: scores.length > 1 ? scores.at(-1)! - scores[0]! : null,
    expectations,
  };
}
