import { describe, expect, it } from 'vitest';
import type { HookOutcomeFields } from '../src/core/events.js';
import { findStep } from '../src/core/decide.js';
import { failureText, Given } from './decide-harness.js';

const OK: HookOutcomeFields = { ok: true, exitCode: 0, signal: null, timedOut: false, durationMs: 12, stdout: 'paused', stderr: '', stdoutCut: 0, stderrCut: 0 };
const RESOLVED = { argv: ['./fixtures/hooks/feature-flag.sh', 'disable'], command: ['./fixtures/hooks/feature-flag.sh', 'disable'], env: ['AIOPS_STATE_DIR'], cwd: '/srv/ops' };

/** data-leakage with pause approved by the commander and its hook started, no outcome yet. */
function running(): Given {
  return Given.opened('data-leakage').given(['alice', { kind: 'approve', step: 'pause' }], ['alice', { kind: 'hook-begin', step: 'pause', ...RESOLVED, simulated: false }]);
}

describe('hook record needs a role', () => {
  it('given a run with no outcome, when someone with no part in the step records it, then it is refused and logged', () => {
    const d = running().when('mallory', { kind: 'record-outcome', run: 'run-1', ok: false, note: 'looked' });
    expect(d).toMatchObject({ ok: false, kind: 'refused', rule: 'record.role' });
    expect(failureText(d).message).toBe('recording the outcome of run-1 (hook pause-feature) needs the step owner (commander), an approver of it or the commander; mallory is none of them');
  });

  it('given a run with no outcome, when the commander records it, then it is accepted', () => {
    expect(running().when('alice', { kind: 'record-outcome', run: 'run-1', ok: false, note: 'flag still on' }).ok).toBe(true);
  });
});

describe('a late hook.finished after a recorded outcome', () => {
  it('is kept as its own fact: the recorded outcome stands and the step does not complete from it', () => {
    // Given the commander recorded run-1 as failed
    const g = running().given(['alice', { kind: 'record-outcome', run: 'run-1', ok: false, note: 'flag still on' }]);
    // When the first run's hook.finished (ok) comes late
    const { appended } = g.run('alice', { kind: 'hook-finish', run: 'run-1', outcome: OK });
    // Then it is logged alone, the run keeps the recorded failure with the late report beside it
    expect(appended.map((e) => e.type)).toEqual(['hook.finished']);
    const run = g.state!.runs.find((r) => r.run === 'run-1')!;
    expect(run.finished).toMatchObject({ ok: false, recorded: true, error: 'flag still on' });
    expect(run.late).toMatchObject({ ok: true, exitCode: 0, stdout: 'paused' });
    expect(findStep(g.state!, 'pause')!.status).toBe('pending');
  });
});
