import { describe, expect, it } from 'vitest';
import { failureText, Given, typesAndPayloads } from './decide-harness.js';

describe('step', () => {
  it('given the commander, when she marks a check done with a note, then step.completed, and the system asks for the next step\'s approval', () => {
    const g = Given.opened('data-leakage');
    const { decision, appended } = g.run('alice', { kind: 'step', step: 'assign-roles', action: 'done', note: 'all four named' });
    expect(decision).toMatchObject({ ok: true, role: 'commander' });
    expect(appended.map((e) => [e.type, e.actor, e.payload])).toEqual([
      ['step.completed', 'alice', { step: 'assign-roles', note: 'all four named' }],
      ['approval.requested', 'system', { step: 'pause', hook: 'pause-feature', roles: ['commander'] }],
    ]);
    expect(failureText(g.when('alice', { kind: 'step', step: 'assign-roles', action: 'done' })).message).toBe('step assign-roles was already done by alice at 2026-03-01 02:00:00 UTC');
  });

  it('given a decision step, when chosen, then its option and goto are logged; a wrong option or --done is invalid', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'assign', role: 'reviewer', person: 'bob' }]);
    expect(failureText(g.when('bob', { kind: 'step', step: 'leaked', action: 'choose', option: 'maybe' })).message).toBe('step leaked has no option "maybe"; options: yes, no');
    expect(failureText(g.when('bob', { kind: 'step', step: 'leaked', action: 'done' })).message).toBe('step leaked is a decision: choose with --choose (yes, no)');
    expect(failureText(g.when('alice', { kind: 'step', step: 'assign-roles', action: 'choose', option: 'yes' })).message).toBe('step assign-roles is a check, not a decision; use --done');
    const { appended } = g.run('bob', { kind: 'step', step: 'leaked', action: 'choose', option: 'yes' });
    expect(typesAndPayloads(appended)).toEqual([['step.completed', { step: 'leaked', option: 'yes', goto: 'preserve-evidence' }]]);
  });

  it('given a skip, when it has a reason, then step.skipped; without one it is invalid', () => {
    const g = Given.opened('data-leakage');
    expect(failureText(g.when('alice', { kind: 'step', step: 'page-reviewer', action: 'skip', reason: ' ' })).message).toBe('skipping a step needs a reason (--skip "why")');
    expect(typesAndPayloads(g.run('alice', { kind: 'step', step: 'page-reviewer', action: 'skip', reason: 'bob is here' }).appended)).toEqual([['step.skipped', { step: 'page-reviewer', reason: 'bob is here' }]]);
  });

  it('given a step of someone else, when dan marks it, then step.owner names the holders', () => {
    const d = Given.opened('data-leakage').when('dan', { kind: 'step', step: 'leaked', action: 'choose', option: 'yes' });
    expect(d).toMatchObject({ kind: 'refused', rule: 'step.owner', command: 'step' });
    expect(failureText(d).message).toBe('step leaked belongs to reviewer (reviewer: unassigned, commander: alice); dan holds no role');
  });

  it('given an unknown step, when marked, then the hint lists the steps', () => {
    const d = Given.opened('policy-violation').when('alice', { kind: 'step', step: 'nope', action: 'done' });
    expect(failureText(d)).toEqual({
      message: `no step "nope" in policy-violation@${Given.opened('policy-violation').state.playbook.version}`,
      hint: 'steps: assign-roles, page-reviewer, triage, reproducible, rollback, monitor, preserve-evidence, update, close-out',
    });
  });

  it('given a hook step, when marked done by hand, then it says the hook completes it and how', () => {
    const d = Given.opened('data-leakage').when('alice', { kind: 'step', step: 'pause', action: 'done' });
    expect(failureText(d)).toEqual({ message: 'step pause completes when hook pause-feature succeeds', hint: 'aiops incident step INC-2026-0001 pause --done runs it once approvals are in' });
  });

  it('given a failed run, when recorded done by hand, then the event marks it by hand; before approval or without a note it is not', () => {
    const g = Given.opened('data-leakage');
    const record = { kind: 'step' as const, step: 'pause', action: 'done' as const, record: true, note: 'flipped the flag by hand' };
    expect(failureText(g.when('alice', record)).message).toBe('step pause still needs approval from commander');
    g.given(['alice', { kind: 'approve', step: 'pause' }]);
    expect(failureText(g.when('alice', record)).message).toBe('--record is for a hook that failed or whose outcome is unknown; step pause has no run yet');
    expect(failureText(g.when('alice', { ...record, note: '' })).message).toBe('recording a step done by hand needs --note saying what was done');
    g.given(['alice', { kind: 'hook-begin', step: 'pause', argv: ['x'], command: ['x'], env: [], cwd: '/', simulated: false }]);
    const { decision, appended } = g.run('alice', record);
    expect(decision).toMatchObject({ ok: true, warnings: ['recorded pause as done by hand; hook pause-feature did not succeed'] });
    expect(typesAndPayloads(appended)).toEqual([['step.completed', { step: 'pause', note: 'flipped the flag by hand', byHand: { hook: 'pause-feature', run: 'run-1' } }]]);
  });
});
