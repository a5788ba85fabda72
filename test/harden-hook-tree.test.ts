import { execa } from 'execa';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as cli } from './helpers/cli-in-process.js';
import { makeHookProject } from './helpers/hook-project.js';
import { BIN, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';
import { gone, killLeftovers, pidsIn, until } from './helpers/processes.js';

let project: TempProject | undefined;
const leftovers: number[] = [];
afterEach(() => {
  killLeftovers(leftovers);
  project?.cleanup();
});

/** A hook that leaves two `sleep 1000 &` children (one of them in a session of its own) and waits. */
function spawningProject(timeout: string): TempProject {
  const p = makeHookProject((c) => {
    c.hooks.spawner = { command: ['./spawner.sh'], env: ['AIOPS_STATE_DIR'], timeout };
  });
  const script = join(p.dir, 'spawner.sh');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      'sleep 1000 &',
      'echo $! >> "$AIOPS_STATE_DIR/children"',
      'setsid sleep 1000 &',
      'echo $! >> "$AIOPS_STATE_DIR/children"',
      'echo started > "$AIOPS_STATE_DIR/ready"',
      'wait',
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
  return p;
}

const children = (p: TempProject) => pidsIn(join(p.stateDir, 'children'));

async function startIncident(p: TempProject): Promise<string> {
  const r = await cli(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json().incident.id;
}

describe('a hook that spawns background children', () => {
  it('that times out: its children are ended with it, and the run is recorded as timed out', async () => {
    // Given a hook that starts `sleep 1000 &` twice and waits, with a short timeout
    project = spawningProject('600ms');
    const id = await startIncident(project);
    expect((await cli(project, ['hook', 'run', id, 'spawner'], { as: 'alice' })).exitCode).toBe(3);
    // When the commander approves it and it runs into its timeout
    const ran = await cli(project, ['incident', 'approve', id, 'hook:spawner', '--json'], { as: 'alice' });
    leftovers.push(...children(project));
    // Then the run failed as timed out, and no child of it is still running
    expect(ran.exitCode).toBe(1);
    expect(ran.json().hook).toMatchObject({ ok: false, timedOut: true });
    expect(children(project)).toHaveLength(2);
    for (const pid of children(project)) expect(gone(pid), `pid ${pid}`).toBe(true);
  }, patience(30_000));

  it('that is interrupted (aiops gets SIGINT): its children are ended, and the run is recorded as interrupted', async () => {
    project = spawningProject('60s');
    const p = project;
    const id = await startIncident(p);
    expect((await cli(p, ['hook', 'run', id, 'spawner'], { as: 'alice' })).exitCode).toBe(3);
    // Given aiops running the hook, its children started
    const child = execa('node', [BIN, '--as', 'alice', 'incident', 'approve', id, 'hook:spawner'], {
      cwd: p.dir,
      env: { AIOPS_STATE_DIR: p.stateDir, AIOPS_DB: '', NO_COLOR: '1', AIOPS_CONFIG: '' },
      reject: false,
    });
    await until('the hook to start its children', () => existsSync(join(p.stateDir, 'ready')));
    leftovers.push(...children(p));
    // When aiops is interrupted
    child.kill('SIGINT');
    const done = await child;
    // Then it stops, every child is gone, and the log says why the run failed
    expect(done.exitCode, done.stderr).not.toBe(0);
    await until('the children to end', () => children(p).every(gone), 10_000);
    const ev = await cli(p, ['evidence', 'export', id]);
    expect(ev.stdout).toContain('interrupted: aiops got SIGINT');
  }, patience(30_000));
});
