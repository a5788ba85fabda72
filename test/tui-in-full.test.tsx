import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { previewApproval } from '../src/app/approval-preview.js';
import { loadIncident } from '../src/app/live-incident.js';
import { PolicyRefusal } from '../src/core/errors.js';
import { KEYMAP } from '../src/ui/keymap.js';
import { mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

// (the overlay wraps at its width, inside a word too: compared without the line breaks and borders)
const flat = (text: string) => text.replace(/[│╭╮╰╯─\s]+/g, '');

describe('m: what the status line and the timeline cut off, in full', () => {
  it('Given a refusal too long for the status line and a refused act in the timeline, When m is pressed, Then both are shown whole, wrapped; help names the key', async () => {
    m = await mount({ as: 'erin', setup: (s, id) => void act(s, id, { kind: 'step', step: 'assign-roles', action: 'done' }) });
    await m.waitFor('› APPRV disable');
    // A refused approval of erin's is in the log (her CLI, say)
    const refusal = await act(m.session, m.id, { kind: 'approve', step: 'disable' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PolicyRefusal);
    await m.waitFor('erin   REFUSED approve (approval.role)');
    // And o says why the override would be refused, on a line too short for it
    await m.press('o');
    const cut = await m.waitFor('REFUSED (override.commander)');
    const why = previewApproval(m.session, await loadIncident(m.session, m.id), 'disable', { override: true });
    if (why.ok) throw new Error('an override by erin should be refused');
    expect(flat(cut)).not.toContain(flat(why.message));
    // When m is pressed
    await m.press('m');
    const f = await m.waitFor('In full: the status line, then the timeline on screen');
    // Then the whole refusal is there, and the timeline's refused act with its reason
    expect(flat(f)).toContain(flat(`REFUSED (override.commander): ${why.message}`));
    expect(flat(f)).toContain(flat((refusal as PolicyRefusal).message));
    expect(KEYMAP.find((s) => s.title === 'Anywhere')!.keys).toContainEqual({ keys: 'm', what: expect.stringContaining('the status line (a refusal)') });
  });
});
