import { type IncidentStatus, type StoredEvent, UNCOUNTED_STATUSES } from '../core/events.js';
import { type WeekRow, weekRows, weekStart } from './report-weeks.js';
import { SEVERITIES } from '../core/constants.js';
import { HOOK_RUN_EVENT_TYPES, HookRunTally } from './hook-run-tally.js';
import { incidentMilestones } from './incident-milestones.js';
import { median, percentile } from './summary-stats.js';
import { readableReportEvents } from './report-readable.js';
import { REPORT_DEFINITIONS } from './report-definitions.js';

/** The event types the report reads; nothing else is loaded. */
export const REPORT_EVENT_TYPES = [
  'incident.opened',
  'role.assigned',
  'status.changed',
  'severity.changed',
  'incident.edited',
  'approval.requested',
  'approval.granted',
  'approval.denied',
  'step.completed',
  ...HOOK_RUN_EVENT_TYPES,
  'inventory.changed',
  'drill.ended',
] as const;

export interface Stat {
  n: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export type { WeekRow } from './report-weeks.js';

export interface Figures {
  count: number;
  bySeverity: Record<string, number>;
  byTrigger: Record<string, number>;
  timeToAcknowledge: Stat;
  timeToMitigate: Stat;
  timeToResolve: Stat;
  approvalLatency: Stat;
  correctionTime: Stat;
  correctionPending: number;
  approvals: { granted: number; byPolicy: number; denied: number; overrides: number; incidentsWithOverride: number; overrideRate: number | null };
  disagreement: { total: number; denyAfterApproval: number; decisionsReversed: number; incidents: number };
  hooks: { runs: number; failed: number; failureRate: number | null; byHook: Record<string, { runs: number; failed: number }> };
  escalations: { total: number; incidents: number };
  weeks: WeekRow[];
  /** Incidents in the window that no figure counts: cancelled (no incident after all) or duplicates of another. */
  leftOut: { cancelled: number; duplicate: number };
}

export interface ScenarioScores {
  scenario: string;
  runs: { id: string; at: string; score: number }[];
  latest: number | null;
  median: number | null;
}

export interface ReportDocument {
  format: 'aiops.report';
  version: 1;
  generatedAt: string;
  window: { since: string | null; from: string | null; to: string };
  service: string | null;
  drills: 'include' | 'only' | 'exclude';
  incidents: Figures | null;
  /** Drills people played; --auto runs are in scriptChecks. */
  drillFigures: (Figures & { scenarios: ScenarioScores[] }) | null;
  /** --auto runs: script checks, never rehearsals; null with the drills left out. */
  scriptChecks: { count: number; scenarios: ScenarioScores[] } | null;
  definitions: typeof REPORT_DEFINITIONS;
  /** Events left out because they cannot be read (each names its seq); absent when none. */
  warnings?: string[];
}

export interface ReportOptions {
  now: Date;
  /** Window length in ms, with the text the user gave; null for everything in the log. */
  since: { ms: number; text: string } | null;
  service?: string;
  drills: 'include' | 'only' | 'exclude';
}

interface Facts {
  id: string;
  drill: string | null;
  /** An --auto run: it checks the scenario's script, it is not a rehearsal by people. */
  auto: boolean;
  service: string;
  trigger: string;
  openedAt: string;
  peak: string;
  statusChanges: { ts: string; to: IncidentStatus }[];
  firstManualAssign: string | null;
  latencies: number[];
  fixLive: string | null;
  granted: number;
  byPolicy: number;
  denied: number;
  overrides: number;
  denyAfterApproval: number;
  reversed: number;
  hookRuns: HookRunTally;
  escalations: string[];
  score: { at: string; score: number } | null;
  rounds: Map<string, { requestedAt: string | null; grants: string[] }>;
  options: Map<string, string>;
}

/**
 * Computes the report from the log's events (seq order, the types in REPORT_EVENT_TYPES).
 * Pure: the same events, clock and options always give the same numbers.
 */
export function computeReport(events: readonly StoredEvent[], opts: ReportOptions): ReportDocument {
  const facts = new Map<string, Facts>();
  const { events: readable, warnings } = readableReportEvents(events);
  for (const e of readable) {
    if (e.type === 'inventory.changed') {
      // A deploy of the service while one of its incidents is live is that incident's fix going live.
      for (const f of facts.values()) if (f.service === e.payload.service && isLive(f) && (f.fixLive === null || e.ts < f.fixLive)) f.fixLive = e.ts;
      continue;
    }
    if (e.type === 'incident.opened') {
      facts.set(e.incidentId, newFacts(e.incidentId, e.ts, e.payload));
      continue;
    }
    const f = facts.get(e.incidentId);
    if (f) applyFact(f, e);
  }
  const to = opts.now.toISOString();
  const from = opts.since ? new Date(opts.now.getTime() - opts.since.ms).toISOString() : null;
  const chosen = [...facts.values()].filter(
    (f) => (from === null || f.openedAt >= from) && f.openedAt <= to && (opts.service === undefined || f.service === opts.service),
  );
  const real = chosen.filter((f) => f.drill === null);
  const drills = chosen.filter((f) => f.drill !== null && !f.auto);
  const checks = chosen.filter((f) => f.drill !== null && f.auto);
  // A cancelled incident or a duplicate would count one outage twice, or one that never was.
  const weekFrom = from ?? (chosen.length ? chosen.reduce((m, f) => (f.openedAt < m ? f.openedAt : m), to) : to);
  return {
    format: 'aiops.report',
    version: 1,
    generatedAt: to,
    window: { since: opts.since?.text ?? null, from, to },
    service: opts.service ?? null,
    drills: opts.drills,
    incidents: opts.drills === 'only' ? null : countedFigures(real, weekFrom, to),
    drillFigures: opts.drills === 'exclude' ? null : { ...countedFigures(drills, weekFrom, to), scenarios: scenarioScores(drills.filter((f) => !uncounted(f))) },
    scriptChecks: opts.drills === 'exclude' ? null : { count: checks.length, scenarios: scenarioScores(checks) },
    definitions: REPORT_DEFINITIONS,
    ...(warnings.length ? { warnings } : {}),
  };
}

/** The status an incident ended in leaves it out of the figures (cancelled, duplicate). */
function uncounted(f: Facts): IncidentStatus | null {
  const last = f.statusChanges.at(-1)?.to;
  return last && UNCOUNTED_STATUSES.includes(last) ? last : null;
}

function countedFigures(list: Facts[], weekFrom: string, to: string): Figures {
  const leftOut = { cancelled: 0, duplicate: 0 };
  for (const f of list) {
    const why = uncounted(f);
    if (why === 'cancelled' || why === 'duplicate') leftOut[why] += 1;
  }
  return { ...figures(list.filter((f) => !uncounted(f)), weekFrom, to), leftOut };
}

function newFacts(id: string, ts: string, p: Extract<StoredEvent, { type: 'incident.opened' }>['payload']): Facts {
  return {
    id,
    drill: p.drill?.scenario ?? null,
    auto: Boolean(p.drill?.auto),
    service: p.service,
    trigger: p.trigger ?? '(none)',
    openedAt: ts,
    peak: p.severity,
    statusChanges: [],
    firstManualAssign: null,
    latencies: [],
    fixLive: null,
    granted: 0,
    byPolicy: 0,
    denied: 0,
    overrides: 0,
    denyAfterApproval: 0,
    reversed: 0,
    hookRuns: new HookRunTally(),
    escalations: [],
    score: null,
    rounds: new Map(),
    options: new Map(),
  };
}

function applyFact(f: Facts, e: StoredEvent): void {
  const round = (step: string) => {
    let r = f.rounds.get(step);
    if (!r) f.rounds.set(step, (r = { requestedAt: null, grants: [] }));
    return r;
  };
  switch (e.type) {
    case 'role.assigned':
      if (e.payload.source === 'manual' && f.firstManualAssign === null) f.firstManualAssign = e.ts;
      return;
    case 'status.changed':
      f.statusChanges.push({ ts: e.ts, to: e.payload.to });
      return;
    case 'incident.edited':
      if (typeof e.payload.service === 'string') f.service = e.payload.service;
      return;
    case 'severity.changed':
      if (e.payload.to < e.payload.from) f.escalations.push(e.ts);
      if (e.payload.to < f.peak) f.peak = e.payload.to;
      return;
    case 'approval.requested': {
      const r = round(e.payload.step);
      if (r.requestedAt === null) {
        r.requestedAt = e.ts;
        r.grants = [];
      }
      return;
    }
    case 'approval.granted': {
      const r = round(e.payload.step);
      f.granted += 1;
      if (e.payload.override) f.overrides += 1;
      if (e.payload.policy) f.byPolicy += 1;
      else if (r.requestedAt !== null) f.latencies.push(Date.parse(e.ts) - Date.parse(r.requestedAt));
      r.grants.push(e.payload.role);
      return;
    }
    case 'approval.denied': {
      const r = round(e.payload.step);
      f.denied += 1;
      if (r.grants.some((role) => role !== e.payload.role)) f.denyAfterApproval += 1;
      r.requestedAt = null;
      r.grants = [];
      return;
    }
    case 'step.completed': {
      const opt = e.payload.option;
      if (opt === undefined) return;
      const before = f.options.get(e.payload.step);
      if (before !== undefined && before !== opt) f.reversed += 1;
      f.options.set(e.payload.step, opt);
      return;
    }
    case 'hook.started':
    case 'hook.outcome_recorded':
      return f.hookRuns.add(e);
    case 'hook.finished':
      f.hookRuns.add(e);
      if (e.payload.ok && !e.payload.undoOf && f.fixLive === null) f.fixLive = e.ts;
      return;
    case 'hook.simulated':
      f.hookRuns.add(e);
      if (!e.payload.undoOf && f.fixLive === null) f.fixLive = e.ts;
      return;
    case 'drill.ended':
      f.score = { at: e.ts, score: e.payload.score };
      return;
    default:
      return;
  }
}

/** Not yet closed (nor an ended drill): a fix deployed now is still this incident's. */
function isLive(f: Facts): boolean {
  return f.score === null && !f.statusChanges.some((c) => c.to === 'closed');
}

/** Neither resolved nor closed, nor a drill that ended (nobody plays it any more): still waiting for its fix when it has none. */
function isOpen(f: Facts): boolean {
  if (f.score !== null) return false;
  const last = f.statusChanges.at(-1)?.to ?? 'open';
  return last === 'open' || last === 'mitigated';
}

function stat(values: number[]): Stat {
  return { n: values.length, medianMs: median(values), p90Ms: percentile(values, 90) };
}

function sinceOpened(f: Facts, ts: string | null): number | null {
  return ts === null ? null : Date.parse(ts) - Date.parse(f.openedAt);
}

function figures(list: Facts[], weekFrom: string, to: string): Omit<Figures, 'leftOut'> {
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const byTrigger: Record<string, number> = {};
  const tta: number[] = [];
  const ttm: number[] = [];
  const ttr: number[] = [];
  const latency: number[] = [];
  const correction: number[] = [];
  let correctionPending = 0;
  const byHook: Record<string, { runs: number; failed: number }> = {};
  const approvals = { granted: 0, byPolicy: 0, denied: 0, overrides: 0, incidentsWithOverride: 0, overrideRate: null as number | null };
  const disagreement = { total: 0, denyAfterApproval: 0, decisionsReversed: 0, incidents: 0 };
  const escalations = { total: 0, incidents: 0 };
  const weeks = weekRows(weekFrom, to);
  const weekIndex = new Map(weeks.map((w, i) => [w.week, i]));
  for (const f of list) {
    bySeverity[f.peak] = (bySeverity[f.peak] ?? 0) + 1;
    byTrigger[f.trigger] = (byTrigger[f.trigger] ?? 0) + 1;
    const m = incidentMilestones(f.openedAt, f.statusChanges);
    const ack = sinceOpened(f, f.firstManualAssign);
    if (ack !== null) tta.push(ack);
    if (m.toMitigateMs !== null) ttm.push(m.toMitigateMs);
    if (m.toResolveMs !== null) ttr.push(m.toResolveMs);
    const fixed = sinceOpened(f, f.fixLive);
    if (fixed !== null) correction.push(fixed);
    else if (isOpen(f)) correctionPending += 1;
    latency.push(...f.latencies);
    approvals.granted += f.granted;
    approvals.byPolicy += f.byPolicy;
    approvals.denied += f.denied;
    approvals.overrides += f.overrides;
    if (f.overrides > 0) approvals.incidentsWithOverride += 1;
    disagreement.denyAfterApproval += f.denyAfterApproval;
    disagreement.decisionsReversed += f.reversed;
    if (f.denyAfterApproval + f.reversed > 0) disagreement.incidents += 1;
    for (const [name, h] of Object.entries(f.hookRuns.byHook())) {
      const t = (byHook[name] ??= { runs: 0, failed: 0 });
      t.runs += h.runs;
      t.failed += h.failed;
    }
    escalations.total += f.escalations.length;
    if (f.escalations.length) escalations.incidents += 1;
    const wOpen = weekIndex.get(weekStart(f.openedAt));
    if (wOpen !== undefined) weeks[wOpen]!.opened += 1;
    for (const ts of f.escalations) {
      const w = weekIndex.get(weekStart(ts));
      if (w !== undefined) weeks[w]!.escalations += 1;
    }
  }
  disagreement.total = disagreement.denyAfterApproval + disagreement.decisionsReversed;
  approvals.overrideRate = list.length ? approvals.incidentsWithOverride / list.length : null;
  const runs = Object.values(byHook).reduce((s, h) => s + h.runs, 0);
  const failed = Object.values(byHook).reduce((s, h) => s + h.failed, 0);
  return {
    count: list.length,
    bySeverity,
    byTrigger: sortedRecord(byTrigger),
    timeToAcknowledge: stat(tta),
    timeToMitigate: stat(ttm),
    timeToResolve: stat(ttr),
    approvalLatency: stat(latency),
    correctionTime: stat(correction),
    correctionPending,
    approvals,
    disagreement,
    hooks: { runs, failed, failureRate: runs ? failed / runs : null, byHook: sortedRecord(byHook) },
    escalations,
    weeks,
  };
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function scenarioScores(drills: Facts[]): ScenarioScores[] {
  const by = new Map<string, ScenarioScores>();
  for (const f of [...drills].sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0))) {
    let s = by.get(f.drill!);
    if (!s) by.set(f.drill!, (s = { scenario: f.drill!, runs: [], latest: null, median: null }));
    if (f.score) s.runs.push({ id: f.id, at: f.score.at, score: f.score.score });
  }
  for (const s of by.values()) {
    s.latest = s.runs.at(-1)?.score ?? null;
    s.median = median(s.runs.map((r) => r.score));
  }
  return [...by.values()].sort((a, b) => (a.scenario < b.scenario ? -1 : 1));
}
