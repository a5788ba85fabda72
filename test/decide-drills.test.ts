import { describe, expect, it } from 'vitest';
import type { Inject } from '../src/core/schemas/scenario.js';
import { failureText, Given, typesAndPayloads } from './decide-harness.js';

const DRILL = { scenario: 'agent-refund-loop', title: 'Refund loop' };
const ALERT: Inject = { at: '0s', kind: 'alert', source: 'agent-monitor', summary: 'issue_refund called 48 times' };
const MESSAGE: Inject = { at: '5m', kind: 'message', from: 'support', summary: '14 emails for one order', detail: 'screenshot attached' };

function drill(): Given {
  return Given.opened('unexpected-tool-call', { open: { drill: DRILL } });
}

describe('drill-deliver', () => {
  it('given a drill, when injects are due, then each is logged by the drill with its source (or from) and detail', () => {
    const g = drill();
    const { decision, appended } = g.run('alice', { kind: 'drill-deliver', injects: [{ key: 'anomaly-alert', inject: ALERT }, { key: 'inject-2', inject: MESSAGE }] });
    expect(decision).toMatchObject({ ok: true, role: null });
    expect(appended.map((e) => [e.type, e.actor, e.role, e.payload])).toEqual([
      ['drill.inject', 'drill', null, { inject: 'anomaly-alert', kind: 'alert', source: 'agent-monitor', summary: 'issue_refund called 48 times', at: '0s' }],
      ['drill.inject', 'drill', null, { inject: 'inject-2', kind: 'message', source: 'support', summary: '14 emails for one order', detail: 'screenshot attached', at: '5m' }],
    ]);
  });

  it('given an inject already delivered, when it is due again, then it is not logged twice', () => {
    const g = drill().given(['alice', { kind: 'drill-deliver', injects: [{ key: 'anomaly-alert', inject: ALERT }] }]);
    expect(g.run('alice', { kind: 'drill-deliver', injects: [{ key: 'anomaly-alert', inject: ALERT }] }).appended).toEqual([]);
  });

  it('given a real incident, when injects are delivered, then it is not a drill', () => {
    const d = Given.opened('data-leakage').when('alice', { kind: 'drill-deliver', injects: [] });
    expect(failureText(d).message).toBe('INC-2026-0001 is not a drill');
  });
});

describe('drill-end, judge, debrief', () => {
  const results = [{ id: 'tool-off', outcome: 'missed' as const, weight: 3, tookMs: null }];

  it('given a running drill, when it ends, then drill.ended carries the score; ending again is invalid with the report hint', () => {
    const g = drill();
    const { appended } = g.run('alice', { kind: 'drill-end', score: 40, early: true, results });
    expect(appended.map((e) => [e.type, e.actor, e.role, e.payload])).toEqual([['drill.ended', 'alice', null, { score: 40, early: true, results }]]);
    expect(failureText(g.when('alice', { kind: 'drill-end', score: 40, early: true, results }))).toEqual({
      message: 'drill INC-2026-0001 already ended at 2026-03-01 02:00:00 UTC with score 40',
      hint: 'aiops drill report INC-2026-0001',
    });
  });

  it('given an ended drill, when a late judgment rescores it, then a fresh drill.ended is logged; a rescore before the end is invalid', () => {
    const g = drill();
    expect(g.when('alice', { kind: 'drill-end', score: 50, early: false, results, rescore: true })).toMatchObject({ ok: false, code: 'drill.not-ended' });
    g.given(['alice', { kind: 'drill-end', score: 40, early: true, results }]);
    const judged = g.run('alice', { kind: 'judge', expectation: 'voided-in-time', met: true, note: 'voided at 03:40' });
    expect(typesAndPayloads(judged.appended)).toEqual([['drill.judged', { expectation: 'voided-in-time', met: true, note: 'voided at 03:40' }]]);
    const rescored = g.run('alice', { kind: 'drill-end', score: 60, early: true, results, rescore: true });
    expect(typesAndPayloads(rescored.appended)).toEqual([['drill.ended', { score: 60, early: true, results }]]);
  });

  it('given a drill, when a debrief note is added, then drill.debrief; an empty one is invalid; judging a real incident is invalid', () => {
    const g = drill();
    expect(typesAndPayloads(g.run('bob', { kind: 'debrief', text: 'page earlier' }).appended)).toEqual([['drill.debrief', { text: 'page earlier' }]]);
    expect(failureText(g.when('bob', { kind: 'debrief', text: ' ' })).message).toBe('a debrief note needs text');
    expect(failureText(Given.opened('data-leakage').when('alice', { kind: 'judge', expectation: 'x', met: true })).message).toBe('INC-2026-0001 is not a drill');
  });
});
