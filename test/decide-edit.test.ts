import { describe, expect, it } from 'vitest';
import { editValueProblem } from '../src/core/incident/decide/edit.js';
import { summarizeLog } from '../src/core/incident/summary-row.js';
import { failureText, Given, typesAndPayloads } from './decide-harness.js';

const opened = () => Given.opened('data-leakage', { open: { title: 'Leak\u0000 at acme', service: 'acme' } });

describe('decide edit: title and service, by the commander, with a reason', () => {
  it('records only what changes, with the values it replaces; state and the summary row follow', () => {
    // Given an incident titled with a NUL
    const g = opened();
    // When the commander gives the same service and a new title
    const { decision } = g.run('alice', { kind: 'edit', title: 'Leak at acme', service: 'acme', reason: 'NUL in the title' });
    // Then only the title is recorded as changed, with the old one
    expect(decision.ok && typesAndPayloads(decision.events)).toEqual([['incident.edited', { title: 'Leak at acme', previous: { title: 'Leak\u0000 at acme' }, reason: 'NUL in the title' }]]);
    expect(g.state).toMatchObject({ title: 'Leak at acme', service: 'acme' });
    expect(summarizeLog(g.log).get(g.state.id)!.row).toMatchObject({ title: 'Leak at acme', service: 'acme' });
  });

  it('refuses anyone but the commander, logged as edit.commander', () => {
    // Given bob holds a role, but not commander
    const g = opened().given(['alice', { kind: 'assign', role: 'reviewer', person: 'bob' }]);
    // When he changes the service, then he is refused and the refusal is logged
    const refused = g.run('bob', { kind: 'edit', service: 'acme-eu', reason: 'wrong region' });
    expect(refused.decision).toMatchObject({ ok: false, kind: 'refused', rule: 'edit.commander' });
    expect(failureText(refused.decision).message).toBe('only the commander may change the title or service (commander: alice)');
    expect(refused.appended.map((e) => e.type)).toEqual(['policy.refused']);
    expect(g.state.service).toBe('acme');
  });

  it('takes no empty reason, no change, and no value a terminal or program would act on', () => {
    const g = opened();
    const code = (cmd: Parameters<Given['when']>[1]) => {
      const d = g.when('alice', cmd);
      return d.ok ? 'accepted' : d.kind === 'invalid' ? d.code : d.rule;
    };
    expect(code({ kind: 'edit', title: 'x', reason: '  ' })).toBe('edit.reason-missing');
    expect(code({ kind: 'edit', reason: 'why' })).toBe('edit.unchanged');
    expect(code({ kind: 'edit', service: 'acme', reason: 'why' })).toBe('edit.unchanged');
    expect(code({ kind: 'edit', title: 'a\tb', reason: 'why' })).toBe('edit.value-invalid');
    for (const bad of ['a\u0000b', 'a\nb', 'a\u001b[2Jb', 'a\u009bb', 'a\u202eb', 'a\u2028b', 'a\u007fb']) expect(editValueProblem(bad), JSON.stringify(bad)).toBe('controls');
    expect(editValueProblem('  ')).toBe('empty');
    expect(editValueProblem('Fuite de données — acme 🚨')).toBeNull();
  });
});
