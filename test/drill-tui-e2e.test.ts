import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { BIN, makeProject, type TempProject } from './helpers/project.js';

const socket = `aiops-drill-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'drill');
const keys = (...k: string[]) => void tmux('send-keys', '-t', 'drill', ...k);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(text: string, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (s.includes(text)) return s;
    if (Date.now() > until) throw new Error(`timed out waiting for "${text}" on screen:\n${s}`);
    await sleep(60);
  }
}

let project: TempProject | undefined;
afterEach(() => {
  try {
    tmux('kill-server');
  } catch {
    // the server exits by itself once the last session is gone
  }
  project?.cleanup();
});

describe('a drill in a real terminal', () => {
  it('shows the DRILL banner and countdown, delivers injects on the sped-up clock, and simulates the pause', async () => {
    // Given the shipped wrong-tenant-leak scenario at 60x speed, run by alice in tmux
    project = makeProject();
    const cmd = [
      'env -u CI NO_COLOR=1 AIOPS_DB=',
      `AIOPS_STATE_DIR=${project.stateDir}`,
      `node ${BIN} --as alice drill wrong-tenant-leak --speed 60`,
      '; echo EXITED $?; sleep 60',
    ].join(' ');
    tmux('new-session', '-d', '-s', 'drill', '-x', '100', '-y', '30', '-c', project.dir, cmd);

    // Then the banner says it is a drill, with a countdown to the support screenshot at T+4m
    const first = await waitFor('DRILL · wrong-tenant-leak');
    expect(first).toMatch(/next inject in \d/);
    expect(first).toContain('hooks simulated');

    // When alice completes the first step and approves the pause
    await waitFor('› NOW   assign-roles');
    keys('Enter');
    await waitFor('› APPRV pause');
    keys('Enter');
    await waitFor('Approve pause as commander?');
    keys('y');
    // Then the hook is simulated, not run
    await waitFor('pause-feature: simulated (drill)');

    // And at 60x the T+4m inject arrives within a few real seconds
    keys('3');
    await waitFor('Customer at Tenant B sent a screenshot', 15_000);

    keys('q');
    await waitFor('Leave DRILL-');
    keys('y');
    await waitFor('EXITED 0');

    // Nothing ran for real, the incident is flagged as a drill, and the log verifies
    expect(existsSync(project.stateDir) ? readdirSync(project.stateDir) : []).toEqual([]);
    const list = await aiops(project, ['drill', 'list', '--json']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.json().drills[0].id).toMatch(/^DRILL-\d{4}-0001$/);
    const verify = await aiops(project, ['evidence', 'verify', '--json']);
    expect(verify.json().ok).toBe(true);
  }, 60_000);
});
