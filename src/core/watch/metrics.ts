import type { WatchMetric } from '../schemas/watch.js';
import type { TelemetryRecord } from './telemetry.js';

/** What each metric means, printed beside its figures (`aiops watch`, `aiops report --telemetry`). */
export const METRIC_DEFINITIONS: Record<WatchMetric | 'false_rejection_rate', string> = {
  rejection_rate: 'rejected / requests with a review',
  escalation_rate: 'escalated to a human / all requests',
  disagreement_rate: 'requests whose reviewers decided differently / requests with two or more reviewers',
  policy_hit_rate: 'requests with at least one policy hit / all requests',
  false_approval_rate: 'approved but audited bad / approved requests with an audited outcome',
  false_rejection_rate: 'rejected but audited good / rejected requests with an audited outcome',
  output_class_share: 'requests of the class / requests with an output class',
  cost: 'mean cost per request (requests stating a cost); offending: those above the threshold',
  latency_p95: '95th percentile latency in ms, nearest rank (requests stating one); offending: those above the threshold',
};

/** Whether a record counts toward a metric at all (its denominator), and whether it is a hit (numerator, offending). */
export interface MetricCounter {
  counted(r: TelemetryRecord): boolean;
  hit(r: TelemetryRecord): boolean;
  /** The metric's value for a number among counted records (cost, latency), else undefined for a rate. */
  amount?(r: TelemetryRecord): number;
}

const disagree = (r: TelemetryRecord) => new Set(r.reviewers).size > 1;

/** The counter of a metric; `above` decides which cost/latency records are offending. */
export function metricCounter(metric: WatchMetric | 'false_rejection_rate', opts: { class?: string; above?: number } = {}): MetricCounter {
  const above = opts.above ?? Infinity;
  switch (metric) {
    case 'rejection_rate':
      return { counted: (r) => r.review !== undefined, hit: (r) => r.review === 'rejected' };
    case 'escalation_rate':
      return { counted: () => true, hit: (r) => r.review === 'escalated' };
    case 'disagreement_rate':
      return { counted: (r) => (r.reviewers?.length ?? 0) >= 2, hit: disagree };
    case 'policy_hit_rate':
      return { counted: () => true, hit: (r) => (r.policy_hits?.length ?? 0) > 0 };
    case 'false_approval_rate':
      return { counted: (r) => r.review === 'approved' && r.outcome !== undefined, hit: (r) => r.outcome === 'bad' };
    case 'false_rejection_rate':
      return { counted: (r) => r.review === 'rejected' && r.outcome !== undefined, hit: (r) => r.outcome === 'good' };
    case 'output_class_share':
      return { counted: (r) => r.output_class !== undefined, hit: (r) => r.output_class === opts.class };
    case 'cost':
      return { counted: (r) => r.cost !== undefined, hit: (r) => r.cost! > above, amount: (r) => r.cost! };
    case 'latency_p95':
      return { counted: (r) => r.latency_ms !== undefined, hit: (r) => r.latency_ms! > above, amount: (r) => r.latency_ms! };
  }
}

/** The nearest-rank 95th percentile of ascending values. */
export function p95(sorted: readonly number[]): number {
  return sorted.length ? sorted[Math.ceil(0.95 * sorted.length) - 1]! : 0;
}

export interface Figures {
  /** Records the metric counts (its denominator). */
  count: number;
  /** Records that are hits (the numerator of a rate; above the threshold for cost and latency). */
  hits: number;
  /** The rate, mean or p95; null when no record was counted (a rate of nothing is no rate, not 0). */
  value: number | null;
}

/** A metric over a set of records, all at once (the report, and tests' hand-computed figures). */
export function figuresOf(metric: WatchMetric | 'false_rejection_rate', records: readonly TelemetryRecord[], opts: { class?: string; above?: number } = {}): Figures {
  const c = metricCounter(metric, opts);
  const counted = records.filter((r) => c.counted(r));
  const hits = counted.filter((r) => c.hit(r)).length;
  if (counted.length === 0) return { count: 0, hits: 0, value: null };
  if (metric === 'latency_p95') return { count: counted.length, hits, value: p95(counted.map((r) => c.amount!(r)).sort((a, b) => a - b)) };
  if (metric === 'cost') return { count: counted.length, hits, value: counted.reduce((s, r) => s + c.amount!(r), 0) / counted.length };
  return { count: counted.length, hits, value: hits / counted.length };
}

/** A figure as printed: four significant digits (a rate of 0.2057, a cost of 0.008013). */
export function formatFigure(v: number): string {
  return String(Number(v.toPrecision(4)));
}
