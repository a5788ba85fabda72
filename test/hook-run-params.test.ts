import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as cli } from './helpers/cli-in-process.js';
import { makeHookProject, readDumps } from './helpers/hook-project.js';
import type { TempProject } from './helpers/project.js';
import { showArgv } from '../src/core/show-argv.js';

let project: TempProject;
afterEach(() => project?.cleanup());

async function start(p: TempProject): Promise<string> {
  const r = await cli(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--context', 'k=c', '--json'], { as: 'alice' });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json().incident.id;
}

async function eventTypes(p: TempProject, id: string): Promise<string[]> {
  const r = await cli(p, ['evidence', 'export', id]);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l).type);
}

describe('aiops hook run checks its params before asking for anything', () => {
  it('refuses a missing param as invalid input (exit 2) with what to pass, writing nothing and leaving nothing to approve', async () => {
    project = makeHookProject();
    const id = await start(project);
    const before = await eventTypes(project, id);
    const r = await cli(project, ['hook', 'run', id, 'dump'], { as: 'alice' });
    expect(r.exitCode, r.stderr).toBe(2);
    // The same words hook test uses for it
    expect(r.stderr).toContain('no value for {{params.x}} (pass --param x=VALUE)');
    expect(r.stderr).not.toMatch(/approval\.missing|incident approve/);
    expect(await eventTypes(project, id)).toEqual(before);
    const list = await cli(project, ['incident', 'list', '--json']);
    expect(list.json().incidents[0].awaiting).toBeUndefined();
    expect(list.stdout).not.toContain('hook:dump');
    const approve = await cli(project, ['incident', 'approve', id, 'hook:dump'], { as: 'alice' });
    expect(approve.stderr).toContain(`nothing was requested for hook:dump`);
    expect(readDumps(project.stateDir)).toEqual([]);
  });

  it('lets a param the command does not use through (a script may read it as AIOPS_PARAMS_*), and hook test notes it', async () => {
    project = makeHookProject();
    const id = await start(project);
    const dry = await cli(project, ['hook', 'test', 'dump', '--incident', id, '--param', 'x=1', '--param', 'bogus=1', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.json().notes).toContain('--param bogus is not used in the command (still exported as AIOPS_PARAMS_*; its params: x)');
    // Params that fill the command ask for approval as before, the unused one too
    const ok = await cli(project, ['hook', 'run', id, 'dump', '--param', 'x=1', '--param', 'bogus=1'], { as: 'alice' });
    expect(ok.exitCode, ok.stderr).toBe(3);
    expect(ok.stderr).toContain(`aiops incident approve ${id} hook:dump`);
  });
});

describe('a value that is missing is shown as missing, never as an empty argument', () => {
  it('showArgv marks each missing value in place and quotes a literal that only looks like one', () => {
    expect(showArgv(['./x.sh', '--tool', [{ missing: 'params.tool' }], ['--model=', { missing: 'context.model' }], '', '<missing: y>'])).toBe(
      "./x.sh --tool <missing: params.tool> --model=<missing: context.model> '' '<missing: y>'",
    );
  });

  it('incident show says which value a step hook lacks; --json keeps its argv', async () => {
    project = makeHookProject((c) => {
      c.hooks['pause-feature'].command.splice(2, 0, '--model={{context.model}}');
    });
    const id = await start(project);
    const text = await cli(project, ['incident', 'show', id], { as: 'alice' });
    expect(text.exitCode, text.stderr).toBe(0);
    const runs = text.stdout.split('\n').find((l) => l.includes('runs:') && l.includes('feature-flag.sh'));
    expect(runs).toContain('--model=<missing: context.model> ');
    expect(runs).not.toContain("''");
    const json = await cli(project, ['incident', 'show', id, '--json'], { as: 'alice' });
    const pause = json.json().incident.steps.find((s: any) => s.id === 'pause');
    // The versioned --json document keeps its documented shape: argv as the resolver gives it
    expect(pause).not.toHaveProperty('argvShown');
    // The argv itself is still what the resolver gives; the hook cannot run until the value is there
    expect(pause.argv).toContain('--model=');
  });
});
