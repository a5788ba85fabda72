import { describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../src/core/events.js';
import { actingLoginConflict } from '../src/core/incident/acting-logins.js';
import { encodeSnapshot } from '../src/core/incident/snapshot.js';
import { foldEvents, reduceIncident } from '../src/core/reducer.js';
import { note } from './helpers/store-contract.js';

// The fold pairs each database login with the person it first acted as in the incident, from the
// events alone: every host folds the same pairs, whatever its roster says.
const ID = 'INC-2026-0001';
const opened = (incidentId: string): NewEvent => ({
  incidentId,
  ts: '2026-03-01T09:00:00.000Z',
  actor: 'alice',
  role: null,
  type: 'incident.opened',
  payload: {
    title: 'Leak',
    service: 'assistant-eu',
    severity: 'SEV2',
    trigger: null,
    playbook: { id: 'tiny', version: '1.0.0', sha256: 'x'.repeat(64) },
    playbookContent: { id: 'tiny', version: '1.0.0', title: 'Tiny', triggers: [], steps: [{ id: 'assign', kind: 'check', owner: 'commander', title: 'Assign roles' }] },
    approvals: {},
    context: {},
    selection: { reason: 'test' },
  },
});
let seq = 0;
function stored(e: NewEvent, actor: string, login?: string): StoredEvent {
  seq += 1;
  return { ...e, actor, seq, prevHash: '0'.repeat(64), hash: String(seq).padStart(64, '0'), ...(login === undefined ? {} : { login }) } as StoredEvent;
}

describe('the logins an incident pairs with people', () => {
  it('pairs each login with the first person it acted as; the tool’s own events and later contradictions pair nothing', () => {
    const state = reduceIncident([
      stored(opened(ID), 'alice', 'l_alice'),
      stored(note(ID, 'by the tool'), 'system', 'l_bob'),
      stored(note(ID, 'bob'), 'bob', 'l_bob'),
      // an event a forger wrote: bob's login as alice (verify names it); the pairs stay as they were
      stored(note(ID, 'posing'), 'alice', 'l_bob'),
      stored(note(ID, 'alice again'), 'alice', 'l_alice'),
    ])!;
    expect(state.logins).toEqual([
      { login: 'l_alice', person: 'alice' },
      { login: 'l_bob', person: 'bob' },
    ]);
    expect(actingLoginConflict(state, 'l_bob', 'bob')).toBeNull();
    expect(actingLoginConflict(state, 'l_carol', 'carol')).toBeNull();
    // the login's own pair is named first, then the person's
    expect(actingLoginConflict(state, 'l_bob', 'alice')).toEqual({ login: 'l_bob', person: 'bob' });
    expect(actingLoginConflict(state, 'l_carol', 'alice')).toEqual({ login: 'l_alice', person: 'alice' });
  });

  it('a log without logins (SQLite) folds no pairs, so its snapshots are as before; folding on keeps earlier states as they were', () => {
    const first = reduceIncident([stored(opened(ID), 'alice')])!;
    expect('logins' in first).toBe(false);
    expect(encodeSnapshot(first, 'h')).not.toContain('"logins"');
    const withLogin = foldEvents(first, [stored(note(ID, 'x'), 'bob', 'l_bob')])!;
    expect(withLogin.logins).toEqual([{ login: 'l_bob', person: 'bob' }]);
    expect(first.logins).toBeUndefined();
  });
});
