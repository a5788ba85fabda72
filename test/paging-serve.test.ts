import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
// The inboxes and the verify after serve are read in-process; the start, the request and the acks run the binary.
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { pagingProject } from './helpers/paging-project.js';
import { until } from './helpers/processes.js';
import { BIN, type TempProject } from './helpers/project.js';

const projects: TempProject[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  projects.forEach((p) => p.cleanup());
});

describe('paging from aiops serve, on the real clock', () => {
  it('pages the commander, escalates to the backup after ack_within, shows it in inbox, and aiops ack stops it', async () => {
    // Given a project whose pages wait 1s for an ack, and an incident with alice as commander and an approval requested
    const p = pagingProject('notify: {hook: page, ack_within: 1s}');
    projects.push(p);
    const started = await aiops(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--assign-oncall', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id: string = started.json().incident.id;
    const requested = await aiops(p, ['incident', 'request', id, 'pause'], { as: 'alice' });
    expect(requested.exitCode, requested.stderr).toBe(0);

    // When aiops serve runs its schedule every 100ms
    const child = spawn('node', [BIN, '--as', 'alice', 'serve', '--listen', '127.0.0.1:0', '--tick', '100ms'], {
      cwd: p.dir,
      env: { ...process.env, AIOPS_STATE_DIR: p.stateDir, AIOPS_DB: '', AIOPS_CONFIG: '', NO_COLOR: '1', AIOPS_SERVE_TOKEN: 'paging-test-token' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const log = join(p.stateDir, 'pages.log');
    const pages = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    // Then alice is paged at once, and dan (next commander on call) once alice has not answered within 1s
    await until(() => `the escalated page; pages:\n${pages()}\nserve:\n${err}`, () => /page P\d+ to dan \(escalated from P1\) try 1 sent/.test(err), 20_000, 50);
    expect(pages()).toMatch(new RegExp(`^slack:@alice\\|${id}\\|${id} SEV1 "Leak" opened: you are the commander\\|`, 'm'));
    expect(pages()).toMatch(/^pager:\+15550101\|[^\n]*opened: you are the commander \(escalated: not acknowledged by alice within 1s\)/m);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // And dan's inbox lists the page; alice's the approval she can give and the step she owns
    const danInbox = await aiopsInProcess(p, ['inbox', '--json'], { as: 'dan' });
    expect(danInbox.exitCode, danInbox.stderr).toBe(0);
    expect(danInbox.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'page', incident: id, reason: 'opened', escalatedFrom: 'P1' })]));
    const aliceInbox = await aiopsInProcess(p, ['inbox'], { as: 'alice' });
    expect(aliceInbox.stdout).toContain(`${id}  approve  pause as commander`);
    expect(aliceInbox.stdout).toContain(`${id}  step     assign-roles (commander) current`);
    expect(aliceInbox.stdout).toMatch(new RegExp(`${id}  page     P1 opened: .*\\(aiops ack ${id}\\)`));

    // When dan acknowledges
    const acked = await aiops(p, ['ack', id, '--json'], { as: 'dan' });
    expect(acked.exitCode, acked.stderr).toBe(0);
    expect(acked.json().pages).toEqual(expect.arrayContaining(['P1']));
    // Then no page waits on anyone, and the log holds every page sent and the ack
    const after = await aiopsInProcess(p, ['inbox', '--json'], { as: 'dan' });
    expect(after.json().items.filter((i: { kind: string }) => i.kind === 'page')).toEqual([]);
    const again = await aiops(p, ['ack', id], { as: 'dan' });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('has no page waiting for an ack');
    const verify = await aiopsInProcess(p, ['evidence', 'verify', '--json']);
    expect(verify.exitCode, verify.stderr).toBe(0);
  });
});
