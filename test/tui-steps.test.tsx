import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { KEY, mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

const doneBy = (s: Mounted['session'], id: string, step: string) => act(s, id, { kind: 'step', step, action: 'done' });

describe('working each kind of step from the TUI', () => {
  it('shows the first frame at 80x24 with header, steps, detail, timeline and keys', async () => {
    // Given an incident just started with on-call roles
    m = await mount();
    // Then the whole screen fits 80 columns and 23 rows
    const f = m.frame();
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe(`${m.id}  SEV1  OPEN  0:00:00  unexpected-tool-call@1.0.0`);
    expect(lines[1]).toMatch(/^Refund loop · billing-agent +you: alice \(commander\)$/);
    expect(f).toContain('› NOW   assign-roles   cmdr    5m');
    expect(f).toContain('  todo  disable        cmdr   10m');
    expect(f).toContain('assign-roles · check · owner commander');
    expect(f).toContain('Timeline (UTC) · 5 events');
    expect(lines.at(-1)).toMatch(/^↑↓ step · Enter do/);
  });

  it('marks a check done only once its event is committed, and moves on to the next step', async () => {
    m = await mount();
    // When alice presses Enter on the current check
    await m.press(KEY.enter);
    // Then the step shows done, the log has it, and the selection follows to the next step
    const f = await m.waitFor('  done  assign-roles');
    expect(f).toContain('› APPRV disable');
    expect(f).toContain('alice  step assign-roles done');
    expect((await m.session.log.readIncident(m.id)).some((e) => e.type === 'step.completed' && e.payload.step === 'assign-roles')).toBe(true);
  });

  it('skips a step with the reason typed at the prompt', async () => {
    m = await mount();
    await m.press('x');
    await m.waitFor('Why is it skipped?');
    await m.press('already done on the bridge', KEY.enter);
    const f = await m.waitFor('  skip  assign-roles');
    expect(f).toContain('step assign-roles skipped: already done on the bridge');
  });

  it('chooses a decision option from a picker, and the path follows its goto', async () => {
    m = await mount({
      setup: async (s, id) => {
        for (const step of ['assign-roles', 'page-reviewer', 'triage-calls']) await doneBy(s, id, step);
        await act(s, id, { kind: 'approve', step: 'disable', override: 'test setup' });
        await act(s, id, { kind: 'step', step: 'disable', action: 'skip', reason: 'setup' });
      },
    });
    await m.waitFor('› NOW   side-effects');
    expect(m.frame()).toContain('  1. yes — Yes: some calls had external');
    // When alice picks option 2 ("no")
    await m.press(KEY.enter);
    await m.waitFor('↑↓ Enter choose');
    await m.press('2');
    // side-effects is bob's (reviewer): alice, commander, confirms first, as for marking another role's step done
    await m.waitFor("Choose no for side-effects? It is bob's (reviewer).");
    await m.press('y');
    // Then the decision is recorded and the skipped branch is off the path
    const f = await m.waitFor('  done  side-effects');
    expect(f).toContain('  n/a   reverse-effec…');
    expect(f).toContain('› NOW   preserve-evid…');
    expect(f).toContain('step side-effects done: chose no');
  });

  it('lets the communicator edit a notify template before it is recorded', async () => {
    m = await mount({
      setup: async (s, id) => {
        for (const step of ['assign-roles', 'page-reviewer', 'triage-calls', 'preserve-evidence', 'monitor']) await doneBy(s, id, step);
        await act(s, id, { kind: 'approve', step: 'disable', override: 'setup' });
        await act(s, id, { kind: 'step', step: 'disable', action: 'skip', reason: 'setup' });
        await act(s, id, { kind: 'step', step: 'side-effects', action: 'choose', option: 'no' });
      },
    });
    const before = await m.waitFor('› NOW   update');
    expect(before).toContain('Message (Enter to edit, then record):');
    expect(before).toContain(`Update on incident ${m.id}`);
    // When alice opens the editor, clears it and types her own message
    await m.press(KEY.enter);
    await m.waitFor('Edit the text, then Enter records it as sent.');
    await m.press(KEY.ctrlU, 'Refunds paused; we will email affected customers by 18:00.', KEY.enter);
    // Then exactly that text is what the log says was sent
    await m.waitFor('  done  update');
    const ev = (await m.session.log.readIncident(m.id)).find((e) => e.type === 'step.completed' && e.payload.step === 'update');
    expect(ev?.type === 'step.completed' && ev.payload.text).toBe('Refunds paused; we will email affected customers by 18:00.');
  });

  it('shows a wait step countdown on the injected clock and records it when ended', async () => {
    m = await mount({
      setup: async (s, id) => {
        for (const step of ['assign-roles', 'page-reviewer', 'triage-calls', 'preserve-evidence']) await doneBy(s, id, step);
        await act(s, id, { kind: 'approve', step: 'disable', override: 'setup' });
        await act(s, id, { kind: 'step', step: 'disable', action: 'skip', reason: 'setup' });
        await act(s, id, { kind: 'step', step: 'side-effects', action: 'choose', option: 'no' });
      },
    });
    await m.waitFor('› NOW   monitor');
    expect(m.frame()).toContain('watch 10m: 10m00s left');
    m.clock.advance(11 * 60_000);
    await m.waitFor('watch 10m: time is up');
    await m.press(KEY.enter);
    // monitor is carol's (model_owner): alice, commander, confirms first (issue 18)
    await m.waitFor("Mark monitor done? It is carol's (model_owner).");
    await m.press('y');
    await m.waitFor('  done  monitor');
  });
});
