import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventLog } from '../src/store/index.js';
import { aiops } from './helpers/cli.js';
// Each write on the full disk (and the retry once there is space) runs the binary; the start before and the reads after run in-process.
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { APPENDER } from './slow/kill-loop.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const FULL = /database or disk is full; nothing was recorded/;

async function eventCount(db: string): Promise<number> {
  const log = await openEventLog(db, { readonly: true });
  try {
    return (await log.head())?.seq ?? 0;
  } finally {
    await log.close();
  }
}

/** Opens an incident, then lets a store writer append until SQLite refuses for lack of pages. */
async function fullDatabase(): Promise<{ id: string; env: Record<string, string>; acked: number }> {
  project = makeProject({ withScenarios: false });
  const start = await aiopsInProcess(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'disk', '--service', 'svc', '--json'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  const id = start.json().incident.id as string;
  // max_page_count below the current size pins the file at its size; the filler uses up the free space left in it.
  const env = { AIOPS_TEST_MAX_PAGE_COUNT: '1' };
  const fill = spawnSync(process.execPath, [APPENDER, '--db', project.db, '--incident', id, '--actor', 'filler'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(fill.status, 'the filler should stop on a full database').toBe(1);
  expect(fill.stderr).toMatch(FULL);
  const acked = fill.stdout.split('\n').filter((l) => l.startsWith('ack ')).length;
  return { id, env, acked };
}

describe('a full disk', () => {
  it('makes a note fail with exit 1 and a clear message, reports nothing as done, and the log still verifies', async () => {
    // Given an evidence log that cannot grow any more
    const { id, env, acked } = await fullDatabase();
    const before = await eventCount(project.db);
    expect(acked).toBeGreaterThan(0);
    // When a responder adds a note, in human and in JSON form
    const text = 'what we saw: '.padEnd(5000, 'x');
    const human = await aiops(project, ['incident', 'note', id, text], { as: 'bob', env });
    const json = await aiops(project, ['incident', 'note', id, text, '--json'], { as: 'bob', env });
    // Then both fail visibly, say nothing was recorded, and never claim success on stdout
    expect(human.exitCode).toBe(1);
    expect(human.stderr).toMatch(FULL);
    expect(human.stdout).not.toMatch(/note added|ok/i);
    expect(json.exitCode).toBe(1);
    expect(json.json()).toMatchObject({ ok: false, error: { kind: 'failed' } });
    expect(json.json().error.message).toMatch(FULL);
    // And nothing was appended, and the chain still verifies
    expect(await eventCount(project.db)).toBe(before);
    const verify = await aiopsInProcess(project, ['--db', project.db, 'evidence', 'verify', '--json']);
    expect(verify.exitCode, verify.stdout).toBe(0);
    expect(verify.json()).toMatchObject({ ok: true, events: before });
  });

  it('makes incident start fail the same way and leaves no half-opened incident', async () => {
    const { env } = await fullDatabase();
    const before = await eventCount(project.db);
    const r = await aiops(project, ['incident', 'start', '--trigger', 'policy_violation', '--title', 'second', '--service', 'svc'], { as: 'alice', env });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(FULL);
    expect(r.stdout).not.toMatch(/INC-\d{4}-\d{4}/);
    expect(await eventCount(project.db)).toBe(before);
    const list = await aiopsInProcess(project, ['incident', 'list', '--json']);
    expect(list.json().incidents).toHaveLength(1);
  });

  it('recovers once space is back: the same note then succeeds and verifies', async () => {
    const { id, env } = await fullDatabase();
    const text = 'retry after cleanup '.padEnd(5000, 'y');
    expect((await aiops(project, ['incident', 'note', id, text], { as: 'bob', env })).exitCode).toBe(1);
    const again = await aiops(project, ['incident', 'note', id, text, '--json'], { as: 'bob' });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.json().ok).toBe(true);
    const verify = await aiopsInProcess(project, ['--db', project.db, 'evidence', 'verify', '--json']);
    expect(verify.json().ok).toBe(true);
  });
});
