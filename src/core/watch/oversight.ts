import { type Figures, figuresOf, METRIC_DEFINITIONS } from './metrics.js';
import type { TelemetryRecord } from './telemetry.js';

const DAY_MS = 86_400_000;

/** The oversight figures the practice names, from telemetry (issue 19). */
export const OVERSIGHT_METRICS = ['false_approval_rate', 'false_rejection_rate', 'policy_hit_rate', 'disagreement_rate', 'escalation_rate'] as const;
export type OversightMetric = (typeof OVERSIGHT_METRICS)[number];

export const OVERSIGHT_DEFINITIONS: Record<OversightMetric | 'escalations' | 'week' | 'drills' | 'window', string> = {
  false_approval_rate: METRIC_DEFINITIONS.false_approval_rate,
  false_rejection_rate: METRIC_DEFINITIONS.false_rejection_rate,
  policy_hit_rate: METRIC_DEFINITIONS.policy_hit_rate,
  disagreement_rate: METRIC_DEFINITIONS.disagreement_rate,
  escalation_rate: METRIC_DEFINITIONS.escalation_rate,
  escalations: 'escalation volume: requests the AI escalated to a human',
  week: 'weeks start on Monday 00:00 UTC, by the request ts',
  drills: 'records with "drill": true are drill traffic, kept in rows of their own',
  window: "only records whose ts is in the report's window count; earlier ones and those dated after now are counted apart and left out",
};

export interface OversightRow {
  service: string;
  week: string;
  drill: boolean;
  requests: number;
  escalations: number;
  figures: Record<OversightMetric, Figures>;
}

/** Monday 00:00 UTC of the week a time falls in, as YYYY-MM-DD. */
export function weekOf(at: number): string {
  const day = Math.floor(at / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is 3 days after Monday.
  return new Date((day - ((day + 3) % 7)) * DAY_MS).toISOString().slice(0, 10);
}

/** The oversight figures by service and week, drill traffic apart, in service, week, drill order. */
export function oversightRows(records: readonly TelemetryRecord[]): OversightRow[] {
  const groups = new Map<string, TelemetryRecord[]>();
  for (const r of records) {
    const key = JSON.stringify([r.service, weekOf(r.at), r.drill === true]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, rs]) => {
      const [service, week, drill] = JSON.parse(key) as [string, string, boolean];
      const figures = Object.fromEntries(OVERSIGHT_METRICS.map((m) => [m, figuresOf(m, rs)])) as Record<OversightMetric, Figures>;
      return { service, week, drill, requests: rs.length, escalations: figures.escalation_rate.hits, figures };
    });
}
