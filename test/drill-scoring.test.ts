import { describe, expect, it } from 'vitest';
import { scriptCommand } from '../src/verbs/script.js';
import { type ScorableEvent, scoreDrillEvents, scoreExpectations } from '../src/core/scoring.js';
import type { Expectation, Scenario } from '../src/core/schemas/scenario.js';
import { dueInjects } from '../src/drill/due-injects.js';
import { planDrill } from '../src/drill/drill-plan.js';
import { drillTimeAt } from '../src/drill/drill-clock.js';

const T0 = '2026-03-14T09:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();
let seq = 0;
const ev = (s: number, type: string, payload: object, actor = 'alice', role: string | null = 'commander'): ScorableEvent => ({ seq: ++seq, ts: at(s), type, actor, role, payload });
const exp = (e: Partial<Expectation> & { id: string }): Expectation => ({ weight: 1, ...e });

describe('scoring expectations', () => {
  it('scores met, met late and missed with the time each took, weighted out of 100', () => {
    // Given a pause within 10m (done at 12m), a commander within 2m (done at 30s) and an update never sent
    const events = [
      ev(30, 'role.assigned', { role: 'commander', person: 'alice' }),
      ev(720, 'hook.finished', { hook: 'pause-feature', ok: true, run: 'run-1' }),
    ];
    const r = scoreExpectations(
      [
        exp({ id: 'named', event: 'role.assigned', match: { role: 'commander' }, within: '2m', weight: 1 }),
        exp({ id: 'paused', event: 'hook.finished', match: { hook: 'pause-feature', ok: true }, within: '10m', weight: 2 }),
        exp({ id: 'told', event: 'step.completed', match: { step: 'update' }, weight: 1 }),
      ],
      events,
      { start: T0 },
    );
    // Then: 1 + 2×0.5 + 0 = 2 of 4 points
    expect(r.results.map((x) => [x.id, x.outcome, x.tookMs, x.lateByMs])).toEqual([
      ['named', 'met', 30_000, null],
      ['paused', 'met_late', 720_000, 120_000],
      ['told', 'missed', null, null],
    ]);
    expect(r.score).toBe(50);
    expect(r.results[2]!.reason).toBe('no matching step.completed');
  });

  it('treats a simulated hook as hook.finished with ok: true, but not as a failed one', () => {
    const events = [ev(60, 'hook.simulated', { run: 'run-1', hook: 'pause-feature', step: 'pause', argv: ['x'] })];
    const ok = exp({ id: 'ok', event: 'hook.finished', match: { hook: 'pause-feature', ok: true } });
    const failed = exp({ id: 'failed', event: 'hook.finished', match: { hook: 'pause-feature', ok: false } });
    const r = scoreExpectations([ok, failed], events, { start: T0 });
    expect(r.results.map((x) => x.outcome)).toEqual(['met', 'missed']);
    expect(r.results[0]!.reason).toContain('simulated');
  });

  it('needs an `after:` expectation to happen after the one it names', () => {
    // Given mitigation marked before the pause
    const events = [
      ev(60, 'status.changed', { from: 'open', to: 'mitigated' }),
      ev(120, 'hook.finished', { hook: 'pause-feature', ok: true }),
    ];
    const r = scoreExpectations(
      [
        exp({ id: 'paused', event: 'hook.finished', match: { hook: 'pause-feature' } }),
        exp({ id: 'mitigated', event: 'status.changed', match: { to: 'mitigated' }, after: 'paused' }),
      ],
      events,
      { start: T0 },
    );
    expect(r.results[1]!.outcome).toBe('missed');
    expect(r.results[1]!.reason).toBe('status.changed at T+1m00s came before paused');
  });

  it('misses an `after:` whose prerequisite was missed, and survives a cycle', () => {
    const r = scoreExpectations(
      [
        exp({ id: 'a', event: 'note.added', after: 'b' }),
        exp({ id: 'b', event: 'note.added', after: 'a' }),
        exp({ id: 'c', event: 'step.completed', after: 'd' }),
        exp({ id: 'd', event: 'hook.finished' }),
      ],
      [ev(5, 'note.added', { text: 'x' }), ev(6, 'step.completed', { step: 's' })],
      { start: T0 },
    );
    expect(r.results.map((x) => x.outcome)).toEqual(['missed', 'missed', 'missed', 'missed']);
    expect(r.results[2]!.reason).toBe('needs d first, which was missed');
  });

  it('matches payload fields by text, null as absent, arrays by membership, and falls back to the actor', () => {
    const events = [ev(1, 'approval.requested', { step: 'pause', hook: null, roles: ['commander', 'model_owner'] }, 'system', null), ev(2, 'note.added', { text: 'x' }, 'bob')];
    const r = scoreExpectations(
      [
        exp({ id: 'roles', event: 'approval.requested', match: { roles: 'model_owner', hook: null } }),
        exp({ id: 'bob-noted', event: 'note.added', match: { actor: 'bob' } }),
        exp({ id: 'carol-noted', event: 'note.added', match: { actor: 'carol' } }),
      ],
      events,
      { start: T0 },
    );
    expect(r.results.map((x) => x.outcome)).toEqual(['met', 'met', 'missed']);
  });

  it('leaves unjudged manual expectations out of the score and counts judged ones', () => {
    const manual = exp({ id: 'clear', manual: true, title: 'The update was clear', weight: 2 });
    const auto = exp({ id: 'noted', event: 'note.added', weight: 2 });
    const events = [ev(10, 'note.added', { text: 'x' })];
    expect(scoreExpectations([manual, auto], events, { start: T0 }).score).toBe(100);
    const judged = [...events, ev(20, 'drill.judged', { expectation: 'clear', met: false, note: 'vague' }, 'erin', null)];
    const r = scoreExpectations([manual, auto], judged, { start: T0 });
    expect(r.score).toBe(50);
    expect(r.results[0]!.reason).toBe('judged missed by erin: vague');
  });

  it('ignores events after `until`', () => {
    const r = scoreExpectations([exp({ id: 'n', event: 'note.added' })], [ev(600, 'note.added', { text: 'x' })], { start: T0, until: at(599) });
    expect(r.results[0]!.outcome).toBe('missed');
  });

  it('once a drill ended, counts nothing logged after its end, though stamped at the same instant (the clock stops there); judgments still count', () => {
    // Given a drill ended early at 2m, then (its clock standing at 2m) a reviewer named and a manual expectation judged
    const exps = [
      exp({ id: 'cmd', event: 'role.assigned', match: { role: 'commander' }, within: '2m' }),
      exp({ id: 'rev', event: 'role.assigned', match: { role: 'reviewer' }, within: '4m' }),
      exp({ id: 'clear', manual: true }),
    ];
    const events = [
      ev(10, 'role.assigned', { role: 'commander', person: 'alice' }),
      ev(120, 'drill.ended', { score: 100, early: true, results: [] }),
      ev(120, 'role.assigned', { role: 'reviewer', person: 'bob' }),
      ev(120, 'drill.judged', { expectation: 'clear', met: true }),
    ];
    // Then the reviewer, named after the end, is not reached, as the end scored it; the judgment counts
    const r = scoreDrillEvents(exps, events, T0, at(600));
    expect(r.results.map((x) => [x.id, x.outcome])).toEqual([
      ['cmd', 'met'],
      ['rev', 'not_reached'],
      ['clear', 'met'],
    ]);
  });
});

describe('conditional injects and the drill plan', () => {
  const sc: Scenario = {
    id: 's',
    title: 'S',
    playbook: 'p',
    incident: { title: 't', service: 'svc' },
    injects: [
      { id: 'first', at: '0s', kind: 'alert', summary: 'a' },
      { id: 'if-missed', at: '12m', kind: 'message', summary: 'public post', when: { missed: 'paused' } },
      { id: 'if-met', at: '12m', kind: 'message', summary: 'thanks', when: { met: 'paused' } },
    ],
    expectations: [exp({ id: 'paused', event: 'hook.finished', match: { hook: 'pause-feature' }, within: '10m' })],
    script: [{ at: '12m', as: 'alice', do: 'note', args: { text: 'x' } }],
  };

  it('delivers a `when: {missed}` inject only when the expectation was not met by its time', () => {
    const none = dueInjects(sc, [], T0, 13 * 60_000);
    expect(none.due.map((d) => d.key)).toEqual(['first', 'if-missed']);
    expect(none.heldBack).toEqual([{ key: 'if-met', atMs: 720_000, reason: 'paused was not met by then' }]);
    // A pause at 11m (late, but before 12m) flips both
    const paused = [ev(660, 'hook.finished', { hook: 'pause-feature', ok: true })];
    expect(dueInjects(sc, paused, T0, 13 * 60_000).due.map((d) => d.key)).toEqual(['first', 'if-met']);
    // A pause after the inject's time does not count for it
    const tooLate = [ev(780, 'hook.finished', { hook: 'pause-feature', ok: true })];
    expect(dueInjects(sc, tooLate, T0, 14 * 60_000).due.map((d) => d.key)).toEqual(['first', 'if-missed']);
  });

  it('puts injects before script entries at the same time', () => {
    expect(planDrill(sc).items.map((i) => (i.kind === 'inject' ? i.key : 'script'))).toEqual(['first', 'if-missed', 'if-met', 'script']);
    expect(planDrill(sc).endMs).toBe(720_000);
  });

  it('runs drill time faster than real time by the speed', () => {
    const real = new Date(Date.parse(T0) + 60_000);
    expect(drillTimeAt({ openedAt: T0, speed: 10 }, real).toISOString()).toBe(at(600));
    expect(drillTimeAt({ openedAt: T0, speed: 10, auto: true }, real).toISOString()).toBe(at(60));
  });
});

describe('script entries as engine commands', () => {
  const entry = (d: string, args: Record<string, unknown>) => ({ at: '1m', as: 'alice', do: d as never, args });
  it('maps each action to the command the CLI would run', () => {
    expect(scriptCommand(entry('step', { step: 'leaked', choose: 'yes', note: 'n' }))).toEqual({ ok: true, command: { kind: 'step', step: 'leaked', action: 'choose', option: 'yes', note: 'n' } });
    expect(scriptCommand(entry('close', { summary: 's' }))).toEqual({ ok: true, command: { kind: 'status', to: 'closed', summary: 's' } });
    expect(scriptCommand(entry('handoff', { role: 'commander', person: 'dan' }))).toEqual({ ok: true, command: { kind: 'assign', role: 'commander', person: 'dan', handoff: true } });
    expect(scriptCommand(entry('approve', { step: 'pause', override: 'on fire' }))).toEqual({ ok: true, command: { kind: 'approve', step: 'pause', override: 'on fire' } });
    expect(scriptCommand(entry('severity', { severity: 'sev2', reason: 'r' }))).toEqual({ ok: true, command: { kind: 'severity', to: 'SEV2', reason: 'r' } });
    expect(scriptCommand(entry('judge', { expectation: 'clear', missed: true }))).toEqual({ ok: true, command: { kind: 'judge', expectation: 'clear', met: false } });
    expect(scriptCommand(entry('undo', { step: 'pause' }))).toEqual({ ok: true, command: { kind: 'fire', step: 'pause' }, undo: true });
  });
  it('says what is wrong with a bad entry', () => {
    expect(scriptCommand(entry('step', { step: 'x', done: true, skip: 'y' }))).toEqual({ ok: false, message: 'step: needs exactly one of done: true, skip: REASON, choose: OPTION, reopen: true' });
    expect(scriptCommand(entry('assign', { role: 'commander', persn: 'bob' }))).toEqual({ ok: false, message: 'assign: unknown args persn; allowed: role, person' });
    expect(scriptCommand(entry('status', { status: 'fixed' }))).toEqual({ ok: false, message: 'status: status "fixed" is not one of open, mitigated, resolved, closed, cancelled, duplicate-of ID' });
  });
});
