import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliResult } from './helpers/cli.js';
import { type CliLog, cliAdapters, dropCliLogins } from './helpers/cli-logs.js';
import { patience } from './helpers/patience.js';
import { REPO, type TempProject } from './helpers/project.js';

/** The roster people the walks use: one person per role. */
const HOLDER: Record<string, string> = { commander: 'alice', model_owner: 'carol', reviewer: 'bob', communicator: 'dan' };
const ALERTS = join(REPO, 'fixtures', 'alerts');

const logs: CliLog[] = [];
afterAll(async () => {
  for (const l of logs) await l.cleanup();
  await dropCliLogins();
});

/** PagerDuty v3 events match on their fields (event_type, service, priority, title, ...). */
export function addTriggerMapping(p: TempProject, match: string, trigger: string): void {
  const file = join(p.dir, 'aiops.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('\ntriggers:\n');
  writeFileSync(file, text.replace('\ntriggers:\n', `\ntriggers:\n  - match: ${match}\n    trigger: ${trigger}\n`));
}

function ok(r: CliResult): any {
  expect(r.exitCode, `${r.stderr}\n${r.stdout}`).toBe(0);
  return r.json();
}

function refused(r: CliResult, rule: string): void {
  expect(r.exitCode, r.stderr).toBe(3);
  expect(r.stderr).toContain(`refused (${rule})`);
}

interface Walk {
  project: TempProject;
  /** The log the walk writes: SQLite, or PostgreSQL with each person under their own login. */
  log: CliLog;
  id: string;
  run(as: string, ...args: string[]): Promise<CliResult>;
  /** `aiops evidence ...` as the log's owner. */
  owner(args: string[]): Promise<CliResult>;
  /** Works the current step as its holder; returns the incident after it. */
  advance(incident: any, choose: Record<string, string>, holders: Record<string, string>): Promise<any>;
}

type MakeLog = ReturnType<typeof cliAdapters>[number]['make'];

/**
 * Walks run the same commander program in this process (helpers/cli-in-process.ts), which saves a
 * Node start-up per command. One walk (`binary`) runs the first call of each command it uses (start,
 * assign, severity, step, approve, status, close, evidence verify) through the spawned binary.
 */
async function startWalk(make: MakeLog, startArgs: string[], setup?: (p: TempProject) => void, binary = false): Promise<{ walk: Walk; start: any }> {
  const log = await make({ setup, inProcess: true });
  logs.push(log);
  const project = log.project;
  const spawned = new Set<string>();
  const spawnFirst = (command: string) => {
    if (!binary || spawned.has(command)) return false;
    spawned.add(command);
    return true;
  };
  const run = (as: string, ...args: string[]) => log.as(as, ['incident', ...args, '--json'], { spawn: spawnFirst(args[0]!) });
  const owner = (args: string[]) => log.owner(args, { spawn: spawnFirst(args.slice(0, 2).join(' ')) });
  const start = ok(await run('alice', 'start', ...startArgs));
  const id = start.incident.id as string;
  const advance = async (incident: any, choose: Record<string, string>, holders: Record<string, string>) => {
    const step = incident.steps.find((s: any) => s.id === incident.current);
    const who = holders[step.owner]!;
    if (step.kind === 'decision') return ok(await run(who, 'step', id, step.id, '--choose', choose[step.id]!)).incident;
    if (step.kind !== 'action') return ok(await run(who, 'step', id, step.id, '--done', '--note', `${step.id} done`)).incident;
    let last: any;
    for (const role of step.missing as string[]) last = ok(await run(holders[role]!, 'approve', id, step.id, '--note', `ok from ${role}`));
    expect(last.hook, `${step.id} should have fired`).toMatchObject({ ok: true, simulated: false });
    return last.incident;
  };
  return { walk: { project, log, id, run, owner, advance }, start };
}

async function assignAll(w: Walk): Promise<void> {
  for (const role of ['model_owner', 'reviewer', 'communicator']) ok(await w.run('alice', 'assign', w.id, role, HOLDER[role]!));
}

/** Works every remaining step on the path, then mitigates, resolves and closes as `closer`. */
async function finish(w: Walk, incident: any, choose: Record<string, string>, holders = HOLDER): Promise<any> {
  let cur = incident;
  for (let guard = 0; cur.current && guard < 20; guard++) cur = await w.advance(cur, choose, holders);
  expect(cur.current).toBeNull();
  for (const s of cur.steps) expect(['done', 'skipped', 'bypassed']).toContain(s.status);
  ok(await w.run(holders.commander!, 'status', w.id, 'mitigated'));
  ok(await w.run(holders.commander!, 'status', w.id, 'resolved'));
  refused(await w.run(holders.commander!, 'status', w.id, 'mitigated'), 'status.transition');
  const closed = ok(await w.run(holders.commander!, 'close', w.id, '--summary', 'contained, postmortem owner named')).incident;
  expect(closed.status).toBe('closed');
  const verify = await w.owner(['evidence', 'verify', w.id, '--json']);
  expect(verify.exitCode, verify.stdout).toBe(0);
  return closed;
}

describe.each(cliAdapters())('$adapter', ({ adapter, make }) => {
  describe.concurrent('a whole incident through the binary, for each shipped playbook', { timeout: patience(90_000) }, () => {
    it('data-leakage 1.2.0 from an Alertmanager alert, with a commander handoff', async () => {
      // Given an Alertmanager v4 PIIDetectorSpike payload
      const { walk: w, start } = await startWalk(make, ['--from-alert', join(ALERTS, 'alertmanager-v4-pii-spike.json')]);
      // Then the triggers: mapping picked data_leakage, its playbook and severity, and the service label
      expect(start.incident).toMatchObject({
        trigger: 'data_leakage',
        service: 'assistant-eu',
        severity: 'SEV1',
        title: 'PII detector fired 12 times in 5m on assistant-eu',
        playbook: { id: 'data-leakage', version: '1.2.0' },
        alert: { format: 'alertmanager', attachment: { name: 'alert-alertmanager.json' } },
      });
      expect(start.incident.roles.commander).toMatchObject({ person: 'alice', source: 'starter', contact: 'slack:@alice', backups: ['dan'] });
      await assignAll(w);
      ok(await w.run('alice', 'step', w.id, 'assign-roles', '--done'));
      // When alice hands commander to dan
      const handed = ok(await w.run('alice', 'handoff', w.id, 'commander', 'dan')).incident;
      // Then the old holder is recorded and alice lost commander authority
      expect(handed.roles.commander.person).toBe('dan');
      expect(handed.roleHistory.filter((h: any) => h.role === 'commander')).toMatchObject([
        { person: 'alice', to: expect.any(String), handoff: false },
        { person: 'dan', to: null, handoff: true },
      ]);
      refused(await w.run('alice', 'approve', w.id, 'pause'), 'approval.role');
      const closed = await finish(w, handed, { leaked: 'yes' }, { ...HOLDER, commander: 'dan', communicator: 'dan' });
      expect(closed.steps.filter((s: any) => s.status !== 'done')).toEqual([]);
      expect(closed.refusals).toBe(2);
    });

    it('data-leakage 1.1.0 pinned explicitly: pause needs commander and model owner', async () => {
      const { walk: w, start } = await startWalk(make, ['--playbook', 'data-leakage@1.1.0', '--service', 'assistant-us']);
      expect(start.incident.playbook.version).toBe('1.1.0');
      expect(start.incident.severity).toBe('SEV1');
      await assignAll(w);
      let inc = ok(await w.run('alice', 'step', w.id, 'assign-roles', '--done')).incident;
      expect(inc.steps.find((s: any) => s.id === 'pause').needs).toEqual(['commander', 'model_owner']);
      // a missing second approver: the hook does not run
      const first = ok(await w.run('alice', 'approve', w.id, 'pause'));
      expect(first.missing).toEqual(['model_owner']);
      refused(await w.run('alice', 'step', w.id, 'pause', '--done'), 'approval.missing');
      inc = first.incident;
      const closed = await finish(w, inc, { leaked: 'no' });
      expect(closed.steps.find((s: any) => s.id === 'preserve-evidence').status).toBe('bypassed');
    });

    it('hallucinated-commitment: wrong-role refusals, then rollback with two approvers', async () => {
      const { walk: w, start } = await startWalk(make, ['--trigger', 'hallucinated_commitment', '--service', 'billing-bot']);
      expect(start.incident.severity).toBe('SEV2');
      refused(await w.run('bob', 'assign', w.id, 'reviewer', 'bob'), 'authority.assign');
      await assignAll(w);
      refused(await w.run('dan', 'step', w.id, 'triage', '--done'), 'step.owner');
      refused(await w.run('dan', 'approve', w.id, 'rollback'), 'approval.role');
      refused(await w.run('bob', 'severity', w.id, 'SEV1', '--reason', 'press'), 'authority.severity');
      const inc = ok(await w.run('alice', 'show', w.id)).incident;
      expect(inc.refusals).toBe(4);
      await finish(w, inc, { reproduce: 'reproducible', honour: 'honour' });
    });

    it('output-spike: severity raised and lowered, rollback then pause', async () => {
      // (each command's first call through the binary on SQLite; PostgreSQL's binary path is walked by pg-team, each person under their own login)
      const { walk: w } = await startWalk(make, ['--trigger', 'latency_anomaly', '--service', 'assistant-eu'], undefined, adapter === 'sqlite');
      await assignAll(w);
      ok(await w.run('alice', 'severity', w.id, 'SEV1', '--reason', 'token spend 6x'));
      const inc = ok(await w.run('alice', 'severity', w.id, 'SEV2', '--reason', 'spend capped')).incident;
      expect(inc.severityHistory.map((h: any) => [h.to, h.reason])).toEqual([
        ['SEV3', expect.stringContaining('trigger latency_anomaly')],
        ['SEV1', 'token spend 6x'],
        ['SEV2', 'spend capped'],
      ]);
      const closed = await finish(w, inc, { 'recent-change': 'model-version', recovered: 'no' });
      expect(closed.steps.filter((s: any) => s.hook && s.status === 'done').map((s: any) => s.id)).toEqual(['rollback', 'pause']);
    });

    it('policy-violation: self-approval under the two-person rule is refused; the approval record is complete', async () => {
      const { walk: w } = await startWalk(make, ['--trigger', 'policy_violation', '--service', 'chat', '--context', 'model=gpt-x-2026-01', '--context', 'prompt=v41']);
      await assignAll(w);
      let inc = ok(await w.run('alice', 'show', w.id)).incident;
      for (let i = 0; i < 4; i++) inc = await w.advance(inc, { reproducible: 'reproducible' }, HOLDER);
      expect(inc.current).toBe('rollback');
      ok(await w.run('bob', 'approve', w.id, 'rollback', '--note', 'reproduced with plain prompts'));
      refused(await w.run('bob', 'approve', w.id, 'rollback'), 'approval.two-person');
      const after = ok(await w.run('alice', 'approve', w.id, 'rollback'));
      expect(after.hook.ok).toBe(true);
      const log = (await w.owner(['evidence', 'export', w.id])).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
      const grants = log.filter((e) => e.type === 'approval.granted');
      expect(grants.map((g) => [g.actor, g.role])).toEqual([['bob', 'reviewer'], ['alice', 'commander']]);
      expect(grants[0].payload).toMatchObject({
        step: 'rollback',
        hook: 'rollback-prompt',
        argv: [expect.stringMatching(/fixtures\/hooks\/model-rollback\.sh$/), 'rollback', '--kind', 'prompt', '--service', 'chat', '--to', 'previous', '--incident', w.id],
        playbook: { id: 'policy-violation', version: '1.0.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        context: { model: 'gpt-x-2026-01', prompt: 'v41' },
        note: 'reproduced with plain prompts',
      });
      expect(log.find((e) => e.type === 'policy.refused').payload).toMatchObject({ rule: 'approval.two-person', command: 'approve' });
      await finish(w, after.incident, { reproducible: 'reproducible' });
    });

    it('reviewer-disagreement: a deny blocks until re-requested; the commander overrides past the reviewer', async () => {
      const { walk: w, start } = await startWalk(make, ['--trigger', 'review_miss', '--service', 'support-bot']);
      expect(start.incident.severity).toBe('SEV2');
      await assignAll(w);
      let inc = ok(await w.run('alice', 'show', w.id)).incident;
      for (let i = 0; i < 4; i++) inc = await w.advance(inc, { 'reached-users': 'reached-users' }, HOLDER);
      expect(inc.current).toBe('pause');
      inc = ok(await w.run('bob', 'deny', w.id, 'pause', '--reason', 'mandatory-review mode is enough')).incident;
      expect(inc.steps.find((s: any) => s.id === 'pause').display).toBe('denied');
      refused(await w.run('alice', 'approve', w.id, 'pause'), 'approval.denied');
      ok(await w.run('alice', 'request', w.id, 'pause'));
      refused(await w.run('bob', 'approve', w.id, 'pause', '--override', '--reason', 'hurry'), 'override.commander');
      const over = ok(await w.run('alice', 'approve', w.id, 'pause', '--override', '--reason', 'reviewer offline, outputs still shipping'));
      expect(over.hook.ok).toBe(true);
      expect(over.incident.overrides).toBe(1);
      expect(over.incident.steps.find((s: any) => s.id === 'pause').approvals[0]).toMatchObject({ person: 'alice', override: { reason: 'reviewer offline, outputs still shipping', missing: ['commander', 'reviewer'] } });
      await finish(w, over.incident, { 'reached-users': 'reached-users' });
    });

    it('unexpected-tool-call from a PagerDuty v3 event, with on-call assignment', async () => {
      const { walk: w, start } = await startWalk(make, 
        ['--from-alert', join(ALERTS, 'pagerduty-v3-incident-triggered.json'), '--assign-oncall'],
        (p) => addTriggerMapping(p, '{event_type: incident.triggered, service: assistant-agents}', 'unexpected_tool_call'),
      );
      expect(start.incident).toMatchObject({ trigger: 'unexpected_tool_call', service: 'assistant-agents', severity: 'SEV1', alert: { format: 'pagerduty' } });
      // on-call primaries from roster.yaml: alice already holds commander, the rest are given and logged as on-call
      expect(Object.fromEntries(Object.entries(start.incident.roles).map(([r, h]: [string, any]) => [r, [h.person, h.source]]))).toEqual({
        commander: ['alice', 'starter'],
        model_owner: ['carol', 'oncall'],
        reviewer: ['bob', 'oncall'],
        communicator: ['dan', 'oncall'],
      });
      await finish(w, start.incident, { 'side-effects': 'yes' });
    });
  });
});
