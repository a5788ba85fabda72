import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('aiops scenario record', () => {
  it('turns a real incident into a scenario that validates and replays to a full score, with secrets redacted', async () => {
    project = makeProject();
    const env = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
    // Given a real incident the team worked
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Tenant B saw invoices', '--service', 'assistant-eu', '--json'], { as: 'alice', env });
    const id = start.json().incident.id as string;
    const run = async (as: string, args: string[]) => {
      const r = await aiops(project, args, { as, env });
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    };
    await run('alice', ['incident', 'assign', id, 'reviewer', 'bob']);
    await run('alice', ['incident', 'step', id, 'assign-roles', '--done']);
    await run('alice', ['incident', 'approve', id, 'pause', '--note', 'pausing now']);
    await run('bob', ['incident', 'note', id, 'the output echoed api_key=sk-live1234567890abcdefghij to a user']);
    await run('bob', ['incident', 'step', id, 'leaked', '--choose', 'yes', '--note', 'confirmed in 3 of 10']);
    await run('alice', ['incident', 'status', id, 'mitigated', '--reason', 'paused']);
    // When it is recorded as a scenario
    const rec = await aiops(project, ['scenario', 'record', id, '-o', 'scenarios/replay.yaml', '--json']);
    expect(rec.exitCode, rec.stderr).toBe(0);
    expect(rec.json()).toMatchObject({ valid: true, problems: [] });
    const text = readFileSync(join(project.dir, 'scenarios', 'replay.yaml'), 'utf8');
    // Then the secret is gone, the note is an inject and the actions are the script
    expect(text).not.toContain('sk-live1234567890abcdefghij');
    expect(text).toContain('[REDACTED]');
    const sc = rec.json().scenario;
    expect(sc.injects.map((i: any) => i.kind)).toEqual(['alert', 'note']);
    // The starter's commander is named by the script at T+0 (in a drill the starter is only the facilitator)
    expect(sc.script.map((e: any) => `${e.as} ${e.do}`)).toEqual(['alice assign', 'alice assign', 'alice step', 'alice approve', 'bob step', 'alice status']);
    expect(sc.script[0]).toMatchObject({ at: '0s', do: 'assign', args: { role: 'commander', person: 'alice' } });
    expect(sc.expectations.map((e: any) => e.id)).toEqual(['reviewer-named', 'done-assign-roles', 'pause-feature-ok', 'decided-leaked', 'mitigated']);
    // And it validates and replays to a full score
    const valid = await aiops(project, ['scenario', 'validate', 'scenarios/replay.yaml']);
    expect(valid.exitCode, valid.stderr + valid.stdout).toBe(0);
    const drill = await aiops(project, ['drill', sc.id, '--auto', '--json'], { env });
    expect(drill.exitCode, drill.stderr).toBe(0);
    expect(drill.json().score).toMatchObject({ score: 100, earned: 9, possible: 9 });
    // And refuses to overwrite without --force
    const again = await aiops(project, ['scenario', 'record', id, '-o', 'scenarios/replay.yaml']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});
