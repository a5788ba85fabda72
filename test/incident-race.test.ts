import { afterAll, describe, expect, it } from 'vitest';
import type { CliResult } from './helpers/cli.js';
import { type CliLog, cliAdapters, dropCliLogins } from './helpers/cli-logs.js';

// Several terminals (on PostgreSQL: several hosts, each with its own login) race on one incident:
// the write lock keeps the chain linear and the expectation check re-decides stale commands.
const logs: CliLog[] = [];
afterAll(async () => {
  for (const l of logs) await l.cleanup();
  await dropCliLogins();
});

function noBusy(results: CliResult[]): void {
  for (const r of results) {
    // 0 ok, 2 nothing left to do (already done / already approved), 3 refused; never a failure
    expect([0, 2, 3], r.stderr).toContain(r.exitCode);
    expect(r.stderr).not.toMatch(/SQLITE_BUSY|locked|deadlock|serialize|bug in aiops/);
  }
}

describe.each(cliAdapters())('several terminals acting on one incident at once ($adapter)', ({ adapter, make }) => {
  it('4 processes approving, noting and completing steps: gap-free chain, no duplicate approvals, nothing lost', async () => {
    // (the log is set up, started and read back in-process; every command that races is a process of its own)
    const log = await make({ inProcess: true });
    logs.push(log);
    const run = (as: string, ...args: string[]) => log.as(as, ['incident', ...args, '--json'], { spawn: true });
    // Given a policy-violation incident whose rollback needs commander (alice) + reviewer (bob)
    const id = (await log.as('alice', ['incident', 'start', '--trigger', 'policy_violation', '--service', 'chat', '--json'])).json().incident.id as string;
    await Promise.all([run('alice', 'assign', id, 'reviewer', 'bob'), run('alice', 'assign', id, 'model_owner', 'carol'), run('alice', 'assign', id, 'communicator', 'dan')]);

    // When four terminals race, in three rounds
    const round1 = await Promise.all([
      run('alice', 'approve', id, 'rollback'),
      run('bob', 'approve', id, 'rollback'),
      run('bob', 'approve', id, 'rollback'),
      run('dan', 'note', id, 'status page drafted'),
    ]);
    const round2 = await Promise.all([
      run('alice', 'step', id, 'assign-roles', '--done'),
      run('alice', 'step', id, 'assign-roles', '--done'),
      run('bob', 'step', id, 'triage', '--done'),
      run('carol', 'note', id, 'prompt v41 shipped at 01:10'),
    ]);
    const round3 = await Promise.all([
      run('alice', 'severity', id, 'SEV1', '--reason', 'screenshots on social media'),
      run('dan', 'note', id, 'support told'),
      run('bob', 'note', id, 'second transcript attached'),
      run('alice', 'step', id, 'page-reviewer', '--done'),
    ]);
    noBusy([...round1, ...round2, ...round3]);

    // Then every confirmed action is in the log exactly once
    const exp = await log.owner(['evidence', 'export', id]);
    const events = exp.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
    const all = (await log.owner(['evidence', 'export'])).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const grants = events.filter((e) => e.type === 'approval.granted').map((e) => `${e.actor}:${e.payload.role}`);
    expect(grants.sort()).toEqual(['alice:commander', 'bob:reviewer']);
    expect(events.filter((e) => e.type === 'hook.started')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'severity.changed').map((e) => e.payload.to)).toEqual(['SEV1']);
    expect(events.filter((e) => e.type === 'step.completed').map((e) => e.payload.step).sort()).toEqual(['assign-roles', 'page-reviewer', 'rollback', 'triage']);
    expect(events.filter((e) => e.type === 'note.added').map((e) => e.payload.text).sort()).toEqual(['prompt v41 shipped at 01:10', 'second transcript attached', 'status page drafted', 'support told']);
    const okCount = [...round1, ...round2, ...round3].filter((r) => r.exitCode === 0).length;
    // exactly one of the two bob approvals and one of the two assign-roles completions lost the race
    expect(okCount).toBe(10);
    const verify = await log.owner(['evidence', 'verify', '--json']);
    expect(verify.json()).toMatchObject({ ok: true, firstBad: null });
    // On PostgreSQL every row carries the login that wrote it, and each actor is its login's person.
    if (adapter === 'postgres') expect(verify.json()).toMatchObject({ identity: { problems: [] } });
  });
});
