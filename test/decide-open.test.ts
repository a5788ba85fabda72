import { describe, expect, it } from 'vitest';
import { decide, defaultIncidentTitle } from '../src/core/decide.js';
import { oncallGapWarning } from '../src/app/present-failure.js';
import { Given, openCommand, T0 } from './decide-harness.js';
import { shippedPlaybook } from './helpers/engine.js';

describe('open: decided on no state', () => {
  it('given no incident, when alice opens data-leakage, then incident.opened pins the playbook and alice holds commander', () => {
    // Given no incident yet
    const g = new Given();
    const lp = shippedPlaybook('data-leakage');
    // When alice opens one with a service and context
    const d = g.when('alice', openCommand('data-leakage', { service: 'assistant-eu', context: { model: 'm1' } }), null);
    // Then the opening event carries exactly what start-incident logged, and commander goes to the starter
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.role).toBe('commander');
    expect(d.warnings).toEqual([]);
    expect(d.oncallGaps).toEqual([]);
    const [opened, starter, ...rest] = d.events;
    expect(opened).toEqual({
      type: 'incident.opened',
      incidentId: 'INC-2026-0001',
      ts: T0,
      actor: 'alice',
      role: 'commander',
      payload: {
        title: 'data leakage on assistant-eu',
        service: 'assistant-eu',
        severity: 'SEV1',
        trigger: 'data_leakage',
        playbook: { id: 'data-leakage', version: lp.playbook.version, sha256: lp.sha256 },
        playbookContent: lp.playbook,
        approvals: { pause: ['commander'] },
        authority: { severity: ['commander'], status: ['commander'], close: ['commander'], assign: ['commander'] },
        context: { model: 'm1' },
        selection: { reason: 'test' },
      },
    });
    expect(starter).toEqual({
      type: 'role.assigned',
      incidentId: 'INC-2026-0001',
      ts: T0,
      actor: 'alice',
      role: 'commander',
      payload: { role: 'commander', person: 'alice', previous: null, handoff: false, source: 'starter' },
    });
    // and the follow-ups are the system's: nothing is overdue at T+0, the first step needs no approval
    expect(rest).toEqual([]);
  });

  it('given an alert with a title and service, when opened without them typed, then the alert gives them; without either, a default title', () => {
    const alert = { format: 'alertmanager' as const, attachment: { sha256: 'a'.repeat(64), name: 'alert-alertmanager.json', size: 10 }, title: 'PII detector fired', service: 'billing' };
    const g = new Given();
    const fromAlert = g.when('alice', openCommand('data-leakage', { alert }), null);
    expect(fromAlert.ok && fromAlert.events[0]!.payload).toMatchObject({ title: 'PII detector fired', service: 'billing', alert: { format: 'alertmanager', attachment: alert.attachment } });
    // the default title names only a service that was typed, as start-incident did
    const untitled = g.when('alice', openCommand('data-leakage', { alert: { ...alert, title: null } }), null);
    expect(untitled.ok && untitled.events[0]!.payload).toMatchObject({ title: 'data leakage', service: 'billing' });
    expect(defaultIncidentTitle(null, 'output-spike', undefined)).toBe('output-spike');
  });

  it('given a starter not in the roster, when they open, then the assignment carries the warning and the decision says who holds commander', () => {
    const d = new Given().when('zed', openCommand('data-leakage'), null);
    expect(d.ok && d.warnings).toEqual(['zed is not in the roster; zed holds commander until someone else is assigned']);
    expect(d.ok && d.events[1]!.payload).toMatchObject({ person: 'zed', warning: 'zed is not in the roster' });
  });

  it('given on-call assignment, when dan opens, then each role goes to its primary from the system, commander to alice with dan as previous', () => {
    const d = new Given().when('dan', openCommand('data-leakage', { assignOncall: true }), null);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const oncall = d.events.filter((e) => e.type === 'role.assigned' && e.actor === 'system');
    expect(oncall.map((e) => [e.role, e.payload])).toEqual([
      ['commander', { role: 'commander', person: 'alice', previous: 'dan', handoff: false, source: 'oncall' }],
      ['model_owner', { role: 'model_owner', person: 'carol', previous: null, handoff: false, source: 'oncall' }],
      ['reviewer', { role: 'reviewer', person: 'bob', previous: null, handoff: false, source: 'oncall' }],
      ['communicator', { role: 'communicator', person: 'dan', previous: null, handoff: false, source: 'oncall' }],
    ]);
    expect(d.oncallGaps).toEqual([]);
  });

  it('given a roster without on-call for some roles, when opened with on-call assignment, then those roles come back as gaps the app phrases', () => {
    const g = new Given();
    const roster = { ...g.project.roster, oncall: { commander: ['alice'] } };
    const d = decide(null, openCommand('data-leakage', { assignOncall: true }), { ...g.ctx('alice'), roster });
    expect(d.ok && d.oncallGaps).toEqual(['model_owner', 'reviewer', 'communicator']);
    // alice is the on-call commander herself: no second assignment
    expect(d.ok && d.events.filter((e) => e.type === 'role.assigned')).toHaveLength(1);
    expect(oncallGapWarning('reviewer')).toBe('no on-call reviewer in the roster; assign one with aiops incident assign');
  });

  it('given an incident already open, when open is decided on its state, then it is invalid; any other command on no state is invalid too', () => {
    const g = Given.opened('data-leakage');
    expect(g.when('alice', openCommand('data-leakage'))).toMatchObject({ ok: false, kind: 'invalid', code: 'incident.exists', data: { incident: 'INC-2026-0001' } });
    expect(g.when('alice', { kind: 'tick' }, null)).toMatchObject({ ok: false, kind: 'invalid', code: 'incident.missing' });
  });
});
