import { describe, expect, it } from 'vitest';
import { failureText, Given, MIN, typesAndPayloads } from './decide-harness.js';

describe('assign', () => {
  it('given alice commands, when she assigns bob as reviewer, then role.assigned records it as manual', () => {
    const g = Given.opened('data-leakage');
    const { decision, appended } = g.run('alice', { kind: 'assign', role: 'reviewer', person: 'bob' });
    expect(decision).toMatchObject({ ok: true, role: 'commander', warnings: [] });
    expect(typesAndPayloads(appended)).toEqual([['role.assigned', { role: 'reviewer', person: 'bob', previous: null, handoff: false, source: 'manual' }]]);
  });

  it('given bob already holds reviewer, when assigned again, then nothing is logged and a warning says so', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'assign', role: 'reviewer', person: 'bob' }]);
    const { decision, appended } = g.run('alice', { kind: 'assign', role: 'reviewer', person: 'bob' });
    expect(decision).toMatchObject({ ok: true, warnings: ['bob already holds reviewer'] });
    expect(appended).toEqual([]);
  });

  it('given a typo, an unknown role, an unusable name or an unheld handoff, when assigned, then each is invalid with today\'s words', () => {
    const g = Given.opened('data-leakage');
    expect(failureText(g.when('alice', { kind: 'assign', role: 'reviewer', person: 'bbo' }))).toEqual({ message: 'bbo is not in the roster (did you mean "bob"?)', hint: 'people: alice, bob, carol, dan, erin' });
    expect(failureText(g.when('alice', { kind: 'assign', role: 'janitor', person: 'bob' }))).toEqual({ message: 'unknown role "janitor"; roles are commander, model_owner, reviewer, communicator' });
    expect(failureText(g.when('alice', { kind: 'assign', role: 'reviewer', person: '-x' }))).toEqual({ message: '"-x" is not a usable person name', hint: 'use a roster id like alice' });
    expect(failureText(g.when('alice', { kind: 'assign', role: 'reviewer', person: 'bob', handoff: true }))).toEqual({ message: 'reviewer is not held by anyone yet; use assign' });
  });

  it('given dan holds no role, when he assigns, then the refusal names who may and logs policy.refused with no role', () => {
    const g = Given.opened('data-leakage');
    const { decision, appended } = g.run('dan', { kind: 'assign', role: 'reviewer', person: 'bob' });
    expect(decision).toMatchObject({ kind: 'refused', rule: 'authority.assign', command: 'assign', role: null, data: { allowed: ['commander'], verb: 'assign', actor: 'dan', held: [] } });
    const message = 'only commander may assign roles (commander: alice); dan holds no role';
    expect(failureText(decision).message).toBe(message);
    expect(appended.map((e) => [e.type, e.actor, e.role, e.payload])).toEqual([['policy.refused', 'dan', null, { rule: 'authority.assign', command: 'assign', message, args: { role: 'reviewer', person: 'bob' } }]]);
  });
});

describe('note, severity, status, tick', () => {
  it('given an open incident, when the commander notes with context, then note.added carries it; an empty note is invalid; context from someone with no role is refused', () => {
    const g = Given.opened('data-leakage');
    const { appended } = g.run('alice', { kind: 'note', text: 'seen in eu', context: { region: 'eu' } });
    expect(typesAndPayloads(appended)).toEqual([['note.added', { text: 'seen in eu', attachments: [], context: { region: 'eu' } }]]);
    expect(failureText(g.when('bob', { kind: 'note', text: '  ' })).message).toBe('a note needs text or an attachment');
    // Context values feed hook argv: only someone holding a role may set them (issue 17)
    expect(failureText(g.when('bob', { kind: 'note', text: 'x', context: { region: 'us' } })).message).toBe(
      'bob holds no role in INC-2026-0001; context values feed hook commands, so only responders may set them',
    );
  });

  it('given SEV1, when alice lowers it with a reason, then severity.changed; without a reason or unchanged it is invalid', () => {
    const g = Given.opened('data-leakage');
    expect(typesAndPayloads(g.run('alice', { kind: 'severity', to: 'SEV2', reason: 'one tenant' }).appended)).toEqual([['severity.changed', { from: 'SEV1', to: 'SEV2', reason: 'one tenant' }]]);
    expect(failureText(g.when('alice', { kind: 'severity', to: 'SEV3', reason: '' })).message).toBe('changing severity needs --reason');
    expect(failureText(g.when('alice', { kind: 'severity', to: 'SEV2', reason: 'x' })).message).toBe('INC-2026-0001 is already SEV2');
    expect(failureText(g.when('bob', { kind: 'severity', to: 'SEV3', reason: 'x' })).message).toBe('only commander may change severity (commander: alice)');
  });

  it('given an open incident, when it is closed too early or by the wrong person, then the refusals say where it may go and who may', () => {
    const g = Given.opened('data-leakage');
    expect(failureText(g.when('alice', { kind: 'status', to: 'closed', summary: 'x' })).message).toBe('cannot go from open to closed; from open an incident may go to mitigated or resolved or cancelled or duplicate');
    expect(failureText(g.when('bob', { kind: 'status', to: 'mitigated' })).message).toBe('only commander may change status (commander: alice)');
    g.given(['alice', { kind: 'status', to: 'resolved' }]);
    expect(failureText(g.when('alice', { kind: 'status', to: 'closed' })).message).toBe('closing needs a summary (aiops incident close ID --summary "...")');
    expect(failureText(g.when('bob', { kind: 'status', to: 'closed', summary: 'x' })).message).toBe('only commander may close (commander: alice)');
    expect(failureText(g.when('alice', { kind: 'status', to: 'open' })).message).toBe('reopening needs --reason');
  });

  it('given a closed incident, when anything but talk or reopen is asked, then incident.closed refuses with the way to reopen', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'status', to: 'resolved' }], ['alice', { kind: 'status', to: 'closed', summary: 'ok' }]);
    const d = g.when('alice', { kind: 'assign', role: 'reviewer', person: 'bob' });
    expect(d).toMatchObject({ kind: 'refused', rule: 'incident.closed', command: 'assign', args: {} });
    expect(failureText(d).message).toBe('INC-2026-0001 is closed; reopen it first (aiops incident status INC-2026-0001 open --reason ..)');
    expect(g.when('alice', { kind: 'note', text: 'still fine' }).ok).toBe(true);
  });

  it('given the clock passed a due time, when a tick is decided, then the system logs the step overdue once', () => {
    const g = Given.opened('data-leakage');
    g.clock.advance(6 * MIN);
    const { appended } = g.run('bob', { kind: 'tick' });
    expect(appended.map((e) => [e.type, e.actor, e.payload])).toEqual([['step.overdue', 'system', { step: 'assign-roles', due: '5m', dueAt: '2026-03-01T02:05:00.000Z' }]]);
    expect(g.run('bob', { kind: 'tick' }).appended).toEqual([]);
  });
});
