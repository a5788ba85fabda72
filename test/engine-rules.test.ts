import { describe, expect, it } from 'vitest';
import { AppIncident, type Outcome } from './helpers/app-incident.js';
import { shippedPlaybook } from './helpers/engine.js';

const MIN = 60_000;

function refusedRule(d: Outcome): string | null {
  return !d.ok && d.kind === 'refused' ? d.rule : null;
}

/** policy-violation: rollback needs commander + reviewer (two people). */
async function policyIncident() {
  const inc = await AppIncident.start(shippedPlaybook('policy-violation'), { context: { model: 'gpt-x-2026-01', prompt: 'v41' } });
  await inc.run('alice', { kind: 'assign', role: 'reviewer', person: 'bob' });
  await inc.run('alice', { kind: 'assign', role: 'model_owner', person: 'carol' });
  await inc.run('alice', { kind: 'assign', role: 'communicator', person: 'dan' });
  return inc;
}

describe('the two-person rule', () => {
  it('refuses a second approval by the same person even when they hold both roles, and logs the refusal', async () => {
    // Given alice holds commander and (by assignment) reviewer too
    const inc = await AppIncident.start(shippedPlaybook('policy-violation'));
    await inc.run('alice', { kind: 'assign', role: 'reviewer', person: 'alice' });
    expect((await inc.run('alice', { kind: 'approve', step: 'rollback' })).decision.ok).toBe(true);
    // When she approves again
    const { decision, appended } = await inc.run('alice', { kind: 'approve', step: 'rollback' });
    // Then it is refused by the two-person rule, and only the refusal is logged
    expect(refusedRule(decision)).toBe('approval.two-person');
    expect(appended.map((e) => e.type)).toEqual(['policy.refused']);
    expect(appended[0]!.payload).toMatchObject({ rule: 'approval.two-person', command: 'approve', args: { step: 'rollback' } });
    const state = await inc.state();
    expect(state.steps.find((s) => s.id === 'rollback')!.approvals).toHaveLength(1);
    expect(state.refusals).toBe(1);
  });

  it('records who, role, step, hook, argv, pin, context, note and time on each approval', async () => {
    const inc = await policyIncident();
    inc.clock.advance(7 * MIN);
    const { appended } = await inc.run('bob', { kind: 'approve', step: 'rollback', note: 'reproduced twice', argv: ['/x/model-rollback.sh', 'rollback'] });
    const granted = appended.find((e) => e.type === 'approval.granted')!;
    expect(granted).toMatchObject({
      actor: 'bob',
      role: 'reviewer',
      ts: '2026-03-01T02:07:00.000Z',
      payload: {
        step: 'rollback',
        hook: 'rollback-prompt',
        role: 'reviewer',
        argv: ['/x/model-rollback.sh', 'rollback'],
        playbook: (await inc.state()).playbook,
        context: { model: 'gpt-x-2026-01', prompt: 'v41' },
        note: 'reproduced twice',
      },
    });
    // a role that is not missing any more cannot approve; the missing one can
    expect(refusedRule((await inc.run('carol', { kind: 'approve', step: 'rollback' })).decision)).toBe('approval.role');
    expect((await inc.run('alice', { kind: 'approve', step: 'rollback' })).decision.ok).toBe(true);
    expect((await inc.run('alice', { kind: 'approve', step: 'rollback' })).decision).toMatchObject({ ok: false, kind: 'invalid' });
  });

  it('a deny blocks approving and firing until the step is requested again, which starts a fresh round', async () => {
    const inc = await policyIncident();
    await inc.run('bob', { kind: 'approve', step: 'rollback' });
    await inc.run('alice', { kind: 'deny', step: 'rollback', reason: 'wrong version' });
    expect(refusedRule((await inc.run('alice', { kind: 'approve', step: 'rollback' })).decision)).toBe('approval.denied');
    expect(refusedRule((await inc.run('carol', { kind: 'fire', step: 'rollback' })).decision)).toBe('approval.denied');
    expect((await inc.run('carol', { kind: 'request', step: 'rollback' })).decision.ok).toBe(true);
    const st = (await inc.state()).steps.find((s) => s.id === 'rollback')!;
    expect(st.denied).toBeNull();
    expect(st.approvals).toEqual([]);
    // bob may approve again in the new round
    expect((await inc.run('bob', { kind: 'approve', step: 'rollback' })).decision.ok).toBe(true);
  });

  it('break-glass: only the commander overrides, with a reason; the override is logged and counted', async () => {
    const inc = await policyIncident();
    expect(refusedRule((await inc.run('bob', { kind: 'approve', step: 'rollback', override: 'in a hurry' })).decision)).toBe('override.commander');
    expect((await inc.run('alice', { kind: 'approve', step: 'rollback', override: '  ' })).decision).toMatchObject({ ok: false, kind: 'invalid' });
    const { appended } = await inc.run('alice', { kind: 'approve', step: 'rollback', override: 'reviewer unreachable, data still leaking' });
    expect(appended.at(-1)!.payload).toMatchObject({ override: { reason: 'reviewer unreachable, data still leaking', missing: ['commander', 'reviewer'] } });
    expect((await inc.state()).overrides).toBe(1);
    expect((await inc.run('carol', { kind: 'fire', step: 'rollback' })).decision.ok).toBe(true);
  });

  it('firing before every approval is in is refused with the missing roles', async () => {
    const inc = await policyIncident();
    await inc.run('bob', { kind: 'approve', step: 'rollback' });
    const d = (await inc.run('carol', { kind: 'fire', step: 'rollback' })).decision;
    expect(refusedRule(d)).toBe('approval.missing');
    expect(!d.ok && d.message).toContain('needs approval from commander');
  });
});

describe('roles and authority', () => {
  it('warns, not refuses, when the person lacks the role; a non-commander cannot assign', async () => {
    const inc = await AppIncident.start(shippedPlaybook('data-leakage'));
    const d = (await inc.run('alice', { kind: 'assign', role: 'reviewer', person: 'dan' })).decision;
    expect(d.ok && d.warnings[0]).toContain('dan does not have the reviewer role');
    expect((await inc.state()).roles.reviewer!.person).toBe('dan');
    expect(refusedRule((await inc.run('dan', { kind: 'assign', role: 'model_owner', person: 'carol' })).decision)).toBe('authority.assign');
  });

  it('a handoff records the old holder; the holder may hand their own role on', async () => {
    const inc = await AppIncident.start(shippedPlaybook('data-leakage'));
    await inc.run('alice', { kind: 'assign', role: 'reviewer', person: 'bob' });
    inc.clock.advance(30 * MIN);
    const { appended } = await inc.run('bob', { kind: 'assign', role: 'reviewer', person: 'erin', handoff: true });
    expect(appended[0]).toMatchObject({ type: 'role.assigned', actor: 'bob', role: 'reviewer', payload: { previous: 'bob', handoff: true, person: 'erin' } });
    expect((await inc.state()).roleHistory.filter((h) => h.role === 'reviewer')).toEqual([
      { role: 'reviewer', person: 'bob', from: '2026-03-01T02:00:00.000Z', to: '2026-03-01T02:30:00.000Z', handoff: false },
      { role: 'reviewer', person: 'erin', from: '2026-03-01T02:30:00.000Z', to: null, handoff: true },
    ]);
    // bob no longer holds it, so he cannot hand it on again
    expect(refusedRule((await inc.run('bob', { kind: 'assign', role: 'reviewer', person: 'carol', handoff: true })).decision)).toBe('authority.assign');
  });

  it('severity changes need the commander and a reason', async () => {
    const inc = await policyIncident();
    expect(refusedRule((await inc.run('bob', { kind: 'severity', to: 'SEV1', reason: 'spreading' })).decision)).toBe('authority.severity');
    expect((await inc.run('alice', { kind: 'severity', to: 'SEV1', reason: '' })).decision).toMatchObject({ ok: false, kind: 'invalid' });
    expect((await inc.run('alice', { kind: 'severity', to: 'SEV1', reason: 'spreading' })).decision.ok).toBe(true);
    expect((await inc.state()).severityHistory.map((h) => h.to)).toEqual(['SEV2', 'SEV1']);
  });
});

describe('steps and status', () => {
  it('a decision follows its goto; the steps it jumps over are bypassed', async () => {
    const inc = await policyIncident();
    for (const s of ['assign-roles', 'page-reviewer']) await inc.run('alice', { kind: 'step', step: s, action: 'done' });
    await inc.run('bob', { kind: 'step', step: 'triage', action: 'done' });
    await inc.run('bob', { kind: 'step', step: 'reproducible', action: 'choose', option: 'adversarial' });
    const state = await inc.state();
    const st = (id: string) => state.steps.find((s) => s.id === id)!.status;
    expect(state.current).toBe('preserve-evidence');
    expect([st('rollback'), st('monitor')]).toEqual(['bypassed', 'bypassed']);
    expect((await inc.run('bob', { kind: 'step', step: 'reproducible', action: 'choose', option: 'reproducible' })).decision).toMatchObject({ ok: false, kind: 'invalid' });
  });

  it('skipping needs a reason; a step belongs to its owner or the commander', async () => {
    const inc = await policyIncident();
    expect((await inc.run('alice', { kind: 'step', step: 'triage', action: 'skip', reason: ' ' })).decision).toMatchObject({ ok: false, kind: 'invalid' });
    expect(refusedRule((await inc.run('dan', { kind: 'step', step: 'triage', action: 'done' })).decision)).toBe('step.owner');
    expect((await inc.run('alice', { kind: 'step', step: 'triage', action: 'skip', reason: 'bob already triaged it in chat' })).decision.ok).toBe(true);
  });

  it('an overdue step is logged once, when the clock first passes its due time', async () => {
    const inc = await policyIncident();
    inc.clock.advance(4 * MIN);
    expect((await inc.run('bob', { kind: 'tick' })).appended).toEqual([]);
    inc.clock.advance(2 * MIN);
    const first = (await inc.run('bob', { kind: 'tick' })).appended;
    expect(first.map((e) => [e.type, e.payload])).toEqual([['step.overdue', { step: 'assign-roles', due: '5m', dueAt: '2026-03-01T02:05:00.000Z' }]]);
    expect((await inc.run('bob', { kind: 'tick' })).appended).toEqual([]);
    inc.clock.advance(365 * 24 * 60 * MIN);
    const later = (await inc.run('bob', { kind: 'note', text: 'a year later' })).appended.filter((e) => e.type === 'step.overdue');
    expect(later.map((e) => (e.payload as { step: string }).step)).toEqual(['page-reviewer', 'triage', 'reproducible', 'rollback', 'preserve-evidence', 'update']);
  });

  it('status goes open → mitigated → resolved → closed; illegal moves are refused, close needs a summary, reopen is an event', async () => {
    const inc = await policyIncident();
    expect(refusedRule((await inc.run('alice', { kind: 'status', to: 'closed', summary: 'x' })).decision)).toBe('status.transition');
    expect(refusedRule((await inc.run('bob', { kind: 'status', to: 'mitigated' })).decision)).toBe('authority.status');
    for (const to of ['mitigated', 'resolved'] as const) expect((await inc.run('alice', { kind: 'status', to })).decision.ok).toBe(true);
    expect((await inc.run('alice', { kind: 'status', to: 'closed' })).decision).toMatchObject({ ok: false, kind: 'invalid' });
    const closed = (await inc.run('alice', { kind: 'status', to: 'closed', summary: 'rolled back prompt v41' })).decision;
    expect(closed.ok && closed.warnings[0]).toMatch(/steps? still pending/);
    expect(refusedRule((await inc.run('alice', { kind: 'severity', to: 'SEV4', reason: 'calm' })).decision)).toBe('incident.closed');
    expect((await inc.run('alice', { kind: 'status', to: 'open' })).decision).toMatchObject({ ok: false, kind: 'invalid' });
    expect((await inc.run('alice', { kind: 'status', to: 'open', reason: 'it came back' })).decision.ok).toBe(true);
    const state = await inc.state();
    expect(state.statusHistory.map((h) => h.to)).toEqual(['open', 'mitigated', 'resolved', 'closed', 'open']);
    expect(state.summary).toBe('rolled back prompt v41');
  });
});

describe('how a step was done goes into its event', () => {
  it('a wait step ended before its time says by how much', async () => {
    // Given output-spike with every step before the 10m watch skipped at once
    const inc = await AppIncident.start(shippedPlaybook('output-spike'));
    for (const step of ['assign-roles', 'triage', 'page-reviewer', 'recent-change', 'rollback']) {
      expect((await inc.run('alice', { kind: 'step', step, action: 'skip', reason: 'test' })).decision.ok, step).toBe(true);
    }
    // When the watch is marked done 3 minutes in
    inc.clock.advance(3 * MIN);
    const { decision, appended } = await inc.run('alice', { kind: 'step', step: 'monitor', action: 'done' });
    // Then the warning and the event both say it ended 7 minutes early
    expect(decision.ok && decision.warnings).toEqual(['wait monitor ended early, 7m00s before its 10m were up']);
    expect(appended.find((e) => e.type === 'step.completed')!.payload).toEqual({ step: 'monitor', endedEarlyBy: '7m00s' });
  });
});
