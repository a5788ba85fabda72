import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { loadProject } from '../src/app/project.js';
import { openSession } from '../src/app/session.js';
import { systemClock } from '../src/core/clock.js';
import { aiops, type CliResult } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { type CliLog, cliAdapters, dropCliLogins } from './helpers/cli-logs.js';
import { patience } from './helpers/patience.js';
import { makeProject, type TempProject } from './helpers/project.js';

// README "Running aiops for a team": two hosts, each with its own copy of the project, one
// evidence log. An approval pins the command as aiops.yaml gives it (./fixtures/hooks/... stays
// project-relative), so approvals given on either host count together; any other change of
// program or argument still lapses them.

const ROLLBACK = './fixtures/hooks/model-rollback.sh';
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  await dropCliLogins();
});

function ok(r: CliResult): any {
  expect(r.exitCode, `${r.stderr}\n${r.stdout}`).toBe(0);
  return r.stdout.trim().startsWith('{') ? r.json() : r.stdout;
}

interface TwoHosts {
  log: CliLog;
  hostA: TempProject;
  hostB: TempProject;
  onA(person: string, args: string[]): Promise<CliResult>;
  onB(person: string, args: string[]): Promise<CliResult>;
  events(id: string): Promise<any[]>;
}

/** A second copy of the log's project in another folder (same aiops.yaml and roster), writing the same log. */
async function twoHosts(make: ReturnType<typeof cliAdapters>[number]['make']): Promise<TwoHosts> {
  // Each host's commands run in-process (a walk of many commands); the last test spawns the binary.
  const log = await make({ inProcess: true });
  cleanups.push(() => log.cleanup());
  const hostA = log.project;
  const hostB = makeProject({ withScenarios: false });
  cleanups.push(() => hostB.cleanup());
  for (const f of ['aiops.yaml', 'roster.yaml']) cpSync(join(hostA.dir, f), join(hostB.dir, f));
  const onB = (person: string, args: string[]) =>
    log.adapter === 'sqlite' ? aiopsInProcess(hostB, ['--db', log.db(), ...args], { as: person }) : aiopsInProcess(hostB, ['--db', log.db(person), ...args]);
  const events = async (id: string) => {
    const r = await log.owner(['evidence', 'export', id]);
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
  };
  return { log, hostA, hostB, onA: (person, args) => log.as(person, args), onB, events };
}

async function openIncident(h: TwoHosts): Promise<string> {
  const id = ok(await h.onA('alice', ['incident', 'start', '--trigger', 'policy_violation', '--service', 'chat', '--json'])).incident.id as string;
  ok(await h.onA('alice', ['incident', 'assign', id, 'reviewer', 'bob', '--json']));
  return id;
}

/** Changes one argument of rollback-prompt in a host's aiops.yaml (`--kind prompt` → `--kind model`). */
function editRollbackKind(p: TempProject): void {
  const file = join(p.dir, 'aiops.yaml');
  const text = readFileSync(file, 'utf8');
  const from = `command: [${ROLLBACK}, rollback, --kind, prompt,`;
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, `command: [${ROLLBACK}, rollback, --kind, model,`));
}

for (const { adapter, make } of cliAdapters()) {
  describe(`${adapter}: two project folders on one evidence log`, () => {
    it('bob approves from host B, alice from host A: both count, the hook fires once, from host A', async () => {
      // Given one log and two copies of the project in different folders
      const h = await twoHosts(make);
      expect(h.hostA.dir).not.toBe(h.hostB.dir);
      const id = await openIncident(h);

      // When bob gives the reviewer's approval from host B
      const bob = ok(await h.onB('bob', ['incident', 'approve', id, 'rollback', '--json']));
      expect(bob.missing).toEqual(['commander']);
      // And show on either host lists his approval as counting
      for (const show of [await h.onA('carol', ['incident', 'show', id, '--json']), await h.onB('carol', ['incident', 'show', id, '--json'])]) {
        const step = ok(show).incident.steps.find((s: { id: string }) => s.id === 'rollback');
        expect(step).toMatchObject({ approvals: [{ role: 'reviewer', person: 'bob' }], lapsed: null, missing: ['commander'] });
        expect(step.command[0]).toBe(ROLLBACK);
      }

      // And alice gives the commander's, the last one, from host A
      const alice = await h.onA('alice', ['incident', 'approve', id, 'rollback']);

      // Then it is accepted and the hook runs, once, as host A resolves it
      expect(alice.exitCode, alice.stderr).toBe(0);
      expect(alice.stderr).not.toContain('lapsed');
      expect(alice.stdout).toContain('rollback-prompt: ok');
      const log = await h.events(id);
      expect(log.filter((e) => e.type === 'approval.lapsed')).toEqual([]);
      const grants = log.filter((e) => e.type === 'approval.granted');
      expect(grants.map((e) => [e.actor, e.payload.role, e.payload.command[0], e.payload.argv[0]])).toEqual([
        ['bob', 'reviewer', ROLLBACK, join(h.hostB.dir, ROLLBACK)],
        ['alice', 'commander', ROLLBACK, join(h.hostA.dir, ROLLBACK)],
      ]);
      expect(grants[0].payload.command).toEqual(grants[1].payload.command);
      const started = log.filter((e) => e.type === 'hook.started');
      expect(started).toHaveLength(1);
      expect(started[0].payload).toMatchObject({ hook: 'rollback-prompt', cwd: h.hostA.dir });
      expect(started[0].payload.argv).toEqual([join(h.hostA.dir, ROLLBACK), ...grants[0].payload.command.slice(1)]);
      expect(ok(await h.log.owner(['evidence', 'verify', '--json'])).ok).toBe(true);
    }, patience(120_000));

    it('host B configured another argument: each approval lapses the other, and nothing runs', async () => {
      // Given host B's aiops.yaml passes --kind model where host A's passes --kind prompt
      const h = await twoHosts(make);
      editRollbackKind(h.hostB);
      const id = await openIncident(h);

      // When alice approves on host A, then bob on host B
      ok(await h.onA('alice', ['incident', 'approve', id, 'rollback', '--json']));
      const bob = await h.onB('bob', ['incident', 'approve', id, 'rollback']);

      // Then bob's approval lapses alice's (what would run differs), says so, and the commander is missing again
      expect(bob.exitCode, bob.stderr).toBe(0);
      expect(bob.stderr).toContain('the earlier approvals of rollback (commander: alice) were for another command and lapsed (argv[3] "prompt" → "model")');
      expect(bob.stdout).toContain('still missing commander');
      // And nothing ran
      const log = await h.events(id);
      expect(log.filter((e) => e.type === 'hook.started')).toEqual([]);
      expect(log.find((e) => e.type === 'approval.lapsed')).toMatchObject({ actor: 'bob', payload: { step: 'rollback', changes: ['argv[3] "prompt" → "model"'] } });
    }, patience(120_000));

    it('a change of argument after every approval is in: firing refuses (approval.lapsed, exit 3) and nothing runs', async () => {
      // Given both approvals, from the two hosts, without running the hook
      const h = await twoHosts(make);
      const id = await openIncident(h);
      ok(await h.onB('bob', ['incident', 'approve', id, 'rollback', '--no-run', '--json']));
      ok(await h.onA('alice', ['incident', 'approve', id, 'rollback', '--no-run', '--json']));
      // And then host A's aiops.yaml changes an argument
      editRollbackKind(h.hostA);

      // When host A fires it
      const fired = await h.onA('alice', ['incident', 'step', id, 'rollback', '--done']);

      // Then the approvals lapse and nothing runs
      expect(fired.exitCode, fired.stderr).toBe(3);
      expect(fired.stderr).toContain('refused (approval.lapsed)');
      expect(fired.stderr).toContain('argv[3] "prompt" → "model"');
      expect((await h.events(id)).filter((e) => e.type === 'hook.started')).toEqual([]);
    }, patience(120_000));
  });
}

describe('an approval written by an older aiops, which pinned the resolved argv', () => {
  async function legacyApproval(p: TempProject, id: string, argv0: string): Promise<void> {
    // What aiops wrote before approvals pinned the configured command: argv only, argv[0] absolute.
    const session = await openSession({ cwd: p.dir, env: {}, as: 'alice', clock: systemClock, project: loadProject({ cwd: p.dir, env: {} }) });
    try {
      await act(session, id, { kind: 'approve', step: 'pause', argv: [argv0, 'disable', '--tenant', 'acme', '--incident', id] });
    } finally {
      await session.close();
    }
  }

  it('still matches when the same project fires it, and the hook runs', async () => {
    const p = makeProject({ withScenarios: false });
    cleanups.push(() => p.cleanup());
    const id = ok(await aiopsInProcess(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' })).incident.id as string;
    await legacyApproval(p, id, join(p.dir, 'fixtures/hooks/feature-flag.sh'));
    const grant = (await aiopsInProcess(p, ['evidence', 'export', id])).stdout.split('\n').map((l) => (l ? JSON.parse(l) : null)).find((e) => e?.type === 'approval.granted');
    expect(grant.payload.command).toBeUndefined();

    const show = ok(await aiopsInProcess(p, ['incident', 'show', id, '--json'])).incident.steps.find((s: { id: string }) => s.id === 'pause');
    expect(show).toMatchObject({ approvals: [{ role: 'commander', person: 'alice' }], lapsed: null, missing: [] });
    const fired = await aiopsInProcess(p, ['incident', 'step', id, 'pause', '--done'], { as: 'alice' });
    expect(fired.exitCode, fired.stderr).toBe(0);
    expect(fired.stdout).toContain('pause-feature: ok');
  }, patience(60_000));

  it('still lapses when it was resolved in another folder', async () => {
    // Through the binary itself, once in this file.
    const p = makeProject({ withScenarios: false });
    cleanups.push(() => p.cleanup());
    const id = ok(await aiops(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' })).incident.id as string;
    await legacyApproval(p, id, '/elsewhere/fixtures/hooks/feature-flag.sh');
    const fired = await aiops(p, ['incident', 'step', id, 'pause', '--done'], { as: 'alice' });
    expect(fired.exitCode, fired.stderr).toBe(3);
    expect(fired.stderr).toContain(`argv[0] "/elsewhere/fixtures/hooks/feature-flag.sh" → "${join(p.dir, 'fixtures/hooks/feature-flag.sh')}"`);
  }, patience(60_000));
});
