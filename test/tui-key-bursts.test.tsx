import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { KEY, mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

const completed = async (mm: Mounted) =>
  (await mm.session.log.readIncident(mm.id)).flatMap((e) => (e.type === 'step.completed' ? [e.payload.step] : []));

/** Several keys in ONE write, as a laggy SSH link or `tmux send-keys a b c` delivers them. */
const burst = async (mm: Mounted, ...keys: string[]) => {
  mm.ui.stdin.write(keys.join(''));
  await new Promise((r) => setTimeout(r, 10));
};

describe('keys that arrive together are applied in order', () => {
  it('moves twice, then Enter acts on the step selected after the second move', async () => {
    // Given assign-roles is selected
    m = await mount();
    await m.waitFor('› NOW   assign-roles');
    // When Down Down Enter arrive in one chunk
    await burst(m, KEY.down, KEY.down, KEY.enter);
    // Then page-reviewer (two below) is the step marked done, and assign-roles is untouched
    const f = await m.waitFor('  done  page-reviewer');
    expect(f).toContain('  NOW   assign-roles');
    expect(await completed(m)).toEqual(['page-reviewer']);
    // and the selection moved on to the next step to do after it
    expect(f).toContain('› todo  triage-calls');
  });

  it("splits a run of plain keys ('jj' Enter) into separate keys", async () => {
    m = await mount();
    await m.waitFor('› NOW   assign-roles');
    await burst(m, 'jj', KEY.enter);
    await m.waitFor('  done  page-reviewer');
    expect(await completed(m)).toEqual(['page-reviewer']);
  });

  it('opens a prompt with the first key and types the rest of the burst into it, Enter included', async () => {
    m = await mount();
    await burst(m, 'x', 'done on the bridge', KEY.enter);
    const f = await m.waitFor('  skip  assign-roles');
    expect(f).toContain('step assign-roles skipped: done on the bridge');
  });

  it('answers a picker opened by the same burst, against the picker as it then is', async () => {
    m = await mount({
      setup: async (s, id) => {
        for (const step of ['assign-roles', 'page-reviewer', 'triage-calls']) await act(s, id, { kind: 'step', step, action: 'done' });
        await act(s, id, { kind: 'approve', step: 'disable', override: 'test setup' });
        await act(s, id, { kind: 'step', step: 'disable', action: 'skip', reason: 'setup' });
      },
    });
    await m.waitFor('› NOW   side-effects');
    // Enter opens the decision picker; j moves to option 2; Enter chooses it; y confirms it (the step is bob's, alice is commander)
    await burst(m, KEY.enter, 'j', KEY.enter, 'y');
    const f = await m.waitFor('  done  side-effects');
    expect(f).toContain('step side-effects done: chose no');
  });

  it('takes Escape followed at once by a key as two keys, not Alt+key', async () => {
    m = await mount();
    await m.press('n');
    await m.waitFor('What should the log remember?');
    // When Escape and q arrive together (tmux send-keys Escape q)
    await burst(m, '\u001B', 'q');
    // Then the prompt closed and q asked to leave
    const f = await m.waitFor('Leave INC-2026-0001? It stays open.');
    expect(f).not.toContain('What should the log remember?');
  });

  it('waits for a write to commit before the next key, so two Enters work two steps', async () => {
    m = await mount({ setup: async (s, id) => void await act(s, id, { kind: 'approve', step: 'disable', override: 'test setup' }) });
    // assign-roles is current; disable is approved but its hook has not run
    await m.waitFor('› NOW   assign-roles');
    // (triage-calls is carol's: alice, commander, confirms it with y — issue 18)
    await burst(m, KEY.enter, KEY.down, KEY.down, KEY.enter, 'y');
    // The first Enter marks assign-roles; the selection follows to disable; Down Down lands on triage-calls
    await m.waitFor('  done  triage-calls');
    expect(await completed(m)).toEqual(['assign-roles', 'triage-calls']);
  });
});

describe('the selection follows progress', () => {
  const leakStart = { trigger: 'wrong_tenant_context', title: 'Tenant B saw Tenant A invoices', service: 'assistant', assignOncall: true };

  it('moves to the goto target after a decision picked away from the current step', async () => {
    // Given pause (awaiting approval) is current, and alice selects the decision two steps below
    m = await mount({
      start: leakStart,
      setup: async (s, id) => {
        for (const step of ['assign-roles', 'page-reviewer']) await act(s, id, { kind: 'step', step, action: 'done' });
      },
    });
    await m.waitFor('› APPRV pause');
    await m.press(KEY.down, KEY.down);
    await m.waitFor('› todo  leaked');
    // When she chooses yes (goto preserve-evidence), confirming it as commander on the reviewer's step
    await m.press(KEY.enter);
    await m.waitFor('↑↓ Enter choose');
    await m.press('1');
    await m.waitFor('Choose yes for leaked? It is');
    await m.press('y');
    // Then the selection moves on to preserve-evidence
    const f = await m.waitFor('step leaked done: chose yes');
    expect(f).toMatch(/› (NOW|todo) +preserve-evid/);
    expect(f).toContain('preserve-evidence · check');
  });

  it('is not pulled away from a step the user moved to when someone else completes the current one', async () => {
    m = await mount({ start: leakStart });
    await m.waitFor('› NOW   assign-roles');
    await m.press(KEY.down, KEY.down);
    await m.waitFor('› todo  page-reviewer');
    // When another terminal completes assign-roles (the current step)
    await act(await m.other('alice'), m.id, { kind: 'step', step: 'assign-roles', action: 'done' });
    const f = await m.waitFor('  done  assign-roles');
    // Then alice still has page-reviewer selected
    expect(f).toContain('› todo  page-reviewer');
  });
});
