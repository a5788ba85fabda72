import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

const CONFIG_POLICY = `
severity_policies:
  - id: sev1-pause
    at: SEV1
    hooks: [{hook: pause-feature, params: {tenant: "{{incident.service}}"}}]
    approval: policy
    hold_until_ack: commander
`;

const PLAYBOOK_POLICY = `
severity_policies:
  - id: sev2-rollback-first
    at: SEV2
    steps: [rollback]
    hold_until_ack: commander
`;

function fresh(opts: { config?: string; playbook?: string } = {}): TempProject {
  const p = makeProject({ withScenarios: false });
  projects.push(p);
  if (opts.config) writeFileSync(join(p.dir, 'aiops.yaml'), `${readFileSync(join(p.dir, 'aiops.yaml'), 'utf8')}\n${opts.config}`);
  if (opts.playbook) {
    const file = join(p.dir, 'playbooks', 'output-spike.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n${opts.playbook}`);
  }
  return p;
}

const run = (p: TempProject, as: string, args: string[], at: string) => aiopsInProcess(p, args, { as, env: { AIOPS_NOW: at, AIOPS_TEST_CLOCK: '1' } });
const events = async (p: TempProject, id: string) =>
  (await aiopsInProcess(p, ['evidence', 'export', id])).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l) as { type: string; actor: string; payload: Record<string, unknown> });
const flags = (p: TempProject) => (existsSync(join(p.stateDir, 'feature-flags')) ? readFileSync(join(p.stateDir, 'feature-flags'), 'utf8') : '');

describe('severity policies (issue 19)', () => {
  it('a pre-approved aiops.yaml policy reached by `incident severity` holds its hook until the commander acks, then runs it with the policy id logged', async () => {
    const p = fresh({ config: CONFIG_POLICY });
    // Given an incident at SEV3 with bob as reviewer
    const started = await run(p, 'alice', ['incident', 'start', '--trigger', 'latency_anomaly', '--service', 'shop-assistant'], '2026-03-02T10:00:00.000Z');
    expect(started.exitCode, started.stderr).toBe(0);
    await run(p, 'alice', ['incident', 'assign', 'INC-2026-0001', 'reviewer', 'bob'], '2026-03-02T10:00:30.000Z');
    // When the commander raises it to SEV1
    const raised = await run(p, 'alice', ['incident', 'severity', 'INC-2026-0001', 'SEV1', '--reason', 'spend climbing'], '2026-03-02T10:01:00.000Z');
    // Then the policy fires, pre-approved, but holds the pause: nothing ran
    expect(raised.exitCode, raised.stderr).toBe(0);
    expect(raised.stdout).toContain('severity policy sev1-pause: hook:pause-feature held: until the commander acknowledges (aiops ack INC-2026-0001)');
    expect(flags(p)).toBe('');
    const before = await events(p, 'INC-2026-0001');
    expect(before.find((e) => e.type === 'policy.triggered')?.payload).toEqual({
      policy: 'sev1-pause', source: 'aiops.yaml', at: 'SEV1', severity: 'SEV1', items: [{ step: 'policy:sev1-pause:hook:pause-feature', hook: 'pause-feature' }], approval: 'policy', hold: 'commander',
    });
    expect(before.find((e) => e.type === 'approval.granted')).toMatchObject({ actor: 'system', payload: { step: 'policy:sev1-pause:hook:pause-feature', role: 'policy', policy: 'sev1-pause' } });
    // When the reviewer acks: not theirs to acknowledge, nothing fires
    const wrong = await run(p, 'bob', ['ack', 'INC-2026-0001'], '2026-03-02T10:01:30.000Z');
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain('you hold none of the roles its held severity policies wait for (sev1-pause: commander)');
    expect(flags(p)).toBe('');
    // When the commander acks
    const acked = await run(p, 'alice', ['ack', 'INC-2026-0001', '--json'], '2026-03-02T10:02:00.000Z');
    // Then the pause runs once, with the template filled from the incident
    expect(acked.exitCode, acked.stderr).toBe(0);
    expect(acked.json()).toMatchObject({ pages: [], policies: ['sev1-pause'], fired: [{ policy: 'sev1-pause', step: 'policy:sev1-pause:hook:pause-feature', outcome: 'ran', run: 'run-1' }] });
    expect(flags(p)).toMatch(/^shop-assistant disabled .* INC-2026-0001$/m);
    const after = await events(p, 'INC-2026-0001');
    expect(after.map((e) => e.type).slice(-4)).toEqual(['approval.granted', 'policy.acknowledged', 'hook.started', 'hook.finished']);
    expect((after.find((e) => e.type === 'hook.started')?.payload.argv as string[]).slice(1)).toEqual(['disable', '--tenant', 'shop-assistant', '--incident', 'INC-2026-0001']);
    // And lowering and raising again fires nothing more: once per incident
    await run(p, 'alice', ['incident', 'severity', 'INC-2026-0001', 'SEV2', '--reason', 'contained'], '2026-03-02T10:03:00.000Z');
    await run(p, 'alice', ['incident', 'severity', 'INC-2026-0001', 'SEV1', '--reason', 'again'], '2026-03-02T10:04:00.000Z');
    expect((await events(p, 'INC-2026-0001')).filter((e) => e.type === 'policy.triggered' || e.type === 'hook.started')).toHaveLength(2);
    expect((await aiopsInProcess(p, ['evidence', 'verify'])).exitCode).toBe(0);
  });

  it('an incident opened at the policy severity runs a pre-approved policy without a hold at start', async () => {
    const p = fresh({ config: CONFIG_POLICY.replace('    hold_until_ack: commander\n', '') });
    const started = await run(p, 'alice', ['incident', 'start', '--trigger', 'data_leakage', '--service', 'assistant-eu'], '2026-03-02T10:00:00.000Z');
    expect(started.exitCode, started.stderr).toBe(0);
    expect(started.stdout).toContain('severity policy sev1-pause: hook:pause-feature ran (run-1)');
    expect(flags(p)).toMatch(/^assistant-eu disabled/m);
  });

  it('a playbook policy requests its step out of order under the usual approvals, and holds it after the last approval until the ack', async () => {
    const p = fresh({ playbook: PLAYBOOK_POLICY });
    // Given an output spike opened at SEV2: the policy asks for the rollback's approvals at once
    const started = await run(p, 'alice', ['incident', 'start', '--trigger', 'latency_anomaly', '--severity', 'SEV2', '--service', 'shop-assistant', '--json'], '2026-03-02T10:00:00.000Z');
    expect(started.exitCode, started.stderr).toBe(0);
    expect(started.json().policies).toEqual([{ policy: 'sev2-rollback-first', step: 'rollback', hook: 'rollback-model', outcome: 'held', detail: 'until the commander acknowledges (aiops ack INC-2026-0001)' }]);
    const opened = await events(p, 'INC-2026-0001');
    expect(opened.find((e) => e.type === 'approval.requested')?.payload).toMatchObject({ step: 'rollback', roles: ['commander', 'model_owner'] });
    expect(opened.some((e) => e.type === 'approval.granted')).toBe(false);
    // When both roles approve
    await run(p, 'alice', ['incident', 'assign', 'INC-2026-0001', 'model_owner', 'carol'], '2026-03-02T10:01:00.000Z');
    await run(p, 'alice', ['incident', 'approve', 'INC-2026-0001', 'rollback'], '2026-03-02T10:02:00.000Z');
    const last = await run(p, 'carol', ['incident', 'approve', 'INC-2026-0001', 'rollback'], '2026-03-02T10:03:00.000Z');
    // Then it is fully approved but held: nothing ran
    expect(last.exitCode, last.stderr).toBe(0);
    expect(last.stdout).toContain('rollback: fully approved; held by severity policy sev2-rollback-first until the commander acknowledges (aiops ack INC-2026-0001), then it fires');
    expect((await events(p, 'INC-2026-0001')).some((e) => e.type === 'hook.started')).toBe(false);
    // And firing it by hand is refused by the hold
    const byHand = await run(p, 'carol', ['incident', 'step', 'INC-2026-0001', 'rollback', '--done'], '2026-03-02T10:03:30.000Z');
    expect(byHand.exitCode).toBe(3);
    expect(byHand.stderr).toContain('severity policy sev2-rollback-first holds rollback (hook rollback-model) until the commander (alice) acknowledges');
    // When the commander acks, it runs and the step is done
    const acked = await run(p, 'alice', ['ack', 'INC-2026-0001'], '2026-03-02T10:04:00.000Z');
    expect(acked.exitCode, acked.stderr).toBe(0);
    expect(acked.stdout).toContain('severity policy sev2-rollback-first: rollback ran (run-1)');
    const shown = (await aiopsInProcess(p, ['incident', 'show', 'INC-2026-0001', '--json'])).json();
    expect(shown.incident.steps.find((s: { id: string }) => s.id === 'rollback')).toMatchObject({ status: 'done' });
  });

  it('lowering the severity below the level of a held policy withdraws what it held: a later ack fires nothing of it, and raising again re-arms nothing', async () => {
    const p = fresh({ config: CONFIG_POLICY });
    // Given a SEV1 incident whose pre-approved pause is held until the commander acks
    const started = await run(p, 'alice', ['incident', 'start', '--trigger', 'data_leakage', '--service', 'shop2'], '2026-03-02T10:00:00.000Z');
    expect(started.exitCode, started.stderr).toBe(0);
    expect(started.stdout).toContain('severity policy sev1-pause: hook:pause-feature held: until the commander acknowledges');
    // When the commander lowers it to SEV4: a false alarm
    const lowered = await run(p, 'alice', ['incident', 'severity', 'INC-2026-0001', 'SEV4', '--reason', 'false alarm', '--json'], '2026-03-02T10:01:00.000Z');
    // Then the held pause is withdrawn, with the reason, and logged so
    expect(lowered.exitCode, lowered.stderr).toBe(0);
    const reason = 'severity lowered to SEV4 by alice: false alarm';
    expect(lowered.json().policies).toEqual([{ policy: 'sev1-pause', step: 'policy:sev1-pause:hook:pause-feature', hook: 'pause-feature', outcome: 'withdrawn', detail: reason }]);
    expect((await events(p, 'INC-2026-0001')).find((e) => e.type === 'policy.withdrawn')).toMatchObject({ actor: 'system', payload: { policy: 'sev1-pause', items: ['policy:sev1-pause:hook:pause-feature'], severity: 'SEV4', reason } });
    // When the commander acks (to silence a page, say): nothing of the policy fires, and it says why
    const acked = await run(p, 'alice', ['ack', 'INC-2026-0001'], '2026-03-02T10:02:00.000Z');
    expect(acked.exitCode).toBe(2);
    expect(acked.stderr).toContain(`severity policy sev1-pause was withdrawn (${reason}): this ack fires nothing of it`);
    expect(flags(p)).toBe('');
    // And raising it to SEV1 again fires nothing more: the policy fired once, and what it held stays withdrawn
    const raised = await run(p, 'alice', ['incident', 'severity', 'INC-2026-0001', 'SEV1', '--reason', 'it is real after all'], '2026-03-02T10:03:00.000Z');
    expect(raised.exitCode, raised.stderr).toBe(0);
    expect((await run(p, 'alice', ['ack', 'INC-2026-0001'], '2026-03-02T10:04:00.000Z')).exitCode).toBe(2);
    const all = await events(p, 'INC-2026-0001');
    expect(all.filter((e) => e.type === 'policy.triggered' || e.type === 'policy.withdrawn' || e.type === 'hook.started').map((e) => e.type)).toEqual(['policy.triggered', 'policy.withdrawn']);
    expect(flags(p)).toBe('');
    const shown = (await aiopsInProcess(p, ['incident', 'show', 'INC-2026-0001', '--json'])).json();
    expect(shown.incident.steps.find((s: { id: string }) => s.id === 'policy:sev1-pause:hook:pause-feature')).toMatchObject({ status: 'skipped' });
    expect((await aiopsInProcess(p, ['evidence', 'verify'])).exitCode).toBe(0);
  });

  it('a policy hook that failed is withdrawn too when the severity is lowered: its retry no longer runs on the pre-approval', async () => {
    const p = fresh({
      config: `severity_policies:
  - id: sev1-flaky
    at: SEV1
    hooks: [{hook: flaky}]
    approval: policy
`,
    });
    // (a hook that fails until the file ok exists, which needs two people)
    const config = join(p.dir, 'aiops.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^hooks:\n/m, "hooks:\n  flaky:\n    command: [sh, -c, 'test -e ok']\n    approve: [commander, reviewer]\n"));
    // Given a SEV1 incident whose pre-approved hook failed
    const started = await run(p, 'alice', ['incident', 'start', '--trigger', 'data_leakage', '--service', 'shop2', '--severity', 'SEV1'], '2026-03-02T10:00:00.000Z');
    expect(started.exitCode, started.stderr).toBe(0);
    expect(started.stdout).toContain('FAILED');
    // When the commander lowers it to SEV4
    const lowered = await run(p, 'alice', ['incident', 'severity', 'INC-2026-0001', 'SEV4', '--reason', 'false alarm'], '2026-03-02T10:01:00.000Z');
    expect(lowered.exitCode, lowered.stderr).toBe(0);
    // Then the failed item is withdrawn, and a retry (now that it would succeed) does not run it
    expect((await events(p, 'INC-2026-0001')).find((e) => e.type === 'policy.withdrawn')).toMatchObject({ payload: { policy: 'sev1-flaky', items: ['policy:sev1-flaky:hook:flaky'] } });
    writeFileSync(join(p.dir, 'ok'), '');
    const retry = await run(p, 'alice', ['hook', 'run', 'INC-2026-0001', 'policy:sev1-flaky:hook:flaky', '--retry'], '2026-03-02T10:02:00.000Z');
    expect(retry.exitCode, retry.stdout + retry.stderr).not.toBe(0);
    expect((await events(p, 'INC-2026-0001')).filter((e) => e.type === 'hook.started')).toHaveLength(1);
  });

  it('two policies that list the same hook each run their own item: own params, approval and hold, and the right policy named', async () => {
    const TWO = `
severity_policies:
  - id: hold-pause
    at: SEV2
    hooks: [{hook: pause-feature, params: {tenant: "{{incident.service}}"}}]
  - id: auto-pause
    at: SEV1
    hooks: [{hook: pause-feature, params: {tenant: everyone}}]
    approval: policy
`;
    const p = fresh({ config: TWO });
    // Given a SEV1 incident: hold-pause (usual approval) and the pre-approved auto-pause both fire
    const started = await run(p, 'alice', ['incident', 'start', '--trigger', 'data_leakage', '--service', 'shop'], '2026-03-02T10:00:00.000Z');
    expect(started.exitCode, started.stderr).toBe(0);
    // Then auto-pause runs its own argv, and hold-pause still waits for the commander's approval
    expect(started.stdout).toContain('severity policy auto-pause: hook:pause-feature ran (run-1)');
    expect(started.stdout).toContain('severity policy hold-pause: hook:pause-feature waits for approval: needs commander (aiops incident approve INC-2026-0001 policy:hold-pause:hook:pause-feature)');
    expect(flags(p)).toMatch(/^everyone disabled/m);
    expect(flags(p)).not.toMatch(/^shop disabled/m);
    const steps = (await aiopsInProcess(p, ['incident', 'show', 'INC-2026-0001', '--json'])).json().incident.steps as { id: string; status: string }[];
    expect(steps.find((s) => s.id === 'policy:hold-pause:hook:pause-feature')).toMatchObject({ status: 'pending' });
    expect(steps.find((s) => s.id === 'policy:auto-pause:hook:pause-feature')).toMatchObject({ status: 'done' });
    // When the commander approves hold-pause's item, its own params run
    const approved = await run(p, 'alice', ['incident', 'approve', 'INC-2026-0001', 'policy:hold-pause:hook:pause-feature'], '2026-03-02T10:01:00.000Z');
    expect(approved.exitCode, approved.stderr).toBe(0);
    expect(flags(p)).toMatch(/^shop disabled/m);

    // And a hold on one policy holds only its own item
    const q = fresh({ config: TWO.replace('    hooks: [{hook: pause-feature, params: {tenant: "{{incident.service}}"}}]\n', '    hooks: [{hook: pause-feature, params: {tenant: "{{incident.service}}"}}]\n    hold_until_ack: communicator\n') });
    const held = await run(q, 'alice', ['incident', 'start', '--trigger', 'data_leakage', '--service', 'shop'], '2026-03-02T10:00:00.000Z');
    expect(held.exitCode, held.stderr).toBe(0);
    expect(held.stdout).toContain('severity policy hold-pause: hook:pause-feature held: until the communicator acknowledges');
    expect(held.stdout).toContain('severity policy auto-pause: hook:pause-feature ran (run-1)');
    expect(flags(q)).toMatch(/^everyone disabled/m);
  });

  it('validation refuses a policy that lists one hook twice, with the line', async () => {
    const p = fresh({ config: CONFIG_POLICY.replace('hooks: [{hook: pause-feature, params: {tenant: "{{incident.service}}"}}]', 'hooks: [{hook: pause-feature, params: {tenant: a}}, {hook: pause-feature, params: {tenant: b}}]') });
    const c = await run(p, 'alice', ['incident', 'start', '--trigger', 'data_leakage'], '2026-03-02T10:00:00.000Z');
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toMatch(/aiops\.yaml:\d+:\d+: .*hook "pause-feature" is listed twice in this severity policy/);
  });

  it('an ack by someone not on the roster is refused as every act on an incident is (identity.roster, exit 3), before asking whether anything waits', async () => {
    const p = fresh();
    // Given an open incident with no page and no held policy
    expect((await run(p, 'alice', ['incident', 'start', '--trigger', 'latency_anomaly', '--service', 'shop'], '2026-03-02T10:00:00.000Z')).exitCode).toBe(0);
    // When mallory, who is on no roster, acks it
    const acked = await run(p, 'mallory', ['ack', 'INC-2026-0001'], '2026-03-02T10:01:00.000Z');
    // Then the roster refuses her, and a roster person asking the same hears that nothing waits
    expect(acked.exitCode).toBe(3);
    expect(acked.stderr).toContain('mallory is not in the roster');
    expect(acked.stderr).not.toContain('no page waiting');
    const bob = await run(p, 'bob', ['ack', 'INC-2026-0001'], '2026-03-02T10:01:30.000Z');
    expect(bob.exitCode).toBe(2);
    expect(bob.stderr).toContain('no page waiting');
  });

  it('validation names the line of a policy that lists an unknown step or hook', async () => {
    const p = fresh({ playbook: PLAYBOOK_POLICY.replace('steps: [rollback]', 'steps: [rollbak]\n    hooks: [{hook: pause-feture}]') });
    const v = await aiopsInProcess(p, ['playbook', 'validate', 'playbooks/output-spike.yaml']);
    expect(v.exitCode).toBe(2);
    expect(v.stdout + v.stderr).toMatch(/output-spike\.yaml:\d+:\d+: .*unknown step "rollbak"/);
    expect(v.stdout + v.stderr).toMatch(/output-spike\.yaml:\d+:\d+: .*unknown hook "pause-feture"/);
    const q = fresh({ config: CONFIG_POLICY.replace('hook: pause-feature', 'hook: pause-feture') });
    const c = await run(q, 'alice', ['incident', 'start', '--trigger', 'data_leakage'], '2026-03-02T10:00:00.000Z');
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toMatch(/aiops\.yaml:\d+:\d+: .*unknown hook "pause-feture"/);
  });
});
