import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeHookProject, readDumps } from './helpers/hook-project.js';
import type { TempProject } from './helpers/project.js';

// After `incident edit --service`, the rollback rolled the new service back to the old service's
// version: the inventory pin stayed the one taken at start, for the service the incident no longer names.

let project: TempProject;
beforeAll(() => {
  // The shipped rollback-model hook, with a program that records the argv it is given.
  project = makeHookProject((config) => {
    config.hooks['rollback-model'].command = ['./fixtures/hook-tests/dump-argv.sh', '--service', '{{params.service}}', '--to', '{{params.version}}'];
  });
});
afterAll(() => project.cleanup());

const cli = (args: string[], as = 'alice') => aiopsInProcess(project, args, { as });
function ok(r: CliResult): string {
  expect(r.exitCode, `${r.stderr}\n${r.stdout}`).toBe(0);
  return r.stdout;
}
async function events(id: string): Promise<any[]> {
  const r = await cli(['evidence', 'export', id]);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').slice(1).map((l: string) => JSON.parse(l));
}

describe('incident edit --service re-pins the version inventory', () => {
  it('the rollback rolls the new service back to its own previous version; approvals given before the edit lapse', async () => {
    // Given two services with two deploys each
    for (const [svc, v1, v2] of [['s1', 'm1', 'm2'], ['real-svc', 'rm1', 'rm2']]) {
      ok(await cli(['inventory', 'set', svc!, `model=${v1}`, '--reason', 'a']));
      ok(await cli(['inventory', 'set', svc!, `model=${v2}`, '--reason', 'b']));
    }
    // And an incident opened on the wrong service, whose rollback the commander approved already
    const opened = JSON.parse(ok(await cli(['incident', 'start', '--trigger', 'output_spike', '--service', 's1', '--title', 'x', '--json'])));
    const id: string = opened.incident.id;
    ok(await cli(['incident', 'assign', id, 'model_owner', 'carol']));
    ok(await cli(['incident', 'approve', id, 'rollback', '--yes']));

    // When the commander moves the incident to the right service
    const edited = ok(await cli(['incident', 'edit', id, '--service', 'real-svc', '--reason', 'alert named wrong service']));
    // Then the edit says the pin moved
    expect(edited).toContain('service: "s1" → "real-svc"\ninventory: model m2 → rm2 (real-svc)\n');
    expect(edited).toContain('--service real-svc --to rm1');

    // When both approve the rollback
    const carol = await cli(['incident', 'approve', id, 'rollback'], 'carol');
    expect(carol.exitCode, carol.stderr).toBe(0);
    // Then the approval given before the edit no longer counts
    expect(carol.stderr).toContain('were for another command and lapsed');
    expect(carol.stdout).toContain('still missing commander');
    expect(readDumps(project.stateDir)).toHaveLength(0);
    ok(await cli(['incident', 'approve', id, 'rollback', '--yes']));

    // Then the rollback ran to real-svc's previous version, not s1's
    expect(readDumps(project.stateDir).map((d) => d.slice(1))).toEqual([['--service', 'real-svc', '--to', 'rm1']]);
    // And the log records the new pin in the edit, and approvals that name the argv run beside the versions live
    const log = await events(id);
    const edit = log.find((e) => e.type === 'incident.edited');
    expect(edit.payload).toMatchObject({ service: 'real-svc', previous: { service: 's1', inventory: { model: 'm2' } }, inventory: { service: 'real-svc', live: { model: 'rm2' }, previous: { model: 'rm1' } } });
    const grants = log.filter((e) => e.type === 'approval.granted').map((e) => [e.actor, e.payload.command.slice(1), e.payload.inventory]);
    expect(grants).toEqual([
      ['alice', ['--service', 's1', '--to', 'm1'], { model: 'm2' }],
      ['carol', ['--service', 'real-svc', '--to', 'rm1'], { model: 'rm2' }],
      ['alice', ['--service', 'real-svc', '--to', 'rm1'], { model: 'rm2' }],
    ]);
    expect(log.filter((e) => e.type === 'approval.lapsed')).toHaveLength(1);

    // And the postmortem keeps the opening's pin on its line, and shows the re-pin on the edit's row
    const md = ok(await cli(['export', id, '--format', 'md']));
    expect(md).toContain('Incident opened on s1: x');
    expect(md).toContain('versions live: model m2 - changed in the 24 h before');
    expect(md).toContain('Edited by alice: service from "s1" to "real-svc" - inventory re-pinned: model m2 → rm2 (real-svc), previous: model rm1');
    expect(JSON.parse(ok(await cli(['evidence', 'verify', '--json']))).ok).toBe(true);
  });
});
