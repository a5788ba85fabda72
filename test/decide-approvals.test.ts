import { describe, expect, it } from 'vitest';
import { failureText, Given, typesAndPayloads } from './decide-harness.js';

/** policy-violation: rollback needs commander and reviewer, two different people. */
function team(): Given {
  return Given.opened('policy-violation').given(
    ['alice', { kind: 'assign', role: 'reviewer', person: 'bob' }],
    ['alice', { kind: 'assign', role: 'model_owner', person: 'carol' }],
  );
}

describe('approve', () => {
  it('given nothing requested, when bob approves rollback, then the request and his grant are logged with the pin and context', () => {
    const g = team();
    const { decision, appended } = g.run('bob', { kind: 'approve', step: 'rollback', note: 'seen it', argv: ['x', 'rollback'] });
    expect(decision).toMatchObject({ ok: true, role: 'reviewer' });
    expect(typesAndPayloads(appended)).toEqual([
      ['approval.requested', { step: 'rollback', hook: 'rollback-prompt', roles: ['commander', 'reviewer'] }],
      ['approval.granted', { step: 'rollback', hook: 'rollback-prompt', playbook: g.state.playbook, context: {}, argv: ['x', 'rollback'], note: 'seen it', role: 'reviewer' }],
    ]);
  });

  it('given alice holds both roles and approved once, when she approves again, then the two-person rule refuses', () => {
    const g = Given.opened('policy-violation').given(['alice', { kind: 'assign', role: 'reviewer', person: 'alice' }], ['alice', { kind: 'approve', step: 'rollback' }]);
    const d = g.when('alice', { kind: 'approve', step: 'rollback' });
    expect(d).toMatchObject({ kind: 'refused', rule: 'approval.two-person', args: { step: 'rollback' } });
    expect(failureText(d).message).toBe('alice already approved rollback as commander; two-person rule: the reviewer approval must come from someone else');
  });

  it('given a role that is not missing, when carol approves, then approval.role names the missing roles and their holders', () => {
    const d = team().when('carol', { kind: 'approve', step: 'rollback' });
    expect(failureText(d).message).toBe('approving rollback needs commander or reviewer (commander: alice, reviewer: bob); carol holds model_owner');
  });

  it('given an override, when the commander gives a reason, then it is granted with what was missing; others and empty reasons are not', () => {
    const g = team();
    expect(failureText(g.when('bob', { kind: 'approve', step: 'rollback', override: 'hurry' })).message).toBe('only the commander may override approvals (commander: alice)');
    expect(failureText(g.when('alice', { kind: 'approve', step: 'rollback', override: ' ' })).message).toBe('an override needs --reason');
    const { appended } = g.run('alice', { kind: 'approve', step: 'rollback', override: 'reviewer unreachable' });
    expect(appended.at(-1)).toMatchObject({ type: 'approval.granted', role: 'commander', payload: { role: 'commander', override: { reason: 'reviewer unreachable', missing: ['commander', 'reviewer'] } } });
    expect(failureText(g.when('alice', { kind: 'approve', step: 'rollback', override: 'again' })).message).toBe('step rollback is already fully approved; nothing to override');
    expect(failureText(g.when('bob', { kind: 'approve', step: 'rollback' })).message).toBe('step rollback is already fully approved');
  });

  it('given steps that cannot be approved, when approved, then each is invalid with today\'s words', () => {
    const g = team();
    expect(failureText(g.when('alice', { kind: 'approve', step: 'triage' })).message).toBe('step triage needs no approval');
    expect(failureText(g.when('alice', { kind: 'approve', step: 'hook:pause-feature' }))).toEqual({
      message: 'nothing was requested for hook:pause-feature',
      hint: 'aiops hook run INC-2026-0001 pause-feature --param k=v asks for approval of the exact command',
    });
    expect(failureText(g.when('alice', { kind: 'approve', step: 'nope' })).message).toBe(`no step "nope" in policy-violation@${g.state.playbook.version}`);
  });
});

describe('deny and request', () => {
  it('given a deny, when approving or firing, then both are refused until the step is requested again', () => {
    const g = team();
    expect(failureText(g.when('bob', { kind: 'deny', step: 'rollback', reason: ' ' })).message).toBe('a deny needs --reason');
    expect(typesAndPayloads(g.run('bob', { kind: 'deny', step: 'rollback', reason: 'wrong version' }).appended)).toEqual([
      ['approval.denied', { step: 'rollback', hook: 'rollback-prompt', role: 'reviewer', reason: 'wrong version' }],
    ]);
    expect(failureText(g.when('alice', { kind: 'approve', step: 'rollback' })).message).toBe(
      'step rollback was denied by bob: wrong version; re-request it first (aiops incident request INC-2026-0001 rollback)',
    );
    expect(failureText(g.when('carol', { kind: 'fire', step: 'rollback' })).message).toBe('step rollback was denied by bob: wrong version');
    expect(typesAndPayloads(g.run('carol', { kind: 'request', step: 'rollback' }).appended)).toEqual([
      ['approval.requested', { step: 'rollback', hook: 'rollback-prompt', roles: ['commander', 'reviewer'] }],
    ]);
    expect(g.when('alice', { kind: 'approve', step: 'rollback' }).ok).toBe(true);
  });

  it('given dan holds no role, when he denies, then approval.role lists who may deny', () => {
    const d = team().when('dan', { kind: 'deny', step: 'rollback', reason: 'no' });
    expect(failureText(d).message).toBe('denying rollback needs one of commander, reviewer; dan holds no role');
  });
});

describe('request-hook: a hook run outside the playbook', () => {
  it('given a defined hook, when a responder asks to run it, then a round opens with its floor and the literal params', () => {
    const g = team();
    const { appended } = g.run('carol', { kind: 'request', step: 'hook:pause-feature', params: { tenant: 'acme' }, argv: ['flag', 'disable'] });
    expect(appended.map((e) => [e.type, e.role, e.payload])).toEqual([
      ['approval.requested', 'model_owner', { step: 'hook:pause-feature', hook: 'pause-feature', roles: ['commander'], argv: ['flag', 'disable'], params: { tenant: 'acme' } }],
    ]);
  });

  it('given an unknown hook or an actor with no role, when asked, then the hint lists the hooks or the refusal says only responders may', () => {
    const g = team();
    expect(failureText(g.when('alice', { kind: 'request', step: 'hook:nope' }))).toMatchObject({ message: 'hook "nope" is not defined in aiops.yaml', hint: expect.stringMatching(/^hooks: pause-feature, resume-feature/) });
    expect(failureText(g.when('dan', { kind: 'request', step: 'hook:pause-feature' })).message).toBe('dan holds no role in INC-2026-0001; only responders may ask to run hooks');
  });

  it('given an undo of a run, when the run did not succeed or the hook is not its undo, then it is invalid', () => {
    const g = Given.opened('data-leakage').given(
      ['alice', { kind: 'approve', step: 'pause' }],
      ['alice', { kind: 'hook-begin', step: 'pause', argv: ['x'], command: ['x'], env: [], cwd: '/', simulated: false }],
      ['alice', { kind: 'hook-finish', run: 'run-1', outcome: { ok: false, exitCode: 1, signal: null, timedOut: false, durationMs: 1, stdout: '', stderr: '', stdoutCut: 0, stderrCut: 0 } }],
    );
    expect(failureText(g.when('alice', { kind: 'request', step: 'hook:resume-feature', undoOf: 'run-1' })).message).toBe('run run-1 (pause-feature) did not succeed; there is nothing to undo');
    expect(failureText(g.when('alice', { kind: 'request', step: 'hook:resume-feature', undoOf: 'run-7' })).message).toBe('no hook run "run-7" in INC-2026-0001');
    g.given(
      ['alice', { kind: 'hook-begin', step: 'pause', argv: ['x'], command: ['x'], env: [], cwd: '/', simulated: false, retry: true }],
      ['alice', { kind: 'hook-finish', run: 'run-2', outcome: { ok: true, exitCode: 0, signal: null, timedOut: false, durationMs: 1, stdout: '', stderr: '', stdoutCut: 0, stderrCut: 0 } }],
    );
    expect(failureText(g.when('alice', { kind: 'request', step: 'hook:rollback-model', undoOf: 'run-2' })).message).toBe('hook pause-feature has undo resume-feature in aiops.yaml, not rollback-model');
    const undo = g.when('alice', { kind: 'request', step: 'hook:resume-feature', undoOf: 'run-2', params: { tenant: 'acme' } });
    expect(undo.ok && undo.events[0]!.payload).toEqual({ step: 'hook:resume-feature', hook: 'resume-feature', roles: ['commander'], params: { tenant: 'acme' }, undoOf: 'run-2' });
  });
});
