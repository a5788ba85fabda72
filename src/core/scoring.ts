import { formatShortDuration, parseDuration } from './duration.js';
import type { DrillResultRow } from './events.js';
import type { Expectation } from './schemas/scenario.js';

/** The part of a logged event scoring looks at. */
export interface ScorableEvent {
  seq: number;
  ts: string;
  type: string;
  actor: string;
  role: string | null;
  payload: unknown;
}

export type Outcome = DrillResultRow['outcome'];

export interface ScoredExpectation {
  id: string;
  title: string | null;
  manual: boolean;
  weight: number;
  /** What the expectation asks for, in one line (`hook.finished {hook: pause-feature, ok: true} within 10m`). */
  wants: string;
  withinMs: number | null;
  after: string | null;
  outcome: Outcome;
  /** T+0 to the event that met it (manual: to the judgment). */
  tookMs: number | null;
  lateByMs: number | null;
  /** Seq of the event that met it, or of the judgment. */
  seq: number | null;
  /** Why this outcome, for people: "pause-feature simulated at T+2m00s" / "no matching step.completed". */
  reason: string;
  judgedBy: string | null;
  note: string | null;
}

export interface ScoreResult {
  /** 0..100: met counts its full weight, met late half, missed nothing; not-judged manual expectations are left out. */
  score: number;
  earned: number;
  possible: number;
  results: ScoredExpectation[];
}

export interface ScoreOptions {
  /** T+0: when the drill incident was opened. */
  start: string;
  /** Only events up to this instant count (an inject's time, or the end of the drill). */
  until?: string;
  /** Judgments count whenever they were made (a facilitator may judge after the drill ended). */
  judgmentsAnyTime?: boolean;
  /** Score only this expectation (and those its `after:` chain needs): `results` holds just it. */
  only?: string;
  /**
   * The drill ended (at `until`) before the scenario's end: an expectation not met whose time had
   * not come yet (its `within` reaches past the end, or it has none) is not reached, not missed.
   */
  early?: boolean;
}

type MatchValue = string | number | boolean | null;

const CREDIT: Record<Outcome, number> = { met: 1, met_late: 0.5, missed: 0, not_judged: 0, not_reached: 0 };

/** Outcomes that leave an expectation out of the score. */
const UNSCORED: ReadonlySet<Outcome> = new Set(['not_judged', 'not_reached']);

/**
 * A simulated hook in a drill counts as a successful `hook.finished`: it is what would have run,
 * and the run was approved like a real one. The payload gains `ok: true` and `simulated: true`.
 */
export function scoringView(e: ScorableEvent): ScorableEvent {
  if (e.type !== 'hook.simulated') return e;
  return { ...e, type: 'hook.finished', payload: { ...(e.payload as object), ok: true, simulated: true } };
}

function fieldValue(e: ScorableEvent, key: string): unknown {
  const payload = (e.payload ?? {}) as Record<string, unknown>;
  if (key in payload) return payload[key];
  if (key === 'actor') return e.actor;
  if (key === 'role') return e.role;
  return undefined;
}

/** One match field: equal as written (numbers and strings compare by text), null matches a missing value, arrays match when they contain it. */
export function valueMatches(actual: unknown, expected: MatchValue): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (Array.isArray(actual)) return actual.some((a) => valueMatches(a, expected));
  if (actual === null || actual === undefined || typeof actual === 'object') return false;
  if (typeof expected === 'boolean' || typeof actual === 'boolean') return actual === expected;
  return String(actual) === String(expected);
}

/** Does this event meet the expectation's `event` and `match`? Payload fields first, then the event's actor and role. */
export function eventMatches(exp: Expectation, raw: ScorableEvent): boolean {
  const e = scoringView(raw);
  if (!exp.event || e.type !== exp.event) return false;
  return Object.entries(exp.match ?? {}).every(([k, v]) => valueMatches(fieldValue(e, k), v));
}

/** One line saying what an expectation wants. */
export function describeExpectation(exp: Expectation): string {
  if (exp.manual) return 'judged by the facilitator';
  const fields = Object.entries(exp.match ?? {}).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return [
    exp.event ?? '?',
    fields.length ? `{${fields.join(', ')}}` : '',
    exp.within ? `within ${exp.within}` : '',
    exp.after ? `after ${exp.after}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const at = (ms: number) => `T+${formatShortDuration(ms)}`;

/**
 * Scores a drill's expectations against its events: met (in time), met late (after `within`),
 * or missed; `after: X` needs the matching event to come after the one that met X. Pure.
 */
export function scoreExpectations(expectations: readonly Expectation[], events: readonly ScorableEvent[], opts: ScoreOptions): ScoreResult {
  const start = Date.parse(opts.start);
  const until = opts.until !== undefined ? Date.parse(opts.until) : Number.POSITIVE_INFINITY;
  const inWindow = (e: ScorableEvent) => Date.parse(e.ts) <= until;
  const considered = [...events].filter(inWindow).sort((a, b) => a.seq - b.seq);
  const judgments = new Map<string, ScorableEvent>();
  for (const e of opts.judgmentsAnyTime ? [...events].sort((a, b) => a.seq - b.seq) : considered) {
    if (e.type === 'drill.judged') judgments.set(String((e.payload as { expectation?: unknown }).expectation), e);
  }
  const byId = new Map(expectations.map((x) => [x.id, x]));
  const done = new Map<string, ScoredExpectation>();
  const visiting = new Set<string>();

  const base = (exp: Expectation) => ({
    id: exp.id,
    title: exp.title ?? null,
    manual: Boolean(exp.manual),
    weight: exp.weight ?? 1,
    wants: describeExpectation(exp),
    withinMs: exp.within ? (parseDuration(exp.within) ?? null) : null,
    after: exp.after ?? null,
    judgedBy: null,
    note: null,
  });

  const score = (exp: Expectation): ScoredExpectation => {
    const cached = done.get(exp.id);
    if (cached) return cached;
    const result = visiting.has(exp.id)
      ? { ...base(exp), outcome: 'missed' as const, tookMs: null, lateByMs: null, seq: null, reason: `after: forms a cycle through ${exp.id}` }
      : (visiting.add(exp.id), exp.manual ? scoreManual(exp) : scoreAutomatic(exp));
    visiting.delete(exp.id);
    done.set(exp.id, result);
    return result;
  };

  const scoreManual = (exp: Expectation): ScoredExpectation => {
    const j = judgments.get(exp.id);
    if (!j) return { ...base(exp), outcome: 'not_judged', tookMs: null, lateByMs: null, seq: null, reason: 'not judged yet' };
    const p = j.payload as { met?: boolean; note?: string };
    return {
      ...base(exp),
      outcome: p.met ? 'met' : 'missed',
      tookMs: null,
      lateByMs: null,
      seq: j.seq,
      reason: `judged ${p.met ? 'met' : 'missed'} by ${j.actor}${p.note ? `: ${p.note}` : ''}`,
      judgedBy: j.actor,
      note: p.note ?? null,
    };
  };

  const notReached = (b: ReturnType<typeof base>, reason: string): ScoredExpectation => ({ ...b, outcome: 'not_reached', tookMs: null, lateByMs: null, seq: null, reason });
  // Ended early: a miss whose deadline lies past the end was never given its time.
  const unlessNotDue = (b: ReturnType<typeof base>, missed: ScoredExpectation): ScoredExpectation => {
    if (!opts.early || !Number.isFinite(until)) return missed;
    if (b.withinMs !== null && start + b.withinMs <= until) return missed;
    return notReached(b, `not reached: the drill ended at ${at(until - start)}${b.withinMs !== null ? `, before its ${formatShortDuration(b.withinMs)}` : ''}`);
  };

  const scoreAutomatic = (exp: Expectation): ScoredExpectation => {
    const b = base(exp);
    const miss = (reason: string) => ({ ...b, outcome: 'missed' as const, tookMs: null, lateByMs: null, seq: null, reason });
    let afterSeq = 0;
    if (exp.after) {
      const prior = byId.get(exp.after);
      if (!prior) return miss(`after: ${exp.after} is not an expectation`);
      const p = score(prior);
      if (p.outcome === 'not_reached') return notReached(b, `needs ${exp.after} first, which the drill did not reach`);
      if (p.outcome === 'missed' || p.outcome === 'not_judged') return unlessNotDue(b, miss(`needs ${exp.after} first, which was ${p.outcome === 'missed' ? 'missed' : 'not judged'}`));
      // A manual prerequisite has no place in the timeline: being judged met is enough.
      if (!prior.manual) afterSeq = p.seq ?? 0;
    }
    const matching = considered.filter((e) => eventMatches(exp, e));
    const hit = matching.find((e) => e.seq > afterSeq);
    if (!hit) {
      if (matching.length > 0) return unlessNotDue(b, miss(`${exp.event} at ${at(Date.parse(matching[0]!.ts) - start)} came before ${exp.after}`));
      return unlessNotDue(b, miss(`no matching ${exp.event}`));
    }
    const took = Math.max(0, Date.parse(hit.ts) - start);
    const late = b.withinMs !== null && took > b.withinMs ? took - b.withinMs : null;
    const what = hit.type === 'hook.simulated' ? `${exp.event} (simulated hook) at ${at(took)}` : `${exp.event} at ${at(took)} by ${hit.actor}`;
    return {
      ...b,
      outcome: late === null ? 'met' : 'met_late',
      tookMs: took,
      lateByMs: late,
      seq: hit.seq,
      reason: late === null ? what : `${what}, ${formatShortDuration(late)} after the ${exp.within} allowed`,
    };
  };

  const asked = opts.only === undefined ? expectations : expectations.filter((x) => x.id === opts.only);
  const results = asked.map(score);
  let earned = 0;
  let possible = 0;
  for (const r of results) {
    if (UNSCORED.has(r.outcome)) continue;
    possible += r.weight;
    earned += r.weight * CREDIT[r.outcome];
  }
  return { score: possible > 0 ? Math.round((100 * earned) / possible) : 0, earned, possible, results };
}

/**
 * The one way a drill's score is read. Once it ended, the end decides: auto expectations count up
 * to the first `drill.ended` and, when that end was early, what was not due by then is not
 * reached (as `drill end` scored it); judgments count whenever they were made. While it runs,
 * it is scored as of `now`. The drill's end, its rescores, `drill status` and the report all use it.
 */
export function scoreDrillEvents(expectations: readonly Expectation[], events: readonly ScorableEvent[], start: string, now: string): ScoreResult {
  const end = [...events].sort((a, b) => a.seq - b.seq).find((e) => e.type === 'drill.ended');
  const early = Boolean((end?.payload as { early?: unknown } | undefined)?.early);
  // An ended drill's clock stands at its end, so what is done after it is stamped at that very
  // instant: the log's order, not the stamp, says it came after the end and does not count.
  const played = end ? events.filter((e) => e.seq < end.seq || e.type === 'drill.judged') : events;
  return scoreExpectations(expectations, played, { start, until: end?.ts ?? now, judgmentsAnyTime: true, early });
}

/** The rows a `drill.ended` event carries. */
export function resultRows(result: ScoreResult): DrillResultRow[] {
  return result.results.map((r) => ({ id: r.id, outcome: r.outcome, weight: r.weight, tookMs: r.tookMs }));
}

/** Was the expectation met (in time or late) by the given instant? Drives `when: {met|missed}` injects. Scores only it. */
export function metBy(expectations: readonly Expectation[], id: string, events: readonly ScorableEvent[], start: string, until: string): boolean {
  const [r] = scoreExpectations(expectations, events, { start, until, only: id }).results;
  return r?.outcome === 'met' || r?.outcome === 'met_late';
}

/** The event types judging an expectation reads: its own (and simulated hooks), its `after:` chain's, judgments for manual ones. */
export function eventTypesFor(expectations: readonly Expectation[], id: string): string[] {
  const byId = new Map(expectations.map((x) => [x.id, x]));
  const types = new Set<string>();
  const seen = new Set<string>();
  for (let exp = byId.get(id); exp && !seen.has(exp.id); exp = exp.after ? byId.get(exp.after) : undefined) {
    seen.add(exp.id);
    if (exp.manual) types.add('drill.judged');
    else if (exp.event) types.add(exp.event);
    if (exp.event === 'hook.finished') types.add('hook.simulated');
  }
  return [...types];
}
