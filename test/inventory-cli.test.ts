import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// The first test runs every command through the binary; the rest are one command at a time, run in-process.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = makeProject({ withScenarios: false });
});
afterAll(() => project.cleanup());

const at = (iso: string) => ({ env: { AIOPS_NOW: iso } });

describe('aiops inventory through the binary (issue 19)', () => {
  it('sets versions with a reason, shows live, previous and history, and keeps the chain verifiable', async () => {
    // Given two deploys recorded by a deploy job, the second with a hostile reason
    expect((await aiopsSpawned(project, ['--as', 'alice', 'inventory', 'set', 'shop-assistant', 'model=m1', 'prompt=p6', '--reason', 'first'], at('2026-03-01T00:00:00.000Z'))).exitCode).toBe(0);
    const set = await aiopsSpawned(project, ['--as', 'carol', 'inventory', 'set', 'shop-assistant', 'prompt=p7', '--reason', 'deploy \u001b[31mred'], at('2026-03-01T10:00:00.000Z'));
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toBe('shop-assistant: prompt p7 (was p6), logged at seq 2');
    // When the inventory is shown
    const shown = await aiopsSpawned(project, ['inventory', 'shop-assistant']);
    // Then live and previous versions and the history, newest first, with the escape made visible
    expect(shown.stdout).toContain('  prompt  live p7   previous p6\n');
    expect(shown.stdout).toContain('  model   live m1\n');
    expect(shown.stdout).toMatch(/2026-03-01 10:00:\d\d UTC {2}carol: prompt p7 \(was p6\) - deploy ␛\[31mred\n.*2026-03-01 00:00:\d\d UTC {2}alice: model m1, prompt p6 - first/s);
    expect(shown.stdout).not.toContain('\u001b');
    const json = (await aiopsSpawned(project, ['inventory', '--json'])).json();
    expect(json.services[0]).toMatchObject({ service: 'shop-assistant', live: { model: 'm1', prompt: 'p7' }, previous: { prompt: 'p6' } });
    // And --json lists the history newest first too, the stored reason keeping the bytes as given
    expect(json.services[0].history.map((c: { reason: string }) => c.reason)).toEqual(['deploy \u001b[31mred', 'first']);
    expect((await aiopsSpawned(project, ['evidence', 'verify'])).exitCode).toBe(0);
  });

  it('a deploy job that sets versions already live exits 0, says nothing changed and writes nothing', async () => {
    // Given a deploy recorded once
    expect((await aiops(project, ['--as', 'alice', 'inventory', 'set', 'idem-svc', 'model=m1', 'prompt=p1', '--reason', 'deploy 7'])).exitCode).toBe(0);
    const head = (await aiops(project, ['evidence', 'verify', '--json'])).json();
    // When the same job runs again, as text and as JSON
    const again = await aiops(project, ['--as', 'alice', 'inventory', 'set', 'idem-svc', 'prompt=p1', 'model=m1', '--reason', 'deploy 7 (retry)']);
    expect([again.exitCode, again.stdout, again.stderr]).toEqual([0, 'idem-svc: model, prompt already live as given; nothing changed, nothing logged', '']);
    const json = await aiops(project, ['--as', 'alice', 'inventory', 'set', 'idem-svc', 'prompt=p1', '--reason', 'deploy 7 (retry)', '--json']);
    expect(json.exitCode, json.stderr).toBe(0);
    expect(json.json()).toMatchObject({ change: null, unchanged: ['prompt'] });
    // Then nothing was written
    expect((await aiops(project, ['evidence', 'verify', '--json'])).json()).toEqual(head);
    expect((await aiops(project, ['inventory', 'idem-svc', '--json'])).json().services[0].history).toHaveLength(1);
  });

  it('a line feed in a reason, or a C1 control in a version, cannot add a forged row to the history', async () => {
    // Given a change whose reason carries a line that looks like another history entry, and a version with a C1 CSI
    const forged = 'hotfix\n    2026-12-05 04:00:00 UTC  alice: prompt v9-evil (was v8) - approved by CAB';
    expect((await aiops(project, ['--as', 'alice', 'inventory', 'set', 'forge', 'prompt=v8', '--reason', 'first'])).exitCode).toBe(0);
    expect((await aiops(project, ['--as', 'alice', 'inventory', 'set', 'forge', 'prompt=v9', '--reason', forged])).exitCode).toBe(0);
    const set = await aiops(project, ['--as', 'alice', 'inventory', 'set', 'forge', 'model=m\u009b2J', '--reason', 'x']);
    expect(set.stdout).toMatch(/^forge: model m<U\+009B>2J, logged at seq \d+$/);
    // When the history is listed
    const shown = await aiops(project, ['inventory', 'forge']);
    // Then each change is one row, the line feed shown as ␊, the C1 control made visible
    const rows = shown.stdout.split('\n');
    expect(rows.filter((r) => /^ {4}\d{4}-/.test(r))).toHaveLength(3);
    expect(shown.stdout).toMatch(/^ {4}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}alice: prompt v9 \(was v8\) - hotfix␊ {4}2026-12-05 04:00:00 UTC {2}alice: prompt v9-evil \(was v8\) - approved by CAB$/m);
    expect(rows).toContain('  model   live m<U+009B>2J');
    expect(shown.stdout).not.toMatch(/[\u0080-\u009f]/);
    // And the stored reason keeps its bytes
    expect((await aiops(project, ['inventory', 'forge', '--json'])).json().services[0].history.map((c: { reason: string }) => c.reason)).toContain(forged);
  });

  it('refuses a 10,000-character version with exit 2, quoting its start and length and the limit, not all of it', async () => {
    // Given a version pasted 10,000 characters long, and a service name too long
    const long = await aiops(project, ['--as', 'alice', 'inventory', 'set', 'shop-assistant', `model=${'a'.repeat(10_000)}`, '--reason', 'x']);
    const name = await aiops(project, ['--as', 'alice', 'inventory', 'set', 'b'.repeat(300), 'model=m1', '--reason', 'x', '--json']);
    // Then each is refused, naming the limit, with the value cut to its first 60 characters and its length
    expect(long.exitCode).toBe(2);
    expect(long.stderr).toContain(`model: "${'a'.repeat(60)}…" (10000 characters) is too long for a version: at most 500 characters`);
    expect(long.stderr.length).toBeLessThan(300);
    expect(name.exitCode).toBe(2);
    expect(name.json().error).toMatchObject({ kind: 'invalid-input', message: `"${'b'.repeat(60)}…" (300 characters) is too long for a service name: at most 200 characters` });
    expect(name.stdout).not.toContain('b'.repeat(61));
    // And a version of exactly the limit is taken
    expect((await aiops(project, ['--as', 'alice', 'inventory', 'set', 'limit-svc', `model=${'v'.repeat(500)}`, '--reason', 'x'])).exitCode).toBe(0);
  });

  it('refuses an unknown field with exit 2 and a hint, and an unknown service when shown', async () => {
    const bad = await aiops(project, ['--as', 'alice', 'inventory', 'set', 'shop-assistant', 'weights=w1', '--reason', 'x']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('"weights" is not an inventory field');
    const none = await aiops(project, ['inventory', 'nope']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('services with one: shop-assistant');
  });

  it('names the inventory stream in any case, as incident ids are, and export suggests no upper-case id that is none', async () => {
    expect((await aiops(project, ['--as', 'alice', 'inventory', 'set', 'eu-assistant', 'model=m9', '--reason', 'deploy'])).exitCode).toBe(0);
    // evidence export and verify take the stream's id as typed, in any case
    const lower = await aiops(project, ['evidence', 'export', 'inventory']);
    expect(lower.exitCode, lower.stderr).toBe(0);
    for (const id of ['INVENTORY', 'Inventory']) {
      const r = await aiops(project, ['evidence', 'export', id]);
      expect([r.exitCode, r.stderr], id).toEqual([0, '']);
      expect(r.stdout, id).toBe(lower.stdout);
      expect((await aiops(project, ['evidence', 'verify', id])).exitCode, id).toBe(0);
    }
    // export writes incidents: the inventory is none, and INVENTORY is not offered as one
    for (const id of ['inventory', 'INVENTORY']) {
      const r = await aiops(project, ['export', id]);
      expect(r.exitCode, id).toBe(2);
      expect(r.stderr, id).not.toContain('upper case');
      expect(r.stderr, id).toContain('try: inventory is the version inventory\'s stream, not an incident: aiops inventory shows it, aiops evidence export inventory writes its events');
    }
    const other = await aiops(project, ['export', 'nope']);
    expect(other.stderr).toBe(`aiops: no incident nope in ${project.db}\n  try: aiops incident list --all shows every incident and drill`);
  });
});
