import { parseDuration } from '../duration.js';
import type { WatchRule } from '../schemas/watch.js';
import { type MetricCounter, metricCounter, p95 } from './metrics.js';
import type { TelemetryRecord } from './telemetry.js';

/** A rule that went above its threshold: the window's figures and the requests that put it there. */
export interface DriftFiring {
  rule: string;
  metric: WatchRule['metric'];
  class?: string;
  service: string;
  trigger: string;
  above: number;
  window: string;
  value: number;
  count: number;
  hits: number;
  /** ISO times of the window's earliest counted record and of the record that made it fire (never before it). */
  from: string;
  to: string;
  /** Request ids of the window's hits (rejected, escalated, above the threshold, …), oldest first. */
  offending: string[];
}

interface Window {
  /** Counted records in the window, oldest first, from `head` on (a queue without shifting). */
  records: TelemetryRecord[];
  head: number;
  hits: number;
  sum: number;
  /** Ascending amounts for latency_p95. */
  sorted: number[];
  /** The latest time seen: a record arriving late does not move the window back. */
  newest: number;
  firing: boolean;
}

interface Armed {
  rule: WatchRule;
  ms: number;
  minCount: number;
  counter: MetricCounter;
  windows: Map<string, Window>;
}

function insertSorted(a: number[], v: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  a.splice(lo, 0, v);
}

function removeSorted(a: number[], v: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  a.splice(lo, 1);
}

/**
 * The drift rules as a pure sliding-window evaluator: each record is added to the windows of the rules
 * (and services) it belongs to; a rule fires once when its metric goes above the threshold with at least
 * min_count records counted, and again only after it has come back to or below it. Each (rule, service)
 * has its own window, so a rule without `service:` watches every service on its own. Drill traffic
 * (`"drill": true`) is watched by no rule: a tabletop's made-up requests never open a real incident
 * nor push production's figures over a threshold.
 */
/** The rules' windows over a stream of records: each record pushed returns the rules it made fire. */
export interface DriftWatch {
  push(r: TelemetryRecord): DriftFiring[];
  /** Records so far that arrived too late for a window they belonged to (older than its start): counted in none. */
  readonly late: number;
}

export function createDriftWatch(rules: readonly WatchRule[]): DriftWatch {
  const armed: Armed[] = rules.map((rule) => ({
    rule,
    ms: parseDuration(rule.window)!,
    minCount: rule.min_count ?? 1,
    counter: metricCounter(rule.metric, { above: rule.above, ...(rule.class !== undefined ? { class: rule.class } : {}) }),
    windows: new Map(),
  }));
  let lateRecords = 0;
  return {
    get late() {
      return lateRecords;
    },
    push(r) {
      const out: DriftFiring[] = [];
      if (r.drill === true) return out;
      let late = false;
      for (const a of armed) {
        if (a.rule.service !== undefined && a.rule.service !== r.service) continue;
        if (!a.counter.counted(r)) continue;
        let w = a.windows.get(r.service);
        if (!w) a.windows.set(r.service, (w = { records: [], head: 0, hits: 0, sum: 0, sorted: [], newest: -Infinity, firing: false }));
        // Older than the window's start (the newest record seen, less the window): its time has passed.
        if (r.at <= w.newest - a.ms) {
          late = true;
          continue;
        }
        add(a, w, r);
        const value = valueOf(a, w);
        const count = w.records.length - w.head;
        const over = count >= a.minCount && value > a.rule.above;
        if (over && !w.firing) out.push(firing(a, w, r, value, count));
        w.firing = over;
      }
      if (late) lateRecords++;
      return out;
    },
  };
}

function add(a: Armed, w: Window, r: TelemetryRecord): void {
  w.records.push(r);
  const hit = a.counter.hit(r);
  if (hit) w.hits++;
  if (a.counter.amount) {
    const v = a.counter.amount(r);
    w.sum += v;
    if (a.rule.metric === 'latency_p95') insertSorted(w.sorted, v);
  }
  w.newest = Math.max(w.newest, r.at);
  while (w.head < w.records.length && w.records[w.head]!.at <= w.newest - a.ms) {
    const old = w.records[w.head++]!;
    if (a.counter.hit(old)) w.hits--;
    if (a.counter.amount) {
      const v = a.counter.amount(old);
      w.sum -= v;
      if (a.rule.metric === 'latency_p95') removeSorted(w.sorted, v);
    }
  }
  // Compact now and then so a long --follow run does not keep every record it ever saw.
  if (w.head > 1024 && w.head * 2 > w.records.length) {
    w.records = w.records.slice(w.head);
    w.head = 0;
  }
}

function valueOf(a: Armed, w: Window): number {
  const n = w.records.length - w.head;
  if (n === 0) return 0;
  if (a.rule.metric === 'latency_p95') return p95(w.sorted);
  if (a.rule.metric === 'cost') return w.sum / n;
  return w.hits / n;
}

function firing(a: Armed, w: Window, r: TelemetryRecord, value: number, count: number): DriftFiring {
  const inWindow = w.records.slice(w.head);
  return {
    rule: a.rule.id,
    metric: a.rule.metric,
    ...(a.rule.class !== undefined ? { class: a.rule.class } : {}),
    service: r.service,
    trigger: a.rule.trigger,
    above: a.rule.above,
    window: a.rule.window,
    value,
    count,
    hits: w.hits,
    // Arrival order is not time order: a record a little out of order may be the window's earliest.
    from: new Date(inWindow.reduce((min, x) => Math.min(min, x.at), r.at)).toISOString(),
    to: new Date(r.at).toISOString(),
    offending: inWindow.filter((x) => a.counter.hit(x)).map((x) => x.request_id),
  };
}
