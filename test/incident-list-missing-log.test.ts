import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the list in a fresh project goes through the binary itself.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('incident list where there is no log', () => {
  it("lists nothing in a project whose own log is not there yet, but names a log given with --db or AIOPS_DB that is not there", async () => {
    project = makeProject({ withScenarios: false });
    // A new project: nothing has been started, nothing to list
    const fresh = await aiopsSpawned(project, ['incident', 'list'], { as: 'alice' });
    expect([fresh.exitCode, fresh.stdout.trim()]).toEqual([0, 'no open incidents']);
    // A mistyped --db is not an empty log
    const typo = join(project.dir, 'ops', 'aiosp.db');
    for (const r of [
      await aiops(project, ['--db', typo, 'incident', 'list'], { as: 'alice' }),
      await aiops(project, ['incident', 'list', '--json'], { as: 'alice', env: { AIOPS_DB: typo } }),
    ]) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`no evidence log at ${typo}`);
      // and the hint points at the path given, not back at --db
      expect(r.stderr).not.toContain('pass --db PATH');
    }
    const show = await aiops(project, ['--db', typo, 'incident', 'show', 'INC-2026-1'], { as: 'alice' });
    expect(show.exitCode).toBe(2);
    expect(show.stderr).toContain(`try: check --db ${typo}: no log is there`);
    // memory: names no file to mistype: a read of it is a read of an empty throwaway log
    const memory = await aiops(project, ['--db', 'memory:', 'incident', 'show', 'INC-2026-1'], { as: 'alice' });
    expect(memory.exitCode).toBe(2);
    expect(memory.stderr).toContain('no incident INC-2026-0001');
  });
});

describe('a log named with --db or AIOPS_DB is created only where its directory already is', () => {
  const start = (p: TempProject, args: string[], env?: Record<string, string>) =>
    aiops(p, [...args, 'incident', 'start', '--trigger', 'data_leakage', '--title', 'x', '--service', 's', '--json'], { as: 'alice', env });

  it('a mistyped directory is refused with exit 2 and nothing created, with --db and with AIOPS_DB', async () => {
    // Given a project whose own log does not exist yet, and paths whose directories are not there
    project = makeProject({ withScenarios: false });
    const typo = join(project.dir, 'x', 'typo', 'dir', 'x.db');
    // When an incident is started on them
    const flag = await aiops(project, ['--db', typo, 'incident', 'start', '--title', 'x'], { as: 'alice' });
    const env = await start(project, [], { AIOPS_DB: 'ops/aiops.db' });
    // Then both are refused, naming the path as given and the directory that is missing
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain(`aiops: --db ${typo}: directory ${join(project.dir, 'x', 'typo', 'dir')} does not exist; create it first, or check the path\n`);
    expect(env.exitCode).toBe(2);
    expect(env.json().error.message).toBe(`$AIOPS_DB=ops/aiops.db: directory ${join(project.dir, 'ops')} does not exist; create it first, or check the path`);
    // And nothing was written: no directory, no log (not even the project's own)
    for (const dir of ['x', 'ops']) expect(existsSync(join(project.dir, dir)), dir).toBe(false);
    expect(existsSync(project.db)).toBe(false);
    // A file where the directory should be is named as such
    writeFileSync(join(project.dir, 'notes'), 'x');
    const file = await start(project, ['--db', 'notes/aiops.db']);
    expect([file.exitCode, file.json().error.message]).toEqual([2, `--db notes/aiops.db: ${join(project.dir, 'notes')} is not a directory; check the path`]);
  });

  it('a new log in a directory that exists is created and said once on stderr; the project\'s own log, default or db:, quietly', async () => {
    project = makeProject({ withScenarios: false });
    mkdirSync(join(project.dir, 'ops'));
    const named = join(project.dir, 'ops', 'evidence.db');
    // When an incident is started on a named log not there yet, Then it is created and said once
    const first = await start(project, ['--db', named]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toBe(`created a new evidence log at ${named}`);
    expect(existsSync(named)).toBe(true);
    // And a command on the log that now exists says nothing, by --db or by AIOPS_DB
    const id = first.json().incident.id;
    const again = await aiops(project, ['--db', named, 'incident', 'note', id, 'second'], { as: 'alice' });
    expect([again.exitCode, again.stderr]).toEqual([0, '']);
    expect((await start(project, [], { AIOPS_DB: named })).stderr).toBe('');
    // The project's default log is created with its .aiops/ directory, without a word
    const own = await start(project, []);
    expect([own.exitCode, own.stderr]).toEqual([0, '']);
    expect(existsSync(project.db)).toBe(true);
    // And so is a log named by db: in aiops.yaml (relative to it), directories and all
    const config = join(project.dir, 'aiops.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('db: .aiops/aiops.db', 'db: logs/team/aiops.db'));
    const byConfig = await start(project, []);
    expect([byConfig.exitCode, byConfig.stderr]).toEqual([0, '']);
    expect(existsSync(join(project.dir, 'logs', 'team', 'aiops.db'))).toBe(true);
  });

  it('memory: is no file: a throwaway log is started without a directory check or a notice', async () => {
    project = makeProject({ withScenarios: false });
    const r = await start(project, ['--db', 'memory:']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
  });
});
