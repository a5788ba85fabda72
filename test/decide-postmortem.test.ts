import { describe, expect, it } from 'vitest';
import { dueInstant } from '../src/core/incident/decide/arg-checks.js';
import { mitigationsInEffect } from '../src/core/incident/mitigations.js';
import { failureText, Given, T0, typesAndPayloads } from './decide-harness.js';

describe('postmortem fields and action items (decide)', () => {
  it('given a closed incident, when the commander records impact twice, then later fields replace earlier ones and the rest stay', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'status', to: 'resolved' }], ['alice', { kind: 'status', to: 'closed', summary: 's' }]);
    g.given(['alice', { kind: 'impact', text: 'answers leaked', affected: 'tenant-b' }], ['alice', { kind: 'impact', duration: '42 minutes' }]);
    expect(g.state.postmortem.impact).toMatchObject({ text: 'answers leaked', affected: 'tenant-b', duration: '42 minutes', by: 'alice' });
  });

  it('given findings recorded twice, then the cause is replaced and the lists grow; an empty review or impact is invalid', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'review', cause: 'a', factors: ['f1'], wentWell: ['w1'] }], ['alice', { kind: 'review', cause: 'b', factors: ['f2', ' '], wentBadly: ['b1'] }]);
    expect(g.state.postmortem).toMatchObject({ cause: 'b', factors: ['f1', 'f2'], wentWell: ['w1'], wentBadly: ['b1'] });
    expect(failureText(g.when('alice', { kind: 'review', factors: [' '] })).message).toContain('review needs at least one of');
    expect(failureText(g.when('alice', { kind: 'impact', text: ' ' })).message).toContain('impact needs some text');
  });

  it('given action items, when added and closed, then they are numbered A1, A2 with a due instant; unknown or closed items are invalid', () => {
    const g = Given.opened('data-leakage');
    const { appended } = g.run('alice', { kind: 'action-add', text: 'add a test', owner: 'carol', due: '7d' });
    expect(typesAndPayloads(appended)).toEqual([['action.added', { action: 'A1', text: 'add a test', owner: 'carol', due: '2026-03-08T02:00:00.000Z' }]]);
    g.given(['alice', { kind: 'action-add', text: 'alert', owner: 'bob', due: '2026-04-01' }], ['alice', { kind: 'action-close', action: 'a2' }]);
    expect(g.state.actions.map((a) => [a.id, a.due, a.closed?.by ?? null])).toEqual([['A1', '2026-03-08T02:00:00.000Z', null], ['A2', '2026-04-01T23:59:59.999Z', 'alice']]);
    expect(failureText(g.when('alice', { kind: 'action-close', action: 'A9' }))).toEqual({ message: `no action item A9 in ${g.state.id}`, hint: 'action items: A1, A2' });
    expect(failureText(g.when('alice', { kind: 'action-close', action: 'A2' })).message).toContain('already closed by alice');
    expect(failureText(g.when('alice', { kind: 'action-add', text: 'x', owner: 'bob', due: 'friday' })).message).toContain('--due friday');
    // An owner the roster does not know, and a due date already past, are mistakes, not items
    expect(failureText(g.when('alice', { kind: 'action-add', text: 'x', owner: 'mallory', due: '7d' })).message).toBe('mallory is not in the roster');
    expect(failureText(g.when('alice', { kind: 'action-add', text: 'x', owner: 'bob', due: '2020-01-01' }))).toEqual({
      message: '--due 2020-01-01 is already past (2020-01-01): an action item is due later',
      hint: 'give a duration from now (7d, 2w) or a date to come',
    });
  });

  it('given someone holding no role, when they write the postmortem, then it is refused and logged', () => {
    const g = Given.opened('data-leakage');
    const { decision, appended } = g.run('dan', { kind: 'action-add', text: 'x', owner: 'dan', due: '1d' });
    expect(decision).toMatchObject({ kind: 'refused', rule: 'postmortem.role' });
    expect(appended.map((e) => e.type)).toEqual(['policy.refused']);
  });

  it('reads due as a duration or a date, and nothing else', () => {
    expect(dueInstant('2w', T0)).toBe('2026-03-15T02:00:00.000Z');
    expect(dueInstant('2026-02-28', T0)).toBe('2026-02-28T23:59:59.999Z');
    expect(dueInstant('2026-02-30', T0)).toBeUndefined();
    expect(dueInstant('next week', T0)).toBeUndefined();
  });
});

describe('mitigations still in effect', () => {
  const run = (r: string, hook: string, ok: boolean | null, undoOf?: string) => ({ run: r, hook, step: 'pause', startedAt: T0, simulated: false, ...(undoOf ? { undoOf } : {}), ...(ok === null ? {} : { finished: { ok } }) });
  const undo = (h: string) => (h === 'pause-feature' ? 'resume-feature' : undefined);

  it('lists a succeeded run of a hook with an undo until an undo of it succeeds; failed, unknown and undo-less runs are not mitigations', () => {
    expect(mitigationsInEffect([run('run-1', 'pause-feature', true)], undo).map((m) => m.run)).toEqual(['run-1']);
    expect(mitigationsInEffect([run('run-1', 'pause-feature', true), run('run-2', 'resume-feature', false, 'run-1')], undo).map((m) => m.run)).toEqual(['run-1']);
    expect(mitigationsInEffect([run('run-1', 'pause-feature', true), run('run-2', 'resume-feature', true, 'run-1')], undo)).toEqual([]);
    expect(mitigationsInEffect([run('run-1', 'pause-feature', false), run('run-2', 'pause-feature', null), run('run-3', 'notify', true)], undo)).toEqual([]);
  });
});
