import { describe, expect, it } from 'vitest';
import type { HookOutcomeFields } from '../src/core/events.js';
import { failureText, Given, MIN, T0, typesAndPayloads } from './decide-harness.js';

const OK: HookOutcomeFields = { ok: true, exitCode: 0, signal: null, timedOut: false, durationMs: 12, stdout: 'paused', stderr: '', stdoutCut: 0, stderrCut: 0 };
const FAILED: HookOutcomeFields = { ...OK, ok: false, exitCode: 3, stdout: '', stderr: 'no such tenant' };
const RESOLVED = { argv: ['./fixtures/hooks/feature-flag.sh', 'disable'], command: ['./fixtures/hooks/feature-flag.sh', 'disable'], env: ['AIOPS_STATE_DIR', 'AIOPS_INCIDENT_ID'], cwd: '/srv/ops' };

/** data-leakage with the pause step approved by the commander. */
function approvedPause(): Given {
  return Given.opened('data-leakage').given(['alice', { kind: 'approve', step: 'pause' }]);
}

describe('fire: the checks alone', () => {
  it('given no approval yet, when the commander fires pause, then it is refused with the missing roles and nothing ran', () => {
    const g = Given.opened('data-leakage');
    const { decision, appended } = g.run('alice', { kind: 'fire', step: 'pause' });
    expect(decision).toMatchObject({ ok: false, kind: 'refused', rule: 'approval.missing', command: 'fire', role: 'commander' });
    expect(failureText(decision).message).toBe('hook pause-feature for step pause needs approval from commander; nothing ran');
    expect(typesAndPayloads(appended)).toEqual([
      ['policy.refused', { rule: 'approval.missing', command: 'fire', message: 'hook pause-feature for step pause needs approval from commander; nothing ran', args: { step: 'pause', hook: 'pause-feature' } }],
    ]);
  });

  it('given approval, when fired, then it is accepted in the commander role with no events of its own', () => {
    const d = approvedPause().when('alice', { kind: 'fire', step: 'pause' });
    expect(d).toMatchObject({ ok: true, role: 'commander' });
  });
});

describe('hook-begin', () => {
  it('given approval, when a real run begins, then hook.started names the run, the resolved command and its runner', () => {
    const g = approvedPause();
    const { decision, appended } = g.run('alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false, runner: { pid: 42, host: 'ops-1' } });
    expect(decision).toMatchObject({ ok: true, role: 'commander' });
    expect(appended.map((e) => [e.type, e.actor, e.role, e.payload])).toEqual([
      [
        'hook.started',
        'alice',
        'commander',
        {
          run: 'run-1',
          hook: 'pause-feature',
          step: 'pause',
          argv: RESOLVED.argv,
          env: ['AIOPS_INCIDENT_ID', 'AIOPS_STATE_DIR'],
          cwd: '/srv/ops',
          retry: false,
          runner: { pid: 42, host: 'ops-1' },
        },
      ],
    ]);
    expect(g.state.runs.map((r) => r.run)).toEqual(['run-1']);
  });

  it('given no approval, when a run would begin, then it is refused exactly as fire is', () => {
    const g = Given.opened('data-leakage');
    const begin = g.when('alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false });
    const fire = g.when('alice', { kind: 'fire', step: 'pause' });
    expect(begin).toEqual(fire);
  });

  it('given a drill-simulated run, when it begins, then hook.simulated and the step completion come in one decision', () => {
    const g = approvedPause();
    const { appended } = g.run('alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: true });
    expect(typesAndPayloads(appended)).toEqual([
      ['hook.simulated', { run: 'run-1', hook: 'pause-feature', step: 'pause', argv: RESOLVED.argv }],
      ['step.completed', { step: 'pause' }],
    ]);
    expect(g.state.steps.find((s) => s.id === 'pause')!.status).toBe('done');
  });

  it('given a run that failed, when it begins again without retry, then once-per-approval refuses; with retry it starts', () => {
    const g = approvedPause();
    g.given(['alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false }], ['alice', { kind: 'hook-finish', run: 'run-1', outcome: FAILED }]);
    const again = g.when('alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false });
    expect(again).toMatchObject({ ok: false, kind: 'refused', rule: 'hook.once-per-approval' });
    expect(failureText(again).message).toBe('hook pause-feature already ran for step pause under this approval and failed; re-run it explicitly with --retry');
    const retry = g.when('alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false, retry: true });
    expect(retry.ok && retry.events[0]!.payload).toMatchObject({ run: 'run-2', retry: true });
  });

  it('given a run with no outcome, when the hook is fired again, then the refusal asks for the outcome to be recorded', () => {
    const g = approvedPause().given(['alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false }]);
    const d = g.when('alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false, retry: true });
    expect(failureText(d).message).toBe(
      // (the instant as every refusal shows one, not the log's ISO form)
      `hook pause-feature started at ${T0.replace('T', ' ').slice(0, 19)} UTC (run run-1) has no recorded outcome — check and record it (aiops hook record INC-2026-0001 run-1 --ok|--failed --note ..); it is never retried silently`,
    );
  });

  it('given a hook requested outside the playbook, when its simulated run begins, then the pseudo-step is not completed by a step.completed', () => {
    const g = Given.opened('data-leakage').given(
      ['alice', { kind: 'request', step: 'hook:pause-feature', params: { tenant: 'acme' }, argv: ['x'] }],
      ['alice', { kind: 'approve', step: 'hook:pause-feature' }],
    );
    const { appended } = g.run('alice', { kind: 'hook-begin', step: 'hook:pause-feature', ...RESOLVED, simulated: true });
    expect(appended.map((e) => e.type)).toEqual(['hook.simulated']);
  });
});

describe('hook-finish', () => {
  it('given a started run, when it succeeds, then hook.finished carries the outcome and the step completes', () => {
    const g = approvedPause().given(['alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false }]);
    g.clock.advance(MIN);
    const { decision, appended } = g.run('alice', { kind: 'hook-finish', run: 'run-1', outcome: OK });
    expect(decision).toMatchObject({ ok: true, role: 'commander' });
    expect(typesAndPayloads(appended)).toEqual([
      ['hook.finished', { run: 'run-1', hook: 'pause-feature', step: 'pause', ...OK }],
      ['step.completed', { step: 'pause' }],
    ]);
  });

  it('given a started run, when it fails, then only hook.finished is logged and the step stays pending', () => {
    const g = approvedPause().given(['alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false }]);
    const { appended } = g.run('alice', { kind: 'hook-finish', run: 'run-1', outcome: FAILED });
    expect(appended.map((e) => e.type)).toEqual(['hook.finished']);
    expect(g.state.steps.find((s) => s.id === 'pause')!.status).toBe('pending');
  });

  it('given the incident was closed while the hook ran, when it finishes, then the outcome is still logged but nothing completes', () => {
    const g = approvedPause().given(
      ['alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false }],
      ['alice', { kind: 'status', to: 'resolved' }],
      ['alice', { kind: 'status', to: 'closed', summary: 'done elsewhere' }],
    );
    const { appended } = g.run('alice', { kind: 'hook-finish', run: 'run-1', outcome: OK });
    expect(appended.map((e) => e.type)).toEqual(['hook.finished']);
  });

  it('given no such run, when a finish comes, then it is invalid', () => {
    const d = approvedPause().when('alice', { kind: 'hook-finish', run: 'run-9', outcome: OK });
    expect(d).toMatchObject({ ok: false, kind: 'invalid', code: 'run.unknown', data: { run: 'run-9', incident: 'INC-2026-0001' } });
    expect(failureText(d).message).toBe('no hook run "run-9" in INC-2026-0001');
  });
});

describe('record-outcome', () => {
  it('given a run with no outcome, when alice records it ok after checking, then hook.outcome_recorded is logged', () => {
    const g = approvedPause().given(['alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false }]);
    const { appended } = g.run('alice', { kind: 'record-outcome', run: 'run-1', ok: true, note: 'flag is off' });
    expect(typesAndPayloads(appended)).toEqual([['hook.outcome_recorded', { run: 'run-1', hook: 'pause-feature', step: 'pause', ok: true, note: 'flag is off' }]]);
    expect(failureText(g.when('alice', { kind: 'record-outcome', run: 'run-1', ok: true, note: 'again' })).message).toBe('run run-1 already has an outcome (ok)');
  });

  it('given a run with no outcome, when recorded without a note, then it is invalid with today\'s words', () => {
    const g = approvedPause().given(['alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false }]);
    expect(failureText(g.when('alice', { kind: 'record-outcome', run: 'run-1', ok: false, note: ' ' })).message).toBe('recording an outcome needs --note saying how you checked');
  });
});
