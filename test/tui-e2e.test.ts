import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { BIN, makeProject, type TempProject } from './helpers/project.js';
import { needProgram } from './helpers/system-programs.js';
import { tmuxSession } from './helpers/tmux.js';
import { patience } from './helpers/patience.js';

// Skips (said once for the run) without tmux; under CI=true a missing tmux fails here instead.
const terminal = needProgram('tmux');

const t = tmuxSession('tui');
const { keys, waitFor } = t;

let project: TempProject | undefined;
afterEach(() => {
  t.kill();
  project?.cleanup();
});

describe.skipIf(terminal.skip)('the TUI in a real terminal', () => {
  it('works a whole shipped playbook as alice, then the evidence log verifies', async () => {
    project = makeProject({ withScenarios: false });
    const cmd = [
      'env -u CI NO_COLOR=1 AIOPS_DB=',
      `AIOPS_STATE_DIR=${project.stateDir}`,
      `node ${BIN} --as alice incident start --trigger unexpected_tool_call --title 'Refund loop' --service billing-agent --assign-oncall`,
      '; echo EXITED $?; sleep 60',
    ].join(' ');
    t.start(project.dir, cmd);

    await waitFor('› NOW   assign-roles');
    keys('Enter');
    await waitFor('› APPRV disable');
    keys('Enter');
    await waitFor('Approve disable as commander?');
    keys('y');
    await waitFor('disable-tool: ok · exit 0');
    await waitFor('› NOW   page-reviewer');
    keys('Enter');
    await waitFor('› NOW   triage-calls');
    keys('Enter');
    // triage-calls is another role's: the commander confirms (issue 18)
    await waitFor('Mark triage-calls done?');
    keys('y');
    await waitFor('› NOW   side-effects');
    keys('Enter');
    await waitFor('↑↓ Enter choose');
    keys('1');
    // side-effects is the reviewer's: alice, commander, confirms the choice as she confirms marking another role's step done
    await waitFor('Choose yes for side-effects?');
    keys('y');
    await waitFor('› NOW   reverse-effects');
    keys('Enter');
    // reverse-effects is another role's: the commander confirms (issue 18)
    await waitFor('Mark reverse-effects done?');
    keys('y');
    await waitFor('› NOW   preserve-evidence');
    keys('Enter');
    // preserve-evidence is another role's: the commander confirms (issue 18)
    await waitFor('Mark preserve-evidence done?');
    keys('y');
    await waitFor('› NOW   monitor');
    keys('Enter');
    // monitor is another role's: the commander confirms (issue 18)
    await waitFor('Mark monitor done?');
    keys('y');
    await waitFor('› NOW   update');
    keys('Enter');
    await waitFor('Edit the text, then Enter records it as sent.');
    keys('Enter');
    await waitFor('› NOW   close-out');
    keys('Enter');
    await waitFor('Steps 10/10');
    // Resolve, then close with a summary, from the status picker
    keys('S');
    await waitFor('Status (now open)');
    keys('2');
    await waitFor('open → resolved');
    keys('Enter');
    await waitFor('status → resolved');
    keys('S');
    await waitFor('Status (now resolved)');
    keys('1');
    await waitFor('Summary for the record');
    keys('-l', 'Loop stopped; refunds reversed');
    keys('Enter');
    await waitFor('CLOSED');
    keys('q');
    const end = await waitFor('EXITED 0');
    expect(end).toContain('left INC-2026-0001 (closed)');

    // The hook really ran, and the log verifies
    expect(readFileSync(join(project.stateDir, 'tool-allowlist.log'), 'utf8')).toContain('issue_refund');
    const verify = await aiops(project, ['evidence', 'verify', '--json']);
    expect(verify.exitCode).toBe(0);
    expect(verify.json().ok).toBe(true);
    const show = await aiops(project, ['incident', 'show', 'INC-2026-0001', '--json']);
    const inc = show.json().incident;
    expect(inc.status).toBe('closed');
    expect(inc.steps.filter((s: { status: string }) => s.status === 'done').map((s: { id: string }) => s.id)).toEqual([
      'assign-roles', 'disable', 'page-reviewer', 'triage-calls', 'side-effects', 'reverse-effects', 'preserve-evidence', 'monitor', 'update', 'close-out',
    ]);
    expect(existsSync(project.db)).toBe(true);
  }, patience(60_000));

  it('applies a burst of keys in order at 80x24, keeps the header to its rows, and leaves one clean line', async () => {
    project = makeProject({ withScenarios: false });
    const cmd = [
      'env -u CI NO_COLOR=1 AIOPS_DB=',
      `AIOPS_STATE_DIR=${project.stateDir}`,
      `node ${BIN} --as alice incident start --trigger wrong_tenant_context --title 'Tenant B saw Tenant A invoices in the assistant' --service assistant-eu-west-tenant-b --assign-oncall`,
      '; echo EXITED $?; sleep 60',
    ].join(' ');
    t.start(project.dir, cmd, { x: 80, y: 24 });
    const first = await waitFor('› NOW   assign-roles');
    const rows = first.split('\n');
    expect(rows[1]).toMatch(/…/);
    expect(rows[1]).toMatch(/you: alice \(commander\)$/);
    expect(rows[2]).toMatch(/^ 1 Steps {2}2 Roles {2}3 Timeline +\? help$/);
    // One send-keys call: Down Down Enter reach the TUI as one burst
    keys('Down', 'Down', 'Enter');
    const after = await waitFor('  done  page-reviewer');
    expect(after).toContain('  NOW   assign-roles');
    // 'jj' Enter in one burst: the selection moved on to leaked, so jj lands on scope
    // scope is carol's (model_owner): y confirms it in the same burst (issue 18)
    keys('jj', 'Enter', 'y');
    await waitFor('  done  scope');
    keys('q', 'y');
    const end = await waitFor('EXITED 0');
    expect(end).toContain('left INC-2026-0001 (open)');
    expect(end).not.toContain('Leave INC-2026-0001?');
    const show = await aiops(project, ['incident', 'show', 'INC-2026-0001', '--json']);
    const done = show.json().incident.steps.filter((st: { status: string }) => st.status === 'done').map((st: { id: string }) => st.id);
    expect(done).toEqual(['page-reviewer', 'scope']);
  }, patience(30_000));
});
