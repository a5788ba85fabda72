import { describe, expect, it } from 'vitest';
import { editValueProblem } from '../src/core/incident/decide/edit.js';
import { summarizeLog } from '../src/core/incident/summary-row.js';
import type { ServiceInventory } from '../src/core/inventory.js';
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

describe('decide edit: the inventory pin belongs to the incident\'s service', () => {
  const svc = (service: string, live: ServiceInventory['live'], previous: ServiceInventory['previous']): [string, ServiceInventory] => [service, { service, live, previous, history: [] }];
  const inventory = new Map([svc('s1', { model: 'm2' }, { model: 'm1' }), svc('real-svc', { model: 'rm2', prompt: 'p4' }, { model: 'rm1' })]);
  const openedOn = (service: string) => Given.opened('output-spike', { open: { title: 'Spike', service, inventory } });

  it('a new service re-pins to that service\'s inventory as it is at the edit, recorded in the edit so the fold gives the same pin', () => {
    // Given an incident opened on s1, pinned to its inventory
    const g = openedOn('s1');
    expect(g.state.inventory).toMatchObject({ service: 's1', live: { model: 'm2' }, previous: { model: 'm1' } });
    // When the commander moves it to real-svc
    const { decision } = g.run('alice', { kind: 'edit', service: 'real-svc', reason: 'alert named the wrong service', inventory });
    // Then the edit carries the new pin and the live versions it replaces, and the state follows it
    expect(decision.ok && typesAndPayloads(decision.events)).toEqual([
      [
        'incident.edited',
        {
          service: 'real-svc',
          previous: { service: 's1', inventory: { model: 'm2' } },
          reason: 'alert named the wrong service',
          inventory: { service: 'real-svc', live: { model: 'rm2', prompt: 'p4' }, previous: { model: 'rm1' }, recent: [] },
        },
      ],
    ]);
    expect(g.state.inventory).toEqual({ service: 'real-svc', live: { model: 'rm2', prompt: 'p4' }, previous: { model: 'rm1' }, recent: [] });
    // And a title alone leaves the pin where it is
    g.run('alice', { kind: 'edit', title: 'Spike on real-svc', reason: 'clearer', inventory });
    expect(g.state.inventory?.service).toBe('real-svc');
  });

  it('a new service with no inventory drops the old pin; an incident with no pin and a service with none gets none', () => {
    const g = openedOn('s1');
    g.run('alice', { kind: 'edit', service: 'elsewhere', reason: 'wrong service', inventory });
    expect(g.state.inventory).toEqual({ service: 'elsewhere', live: {}, previous: {}, recent: [] });
    const bare = openedOn('nowhere');
    const { decision } = bare.run('alice', { kind: 'edit', service: 'elsewhere', reason: 'wrong service', inventory });
    expect(decision.ok && decision.events[0]!.payload).not.toHaveProperty('inventory');
    expect(bare.state.inventory).toBeUndefined();
  });

  it('an edit logged before edits re-pinned (no inventory field) folds as before: the pin stays', () => {
    const g = openedOn('s1');
    const [edited] = g.append([{ ...g.log[0]!, type: 'incident.edited', payload: { service: 'real-svc', previous: { service: 's1' }, reason: 'old log' } } as never]);
    expect(edited!.type).toBe('incident.edited');
    expect(g.state).toMatchObject({ service: 'real-svc', inventory: { service: 's1', live: { model: 'm2' } } });
  });
});
