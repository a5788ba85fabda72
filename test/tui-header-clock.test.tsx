import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { elapsedMs } from '../src/app/incident-view.js';
import { startIncident } from '../src/app/start-incident.js';
import { mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

const header = (m: Mounted) => m.frame().split('\n')[0] ?? '';

describe('the header clock of an incident that ended', () => {
  it('Given an incident closed 2m51s after it opened, When the clock runs on, Then the header stays at 0:02:51', async () => {
    m = await mount();
    const alice = await m.other('alice');
    m.clock.advance(60_000);
    await act(alice, m.id, { kind: 'status', to: 'resolved' });
    m.clock.advance(111_000);
    await act(alice, m.id, { kind: 'status', to: 'closed', summary: 'allowlist restored' });
    await m.waitFor(/CLOSED +0:02:51/);
    // When five more minutes pass and something else lands in the log (so the screen draws again)
    m.clock.advance(5 * 60_000);
    await act(alice, m.id, { kind: 'note', text: 'postmortem booked' });
    await m.waitFor('note: postmortem booked');
    // Then the clock still says how long the incident ran
    expect(header(m)).toMatch(/CLOSED +0:02:51 /);
  });

  it('Given a cancelled or a duplicate incident, Then its elapsed time stops at the status change; a reopened one runs again', async () => {
    m = await mount();
    const alice = await m.other('alice');
    m.clock.advance(90_000);
    const cancelled = (await act(alice, m.id, { kind: 'status', to: 'cancelled', reason: 'false alarm' })).state;
    expect(elapsedMs(cancelled, new Date(Date.parse(cancelled.openedAt) + 3_600_000))).toBe(90_000);
    m.clock.advance(30_000);
    const reopened = (await act(alice, m.id, { kind: 'status', to: 'open', reason: 'it was real' })).state;
    expect(elapsedMs(reopened, new Date(Date.parse(reopened.openedAt) + 3_600_000))).toBe(3_600_000);
    const original = (await startIncident(alice, { trigger: 'unexpected_tool_call', title: 'Refund loop again', service: 'billing-agent' })).state.id;
    const other = (await act(alice, m.id, { kind: 'status', to: 'duplicate', duplicateOf: original })).state;
    expect(elapsedMs(other, new Date(Date.parse(other.openedAt) + 3_600_000))).toBe(120_000);
  });
});
