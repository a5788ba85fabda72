import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { KEY, mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

/** Points the disable-tool hook at a small node program instead of the shipped script. */
function hookRuns(mounted: Mounted, program: string, timeout = '30s') {
  mounted.session.project.config.hooks!['disable-tool'] = {
    ...mounted.session.project.config.hooks!['disable-tool']!,
    command: [process.execPath, '-e', program],
    timeout,
  };
}

async function approveDisable(mounted: Mounted) {
  await mounted.waitFor('› APPRV disable');
  await mounted.press('a');
  await mounted.waitFor('Approve disable as commander?');
  await mounted.press('y');
}

const assigned = { setup: async (s: Mounted['session'], id: string) => void await act(s, id, { kind: 'step', step: 'assign-roles', action: 'done' }) };

describe('hooks in the TUI', () => {
  it('shows a spinner and the live output while the hook runs, then exit code and duration', async () => {
    m = await mount(assigned);
    hookRuns(m, "console.log('removing issue_refund'); setTimeout(() => console.log('allowlist updated'), 2500)");
    await approveDisable(m);
    // While it runs: the step says RUN, the detail shows the spinner and the output so far
    const running = await m.waitFor('│ removing issue_refund', 5000);
    expect(running).toContain('› RUN   disable');
    expect(running).toMatch(/\* running disable-tool · N (ms|s)/);
    expect(running).toContain('hook disable-tool started');
    // And nothing is shown as done until hook.finished and step.completed are committed
    expect(running).not.toContain('  done  disable');
    const after = await m.waitFor('  done  disable', 8000);
    expect(after).toContain('hook disable-tool ok, exit 0 in N ms');
  });

  it('makes a failed hook impossible to miss, offers retry, and a retry that works completes the step', async () => {
    m = await mount(assigned);
    // The same command each time (an approval pins its argv): it fails until the cause is fixed.
    const fixed = join(m.project.dir, 'allowlist-fixed');
    const script = join(m.project.dir, 'allowlist-hook.cjs');
    writeFileSync(script, `if (require('fs').existsSync(${JSON.stringify(fixed)})) console.log('ok'); else { console.error('allowlist API returned 503'); process.exit(3); }`);
    m.session.project.config.hooks!['disable-tool'] = { ...m.session.project.config.hooks!['disable-tool']!, command: [process.execPath, script], timeout: '30s' };
    await approveDisable(m);
    const failed = await m.waitFor('HOOK FAILED', 5000);
    expect(failed).toContain('› FAIL  disable');
    expect(failed).toContain('✗ HOOK FAILED · exit 3 · N ms');
    expect(failed).toContain('│ allowlist API returned 503');
    // (no u: a hook that never succeeded has nothing to undo)
    // The way on is said once in the detail (the keys line), and once on the status line
    expect(failed).toContain('r retry · c record done by hand · x skip');
    expect(failed.split('r retry · c record done by hand').length - 1).toBe(2);
    expect(failed).not.toContain('u undo');
    expect(failed).toContain('disable-tool FAILED · exit 3: r retry · c record done by hand');
    // When the cause is fixed and alice retries
    writeFileSync(fixed, '');
    await m.press('r');
    const ask = await m.waitFor('Retry disable-tool for disable?');
    expect(ask).toContain('The last run failed; this runs it again and logs it as a retry.');
    await m.press('y');
    const done = await m.waitFor('  done  disable', 5000);
    expect(done).toContain('hook disable-tool started (retry)');
  });

  it('shows a timed-out hook as failed, and records the step done by hand with a note', async () => {
    m = await mount(assigned);
    hookRuns(m, 'setTimeout(() => {}, 20000)', '300ms');
    await approveDisable(m);
    const f = await m.waitFor('HOOK TIMED OUT', 8000);
    expect(f).toContain('› FAIL  disable');
    expect(f).toMatch(/✗ HOOK TIMED OUT after N (ms|s)/);
    await m.press('c');
    await m.waitFor('What did you do instead');
    await m.press('removed issue_refund in the admin console; verified', KEY.enter);
    await m.waitFor('  done  disable');
    const ev = (await m.session.log.readIncident(m.id)).find((e) => e.type === 'step.completed' && e.payload.step === 'disable');
    expect(ev?.type === 'step.completed' && ev.payload.note).toBe('removed issue_refund in the admin console; verified');
  });

  it("undoes a step's hook with its undo hook, after saying what will run", async () => {
    m = await mount(assigned);
    await approveDisable(m);
    await m.waitFor('  done  disable', 5000);
    await m.press(KEY.up);
    const before = await m.waitFor('› done  disable');
    await m.press('u');
    const ask = await m.waitFor('Undo disable-tool for disable?');
    // The exact argv, templates filled with the step's params, as the approve dialog shows it
    expect(ask.replace(/[│\n ]+/g, ' ')).toContain('runs: <project>/fixtures/hooks/tool-allowlist.sh add --tool issue_refund --incident INC-2026-0001');
    await m.press('y');
    // The undo needs the step's approvals; the commander confirming it is that approval, so it runs
    const f = await m.waitFor('enable-tool: ok', 5000);
    expect(f).toMatch(/hook enable-tool started \(undo of run-1\)/);
    // And the undo's own run is listed but not counted as a step of the playbook
    const steps = (frame: string) => /Steps (\d+)\/(\d+)/.exec(frame)?.slice(1).map(Number);
    expect(steps(f)).toEqual(steps(before));
    expect(steps(f)?.[1]).toBe(10);
    // And u on the step again says it is undone already, without asking first
    await m.waitFor('› done  disable');
    await m.press('u');
    const again = await m.waitFor('run-1 (disable-tool) was already undone by run-2');
    expect(again).not.toContain('Undo disable-tool for disable?');
  });

  it('shows a failed undo as FAIL on its pseudo-step and offers a retry, as for a step of its own', async () => {
    // Given the undo hook fails
    m = await mount(assigned);
    await approveDisable(m);
    await m.waitFor('  done  disable', 5000);
    m.session.project.config.hooks!['enable-tool'] = { ...m.session.project.config.hooks!['enable-tool']!, command: [process.execPath, '-e', 'process.exit(4)'] };
    await m.press(KEY.up);
    await m.waitFor('› done  disable');
    // When the commander undoes the step
    await m.press('u');
    await m.waitFor('Undo disable-tool for disable?');
    await m.press('y');
    // Then the undo's pseudo-step is FAIL (not todo)
    const failed = await m.waitFor('FAIL  hook:enable-t', 5000);
    expect(failed).not.toContain('todo  hook:enable-t');
    // And on it, r offers the retry of the undo
    for (let i = 0; i < 20 && !m.frame().includes('› FAIL  hook:enable-t'); i++) await m.press(KEY.down);
    await m.waitFor('› FAIL  hook:enable-t');
    await m.press('r');
    await m.waitFor('Retry enable-tool for hook:enable-tool?');
  });
});
