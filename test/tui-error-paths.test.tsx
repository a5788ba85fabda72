import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import type { Session } from '../src/app/session.js';
import { appendTo } from './helpers/seed-log.js';
import { KEY, mount, type Mounted } from './tui-harness.js';

/** A disable-tool run that failed after printing 80 numbered lines, a secret and a terminal escape. */
async function failedRun(s: Session, id: string): Promise<void> {
  await act(s, id, { kind: 'step', step: 'assign-roles', action: 'done' });
  await act(s, id, { kind: 'approve', step: 'disable', override: 'test setup' });
  const ts = s.clock.now().toISOString();
  const stdout = Array.from({ length: 80 }, (_, i) => `line ${String(i + 1).padStart(2, '0')} of the allowlist call`).join('\n') + '\n';
  const base = { incidentId: id, ts, actor: 'alice', role: 'commander' } as const;
  await appendTo(s.log, [
    { ...base, type: 'hook.started', payload: { run: 'run-1', hook: 'disable-tool', step: 'disable', argv: ['./tool-allowlist.sh', 'remove'], env: [], cwd: '.', retry: false } },
    {
      ...base,
      type: 'hook.finished',
      payload: { run: 'run-1', hook: 'disable-tool', step: 'disable', ok: false, exitCode: 7, signal: null, timedOut: false, durationMs: 42, stdout, stderr: 'token sk-abcdefghijklmnopqrstuvwxyz0123 rejected \u001b]52;c;aGk=\u0007\n', stdoutCut: 0, stderrCut: 0 },
    },
  ]);
}

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

describe('TUI error paths (issue 18)', () => {
  it('a bad attachment path keeps the note text and asks for the path again', async () => {
    // Given a note typed in the TUI
    m = await mount({ size: { columns: 100, rows: 30 } });
    writeFileSync(`${m.project.dir}/trace.txt`, 'tool_call issue_refund x3');
    await m.press('n');
    await m.waitFor('What should the log remember?');
    await m.press('refund loop on order 1182', KEY.enter);
    await m.waitFor('Attach a file?');
    // When the path has a typo
    await m.press('trcae.txt', KEY.enter);
    // Then the prompt comes back with what was wrong and the path to fix, and nothing is recorded
    const again = await m.waitFor('attachment trcae.txt: file not found');
    expect(again).toContain('Attach a file?');
    expect(again).toContain('trcae.txt');
    expect(again).not.toContain('note added');
    expect((await m.session.log.readIncident(m.id)).some((e) => e.type === 'note.added')).toBe(false);
    // When the path is corrected
    await m.press(KEY.ctrlU, 'trace.txt', KEY.enter);
    // Then the note is added with the text typed before the typo, and the file
    const f = await m.waitFor('note: refund loop on order 1182 [attached trace.txt]');
    expect(f).toMatch(/note added \(seq \d+\); attached trace\.txt/);
  });
});

describe('the hook output view (issue 18)', () => {
  it('v opens the whole output of the step\'s last run, scrolls with arrows and PgUp/PgDn, redacted and sanitised, and Esc closes it', async () => {
    // Given a step whose hook failed after printing more than a screen
    m = await mount({ setup: failedRun, size: { columns: 80, rows: 24 } });
    await m.waitFor('› FAIL  disable');
    expect(m.frame()).toContain('v output');
    // When v is pressed
    await m.press('v');
    // Then the output opens at its top with the run's heading
    const first = await m.waitFor('Output of run-1 (disable-tool)');
    expect(first).toContain('run-1 disable-tool (step disable): failed, exit 7 in N ms');
    expect(first).toContain('line 01 of the allowlist call');
    expect(first).not.toContain('line 30 of');
    // When it is paged down, and moved by a line
    await m.press('\u001B[6~');
    const paged = await m.waitFor(/line 2\d of the allowlist call/);
    expect(paged).not.toContain('line 01 of');
    await m.press('G');
    // Then the end shows stderr, its secret redacted and the escape made visible, not acted on
    const end = await m.waitFor('--- stderr');
    expect(end).toContain('line 80 of the allowlist call');
    expect(end).not.toContain('sk-abcdefghijklmnopqrstuvwxyz0123');
    expect(end).toMatch(/token \S*REDACTED\S* rejected ␛\]52;c;aGk=␇/);
    expect(m.raw()).not.toContain('\u001b]52');
    await m.press(KEY.up);
    await m.waitFor(/lines \d+-\d+ of 85/);
    // When Esc is pressed, Then the screen is back
    await m.press('\u001B');
    const back = await m.waitFor('› FAIL  disable');
    expect(back).not.toContain('Output of run-1');
  });

  it('says so when the selected step has no run', async () => {
    m = await mount();
    await m.press('v');
    await m.waitFor('assign-roles has no hook run to show');
  });
});

describe('accidental done (issue 18)', () => {
  it("asks before the commander marks another role's step done, and O reopens a step marked done by mistake", async () => {
    // Given alice, commander, on triage-calls, a step carol holds as model_owner
    m = await mount({ size: { columns: 100, rows: 30 } });
    await m.press(KEY.down, KEY.down, KEY.down);
    await m.waitFor('› todo  triage-calls');
    // When she presses Enter
    await m.press(KEY.enter);
    // Then she is asked first, told whose step it is, and n leaves it as it was
    const asked = await m.waitFor("Mark triage-calls done? It is carol's (model_owner).");
    expect(asked).toContain('O reopens it');
    await m.press('n');
    await m.waitFor('› todo  triage-calls');
    expect((await m.session.log.readIncident(m.id)).some((e) => e.type === 'step.completed')).toBe(false);
    // When she confirms it after all
    await m.press(KEY.enter);
    await m.waitFor("Mark triage-calls done?");
    await m.press('y');
    await m.waitFor('  done  triage-calls');
    // And then, back on it, reopens it with a reason
    await m.press(KEY.up);
    const done = await m.waitFor('› done  triage-calls');
    expect(done).toContain('O reopen');
    await m.press('O');
    await m.waitFor('Reopen triage-calls (now done)?');
    await m.press('marked done by mistake', KEY.enter);
    // Then it is pending again, and the log says who reopened it and why
    await m.waitFor('triage-calls: reopened');
    await m.waitFor('› todo  triage-calls');
    const reopened = (await m.session.log.readIncident(m.id)).find((e) => e.type === 'step.reopened');
    expect(reopened).toMatchObject({ actor: 'alice', role: 'commander', payload: { step: 'triage-calls', reason: 'marked done by mistake', was: 'done' } });
  });

  it('marks your own step done with one Enter, as before', async () => {
    m = await mount();
    await m.waitFor('› NOW   assign-roles');
    await m.press(KEY.enter);
    await m.waitFor('  done  assign-roles');
  });
});
