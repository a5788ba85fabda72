import { afterEach, describe, expect, it } from 'vitest';
import { resolveScenario, startDrill } from '../src/app/drills.js';
import { act } from '../src/app/act.js';
import type { StoredEvent } from '../src/core/events.js';
import { KEY, mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

const events = async (m: Mounted, type: string): Promise<StoredEvent[]> => (await m.session.log.readIncident(m.id)).filter((e) => e.type === type);
const onDrill = async (s: Mounted['session']) => (await startDrill(s, resolveScenario(s.project, 'wrong-tenant-leak', s.project.root))).state.id;
// A hook run and a loaded machine take longer than a frame.
const SLOW = 15_000;
// Wide enough for the whole hint line and the longest notice.
const WIDE = { columns: 160, rows: 30 };

describe('R re-requests a denied approval', () => {
  it('deny, then R asks again, and the approval goes through', async () => {
    // Given the disable step waits for the commander's approval, and alice denies it
    m = await mount({ size: WIDE, setup: async (s, id) => void (await act(s, id, { kind: 'step', step: 'assign-roles', action: 'done' })) });
    await m.waitFor('› APPRV disable');
    expect(m.frame()).not.toContain('R re-request');
    await m.press('D');
    await m.waitFor('Deny disable?');
    await m.press('wrong alert', KEY.enter);
    const denied = await m.waitFor('› DENY  disable');
    // Then the hint line offers R, on the denied step only, and no approve or override the engine would refuse
    const hint = denied.trimEnd().split('\n').at(-1)!;
    expect(hint).toContain('R re-request');
    expect(hint).not.toMatch(/a approve|o override|Enter approve/);
    // And a or Enter say that R comes first, and log no refusal
    await m.press('a');
    await m.waitFor('the approval of disable was denied: R asks for it again');
    expect(await events(m, 'policy.refused')).toHaveLength(0);

    // When she presses R
    await m.press('R');
    // Then the CLI's words say the approval was requested, and the step waits for it again
    const asked = await m.waitFor('disable: approval requested');
    expect(asked).toContain('› APPRV disable');
    expect(asked).not.toContain('R re-request');
    const requested = await events(m, 'approval.requested');
    expect(requested.at(-1)!.seq).toBeGreaterThan((await events(m, 'approval.denied'))[0]!.seq);
    expect(requested.at(-1)).toMatchObject({ actor: 'alice', payload: { step: 'disable', roles: ['commander'] } });

    // And approving now runs the hook as before the deny
    await m.press('a');
    await m.waitFor('Approve disable as commander?');
    await m.press('y');
    await m.waitFor('  done  disable', SLOW);
    expect(await events(m, 'approval.granted')).toHaveLength(1);
  });

  it('says what R is for on a step nobody denied, and writes nothing', async () => {
    m = await mount();
    await m.waitFor('› NOW   assign-roles');
    const before = (await m.session.log.readIncident(m.id)).length;
    await m.press('R');
    await m.waitFor('R asks again after a deny; assign-roles was not denied');
    expect((await m.session.log.readIncident(m.id)).length).toBe(before);
  });
});

describe('the drill keys J, B and E', () => {
  it('judges a manual expectation, adds a debrief note and ends the drill, each as the CLI would', async () => {
    // Given a drill of wrong-tenant-leak, whose one manual expectation is update-clear
    m = await mount({ open: onDrill });
    await m.waitFor('DRILL · wrong-tenant-leak');

    // When alice presses J, picks update-clear, says met and why
    await m.press('J');
    const pick = await m.waitFor('Judge which expectation?');
    expect(pick).toContain('update-clear — The customer update was accurate');
    await m.press(KEY.enter);
    await m.waitFor('update-clear: how did it go?');
    await m.press(KEY.enter);
    await m.waitFor('update-clear: judged met');
    await m.press('named only the one tenant', KEY.enter);
    // Then the CLI's words say so, and the log holds the judgment
    await m.waitFor('update-clear: judged met by alice');
    expect((await events(m, 'drill.judged')).map((e) => e.payload)).toEqual([{ expectation: 'update-clear', met: true, note: 'named only the one tenant' }]);

    // When she presses B and writes a note
    await m.press('B');
    await m.waitFor(`Debrief note on ${m.id}`);
    await m.press('paging took too long', KEY.enter);
    await m.waitFor(`debrief note added to ${m.id}`);
    expect((await events(m, 'drill.debrief')).map((e) => e.payload)).toEqual([{ text: 'paging took too long' }]);

    // When she presses E, the confirmation says it scores the drill now; she confirms
    await m.press('E');
    const ask = await m.waitFor(`End drill ${m.id} now?`);
    expect(ask.replace(/[│\n ]+/g, ' ')).toContain('This scores the drill now');
    expect(await events(m, 'drill.ended')).toHaveLength(0);
    await m.press('y');
    // Then the drill ended early with its score, and the log has drill.ended
    const ended = await m.waitFor(/ended early at T\+\S+: score \d+\/100/);
    const logged = await events(m, 'drill.ended');
    expect(logged).toHaveLength(1);
    expect(ended).toContain(`score ${(logged[0]!.payload as { score: number }).score}/100`);

    // And E again asks nothing: the app says the drill already ended
    await m.press('E');
    await m.waitFor(`drill ${m.id} already ended`);
    expect(await events(m, 'drill.ended')).toHaveLength(1);
  });

  it('on a real incident, J, E and B say they are for drills and write nothing', async () => {
    m = await mount({ size: WIDE });
    await m.waitFor('› NOW   assign-roles');
    const before = (await m.session.log.readIncident(m.id)).length;
    await m.press('J');
    await m.waitFor(`J (judge an expectation) is for drills; ${m.id} is a real incident, not a drill`);
    await m.press('E');
    await m.waitFor(`E (end and score) is for drills; ${m.id} is a real incident`);
    await m.press('B');
    await m.waitFor(`B (debrief note) is for drills; ${m.id} is a real incident`);
    expect((await m.session.log.readIncident(m.id)).length).toBe(before);
  });
});
