import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

describe('T changes the title or service, as `aiops incident edit` does', () => {
  it('a title holding a NUL is replaced with a reason; the log keeps the old one', async () => {
    // Given an incident whose title holds a NUL (as an alert can give it)
    m = await mount({ start: { trigger: 'unexpected_tool_call', title: 'Refund\u0000loop', service: 'billing-agent' }, size: { columns: 120, rows: 30 } });
    await m.waitFor('Refund␀loop');
    // When alice presses T, picks the title, types a new one and a reason
    await m.press('T');
    await m.waitFor('Change what?');
    await m.press(KEY.enter);
    await m.waitFor(`New title of ${m.id}`);
    await m.press('Refund loop on billing', KEY.enter);
    await m.waitFor('Why? (kept in the log with the old value)');
    await m.press('the alert title held a NUL', KEY.enter);
    // Then the screen says so (the notice, once the reason dialog, whose title reads the same, is gone)
    await m.waitFor(/^(?![\s\S]*Why\? \(kept in the log)[\s\S]*title → Refund loop on billing/);
    // And the log holds the edit by the commander with the old title and the reason
    const edits = (await m.session.log.readIncident(m.id)).filter((e) => e.type === 'incident.edited');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ actor: 'alice', role: 'commander', payload: { title: 'Refund loop on billing', previous: { title: 'Refund\u0000loop' }, reason: 'the alert title held a NUL' } });
  });
});
