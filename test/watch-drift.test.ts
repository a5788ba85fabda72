import { describe, expect, it } from 'vitest';
import { ConfigFile } from '../src/core/schemas/config.js';
import type { WatchRule } from '../src/core/schemas/watch.js';
import { createDriftWatch } from '../src/core/watch/drift.js';
import { figuresOf } from '../src/core/watch/metrics.js';
import { parseTelemetryLine, type TelemetryRecord } from '../src/core/watch/telemetry.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const rec = (fields: Record<string, unknown>): TelemetryRecord => {
  const p = parseTelemetryLine(JSON.stringify({ ts: new Date(T0).toISOString(), service: 's', ...fields }));
  if (!p.ok) throw new Error(p.reason);
  return p.record;
};

describe('telemetry lines (issue 19)', () => {
  it('keeps unknown fields and reads reviewers as strings or {decision}', () => {
    const p = parseTelemetryLine('{"ts":"2026-03-02T09:00:00Z","service":"s","request_id":7,"model":"m1","tools":["a"],"x_custom":{"k":1},"reviewers":[{"id":"r1","decision":"approved"},"rejected"]}');
    expect(p.ok && p.record).toMatchObject({ at: Date.parse('2026-03-02T09:00:00Z'), request_id: '7', reviewers: ['approved', 'rejected'], fields: { model: 'm1', tools: ['a'], x_custom: { k: 1 } } });
  });

  it('says why a line is bad instead of throwing', () => {
    expect(parseTelemetryLine('{nope')).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseTelemetryLine('[1]')).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(parseTelemetryLine('{"service":"s","request_id":"a"}')).toEqual({ ok: false, reason: 'ts is missing or not a time' });
    expect(parseTelemetryLine('{"ts":"2026-03-02T09:00:00Z","request_id":"a"}')).toEqual({ ok: false, reason: 'service is missing' });
    expect(parseTelemetryLine('{"ts":"2026-03-02T09:00:00Z","service":"  ","request_id":"a"}')).toEqual({ ok: false, reason: 'service is missing' });
    expect(parseTelemetryLine('{"ts":"2026-03-02T09:00:00Z","service":"s","request_id":"a","review":"maybe"}')).toEqual({ ok: false, reason: 'review is not approved, rejected or escalated' });
    expect(parseTelemetryLine('{"ts":"2026-03-02T09:00:00Z","service":"s","request_id":"a","cost":"1"}')).toEqual({ ok: false, reason: 'cost is not a number' });
  });
});

describe('metrics on a fixture, against figures computed by hand', () => {
  // r1..r6; the comment on each metric is the hand computation.
  const fixture = [
    rec({ request_id: 'r1', review: 'approved', outcome: 'good', reviewers: ['approved', 'approved'], policy_hits: [], output_class: 'answer', latency_ms: 100, cost: 0.01 }),
    rec({ request_id: 'r2', review: 'rejected', reviewers: ['approved', 'rejected'], policy_hits: ['p1'], output_class: 'refund', latency_ms: 200, cost: 0.02 }),
    rec({ request_id: 'r3', review: 'escalated', output_class: 'answer', latency_ms: 300, cost: 0.03 }),
    rec({ request_id: 'r4', review: 'approved', outcome: 'bad', reviewers: ['rejected', 'approved'], policy_hits: ['p2', 'p3'], output_class: 'refund', latency_ms: 400 }),
    rec({ request_id: 'r5', output_class: 'answer', latency_ms: 1000, cost: 0.1 }),
    rec({ request_id: 'r6', review: 'approved', outcome: 'bad', latency_ms: 500 }),
  ];
  it.each([
    // reviewed r1 r2 r3 r4 r6; rejected r2: 1/5
    ['rejection_rate', {}, { count: 5, hits: 1, value: 0.2 }],
    // all 6; escalated r3: 1/6
    ['escalation_rate', {}, { count: 6, hits: 1, value: 1 / 6 }],
    // two or more reviewers r1 r2 r4; they differ on r2 r4: 2/3
    ['disagreement_rate', {}, { count: 3, hits: 2, value: 2 / 3 }],
    // all 6; a policy hit on r2 r4: 2/6
    ['policy_hit_rate', {}, { count: 6, hits: 2, value: 1 / 3 }],
    // approved with an audited outcome r1 r4 r6; bad r4 r6: 2/3
    ['false_approval_rate', {}, { count: 3, hits: 2, value: 2 / 3 }],
    // with an output class r1..r5; refund r2 r4: 2/5
    ['output_class_share', { class: 'refund' }, { count: 5, hits: 2, value: 0.4 }],
    // with a cost r1 r2 r3 r5: (0.01 + 0.02 + 0.03 + 0.10) / 4 = 0.04; above 0.025: r3 r5
    ['cost', { above: 0.025 }, { count: 4, hits: 2, value: 0.04 }],
    // 100 200 300 400 500 1000: nearest rank ceil(0.95 * 6) = 6th = 1000; above 450: r5 r6
    ['latency_p95', { above: 450 }, { count: 6, hits: 2, value: 1000 }],
  ] as const)('%s', (metric, opts, want) => {
    const got = figuresOf(metric, fixture, opts);
    expect({ ...got, value: Number(got.value?.toFixed(10)) }).toEqual({ ...want, value: Number(want.value.toFixed(10)) });
  });
});

describe('the drift watch over a sliding window', () => {
  const rule: WatchRule = { id: 'rej', metric: 'rejection_rate', window: '1m', above: 0.5, min_count: 3, trigger: 'hallucinated_commitment' };
  const at = (s: number, id: string, review: string, service = 's') => ({ ...rec({ request_id: id, review, service }), at: T0 + s * 1000 });

  it('fires once on crossing with min_count, re-arms when the window falls back, and fires again', () => {
    const w = createDriftWatch([rule]);
    // Given 2 of 3 rejected in the first 20 s: fires at the third record, naming the two rejected
    expect(w.push(at(0, 'a', 'rejected'))).toEqual([]);
    expect(w.push(at(10, 'b', 'approved'))).toEqual([]);
    expect(w.push(at(20, 'c', 'rejected'))).toEqual([expect.objectContaining({ rule: 'rej', service: 's', trigger: 'hallucinated_commitment', count: 3, hits: 2, offending: ['a', 'c'], from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T09:00:20.000Z' })]);
    // Still above (3/4, then 2/3 once 0 s and 10 s leave the window at 70 s): no second firing
    expect(w.push(at(30, 'd', 'rejected'))).toEqual([]);
    expect(w.push(at(70, 'e', 'approved'))).toEqual([]);
    // 20 s and 30 s leave at 101 s: 0 of 3, the rule re-arms
    expect(w.push(at(100, 'f', 'approved'))).toEqual([]);
    expect(w.push(at(101, 'g', 'approved'))).toEqual([]);
    // Window 70..105: 2/5, 3/6 (= 0.5, not above), then 4/7 fires again
    expect(w.push(at(102, 'h', 'rejected'))).toEqual([]);
    expect(w.push(at(103, 'i', 'rejected'))).toEqual([]);
    expect(w.push(at(104, 'j', 'rejected'))).toEqual([]);
    expect(w.push(at(105, 'k', 'rejected'))).toEqual([expect.objectContaining({ count: 7, hits: 4, offending: ['h', 'i', 'j', 'k'] })]);
  });

  it('counts a record older than the window start (newest seen, less the window) in no window, and never dates from after to', () => {
    const w = createDriftWatch([rule]);
    // Given a window that has reached 3600 s, then records an hour old: 4 rejections that alone would fire
    expect([at(3600, 'n1', 'approved'), at(3601, 'n2', 'approved')].flatMap((r) => w.push(r))).toEqual([]);
    expect([at(0, 'l1', 'rejected'), at(1, 'l2', 'rejected'), at(2, 'l3', 'rejected'), at(3, 'l4', 'rejected')].flatMap((r) => w.push(r))).toEqual([]);
    // Then they are counted apart, and the window still holds only its own two records (1 of 3 does not fire, 3 of 5 does)
    expect(w.late).toBe(4);
    expect(w.push(at(3602, 'n3', 'rejected'))).toEqual([]);
    expect(w.push(at(3603, 'n4', 'rejected'))).toEqual([]);
    // And a record a little out of order but inside the window counts, the window dating from it
    expect(w.push(at(3590, 'n5', 'rejected'))).toEqual([expect.objectContaining({ count: 5, hits: 3, offending: ['n3', 'n4', 'n5'], from: new Date(T0 + 3590_000).toISOString(), to: new Date(T0 + 3590_000).toISOString() })]);
    expect(w.late).toBe(4);
  });

  it('watches production traffic only: drill records neither fire a rule nor count in its window', () => {
    const w = createDriftWatch([rule]);
    const drill = (s: number, id: string) => ({ ...at(s, id, 'rejected'), drill: true });
    // Given drill traffic that alone would be 3 of 3 rejected
    expect([drill(0, 'd1'), drill(1, 'd2'), drill(2, 'd3')].flatMap((r) => w.push(r))).toEqual([]);
    // Then production's window holds production's records only: 1 of 3, then 2 of 4 rejected do not fire, 3 of 5 does
    expect([at(3, 'a', 'rejected'), at(4, 'b', 'approved'), at(5, 'c', 'approved'), at(6, 'e', 'rejected')].flatMap((r) => w.push(r))).toEqual([]);
    expect(w.push(at(7, 'f', 'rejected'))).toEqual([expect.objectContaining({ count: 5, hits: 3, offending: ['a', 'e', 'f'] })]);
  });

  it('watches each service on its own when the rule names none, and only its service when it does', () => {
    const w = createDriftWatch([rule, { ...rule, id: 'only-t', service: 't' }]);
    const fired = [at(0, 'a', 'rejected'), at(1, 'x', 'approved', 't'), at(2, 'b', 'rejected'), at(3, 'y', 'approved', 't'), at(4, 'c', 'approved'), at(5, 'z', 'rejected', 't')].flatMap((r) => w.push(r));
    expect(fired.map((f) => `${f.rule}/${f.service}`)).toEqual(['rej/s']);
    // t: 2 of 4 is not above 0.5; 3 of 5 is, for both rules, each with t's requests only
    expect(w.push(at(6, 'v', 'rejected', 't'))).toEqual([]);
    expect(w.push(at(7, 'u', 'rejected', 't')).map((f) => `${f.rule}/${f.service}:${f.offending.join(',')}`)).toEqual(['rej/t:z,v,u', 'only-t/t:z,v,u']);
  });

  it('aiops.yaml refuses class: without output_class_share, and a rule without a window', () => {
    const bad = ConfigFile.safeParse({ watch: [{ ...rule, class: 'x' }, { id: 'n', metric: 'cost', above: 1, trigger: 't' }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['watch.0.class', 'watch.1.window']));
  });
});
