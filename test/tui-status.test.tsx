import { afterEach, describe, expect, it } from 'vitest';
import { startIncident } from '../src/app/start-incident.js';
import { KEY, mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

const statusEvents = async (m: Mounted) => (await m.session.log.readIncident(m.id)).filter((e) => e.type === 'status.changed').map((e) => e.payload);

describe('S in the TUI: every status the CLI allows', () => {
  it('Given an open incident, When S is pressed, Then it offers mitigated, resolved, cancelled and duplicate-of, and cancelled asks for a reason as the CLI does', async () => {
    m = await mount();
    await m.press('S');
    const pick = await m.waitFor('Status (now open)');
    for (const s of ['mitigated', 'resolved', 'cancelled (no incident after all)', 'duplicate-of (another incident)']) expect(pick).toContain(s);
    // When cancelled is picked (third) and a reason given
    await m.press(KEY.down, KEY.down, KEY.enter);
    await m.waitFor('open → cancelled');
    await m.press('false alarm: the monitor double-counted', KEY.enter);
    await m.waitFor('status → cancelled');
    expect(await statusEvents(m)).toEqual([expect.objectContaining({ from: 'open', to: 'cancelled', reason: 'false alarm: the monitor double-counted' })]);
  });

  it('Given an open incident, When duplicate-of is picked, Then it asks for the original incident and records the duplicate as `status ID duplicate-of` does', async () => {
    m = await mount();
    const original = (await startIncident(await m.other('alice'), { trigger: 'unexpected_tool_call', title: 'Refund loop (first report)', service: 'billing-agent' })).state.id;
    await m.press('S');
    await m.waitFor('duplicate-of (another incident)');
    await m.press(KEY.down, KEY.down, KEY.down, KEY.enter);
    await m.waitFor(`${m.id} duplicates which incident?`);
    // An incident that does not exist is refused by the verb, naming it
    await m.press('INC-1999-0042', KEY.enter);
    await m.waitFor('open → duplicate of INC-1999-0042');
    await m.press(KEY.enter);
    await m.waitFor('no incident INC-1999-0042 to be a duplicate of');
    await m.press('S');
    await m.waitFor('duplicate-of (another incident)');
    await m.press(KEY.down, KEY.down, KEY.down, KEY.enter);
    await m.waitFor(`${m.id} duplicates which incident?`);
    await m.press(original, KEY.enter);
    await m.press(KEY.enter);
    await m.waitFor(`status → duplicate of ${original}`);
    expect(await statusEvents(m)).toEqual([expect.objectContaining({ from: 'open', to: 'duplicate', duplicateOf: original })]);
  });
});
