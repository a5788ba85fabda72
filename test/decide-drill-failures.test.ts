import { describe, expect, it } from 'vitest';
import type { Inject, Scenario } from '../src/core/schemas/scenario.js';
import { ScenarioFile } from '../src/core/schemas/scenario.js';
import { Given, typesAndPayloads } from './decide-harness.js';

const RESOLVED = { argv: ['./ops/flag.sh', 'disable'], command: ['./ops/flag.sh', 'disable'], env: ['AIOPS_INCIDENT_ID'], cwd: '/srv/ops' };
const DRILL = { scenario: 'leak-fails', title: 'Leak, the pause fails' };

function scenario(extra: Partial<Scenario> = {}): Scenario {
  return ScenarioFile.parse({ id: 'leak-fails', title: 'Leak', playbook: 'data-leakage', incident: { title: 'Leak', service: 'assistant-eu' }, ...extra });
}

/** A data-leakage drill playing `sc`, alice its commander, the pause approved. */
function drillWith(sc: Scenario): Given {
  return Given.opened('data-leakage', { open: { drill: DRILL, scenarioContent: sc } }).given(
    ['alice', { kind: 'assign', role: 'commander', person: 'alice' }],
    ['alice', { kind: 'approve', step: 'pause' }],
  );
}

const begin = (retry = false) => ({ kind: 'hook-begin' as const, step: 'pause', ...RESOLVED, simulated: true, retry });

describe('a drill hook the scenario makes fail', () => {
  it('given fail: {hook, exit: 1}, when the pause fires, then it starts and fails (nothing ran), the step stays open, and a retry goes through', () => {
    const g = drillWith(scenario({ fail: { hook: 'pause-feature', exit: 1 } }));
    const { appended } = g.run('alice', begin());
    expect(typesAndPayloads(appended)).toEqual([
      ['hook.started', { run: 'run-1', hook: 'pause-feature', step: 'pause', argv: RESOLVED.argv, env: RESOLVED.env, cwd: '/srv/ops', retry: false, simulated: true }],
      ['hook.finished', { run: 'run-1', hook: 'pause-feature', step: 'pause', ok: false, exitCode: 1, signal: null, timedOut: false, durationMs: 0, stdout: '', stderr: '', stdoutCut: 0, stderrCut: 0, error: 'drill: the scenario makes pause-feature fail with exit 1; nothing ran' }],
    ]);
    expect(g.state.steps.find((s) => s.id === 'pause')!.status).not.toBe('done');
    // Without retry it is once per approval, as for a real failure; the retry is simulated and completes the step
    expect(g.when('alice', begin())).toMatchObject({ ok: false, rule: 'hook.once-per-approval' });
    expect(typesAndPayloads(g.run('alice', begin(true)).appended).map(([t]) => t)).toEqual(['hook.simulated', 'step.completed']);
  });

  it('given timeout: true and times: 2, when fired twice, then both runs time out and the third goes through', () => {
    const g = drillWith(scenario({ fail: [{ hook: 'pause-feature', timeout: true, times: 2 }] }));
    const first = g.run('alice', begin()).appended.at(-1)!;
    expect(first.payload).toMatchObject({ ok: false, timedOut: true, exitCode: null, signal: 'SIGTERM', error: 'drill: the scenario makes pause-feature time out; nothing ran' });
    expect(g.run('alice', begin(true)).appended.map((e) => e.type)).toEqual(['hook.started', 'hook.finished']);
    expect(g.run('alice', begin(true)).appended.map((e) => e.type)).toEqual(['hook.simulated', 'step.completed']);
  });

  it('given an inject that makes the hook fail, when the pause fires before it, then it is simulated; after it, the hook fails', () => {
    const inject: Inject = { id: 'flag-api-down', at: '3m', kind: 'message', from: 'platform', summary: 'feature-flag API returns 503', fail: { hook: 'pause-feature' } };
    const early = drillWith(scenario({ injects: [inject] }));
    expect(early.run('alice', begin()).appended.map((e) => e.type)).toEqual(['hook.simulated', 'step.completed']);

    const late = drillWith(scenario({ injects: [inject] }));
    const delivered = late.run('alice', { kind: 'drill-deliver', injects: [{ key: 'flag-api-down', inject }] }).appended;
    expect(delivered[0]!.payload).toMatchObject({ inject: 'flag-api-down', fail: { hook: 'pause-feature' } });
    expect(late.run('alice', begin()).appended.at(-1)!.payload).toMatchObject({ ok: false, exitCode: 1 });
  });

  it('given a failure for another hook, when the pause is simulated, then nothing fails', () => {
    const g = drillWith(scenario({ fail: { hook: 'resume-feature', exit: 2 } }));
    expect(g.run('alice', begin()).appended.map((e) => e.type)).toEqual(['hook.simulated', 'step.completed']);
  });

  it('refuses a failure that both exits and times out, and an exit code out of range', () => {
    expect(() => scenario({ fail: { hook: 'pause-feature', exit: 1, timeout: true } })).toThrow(/exit or times out, not both/);
    expect(() => scenario({ fail: { hook: 'pause-feature', exit: 0 } })).toThrow();
  });
});
