import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned, type CliResult } from './helpers/cli.js';
// One command at a time, in-process; the approval after a lapse, which runs the hook, goes through the binary itself.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { patience } from './helpers/patience.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

// An approval pins what its hook would run. When an edit changes that, show and approve say the
// approval lapsed and ask for it again; a hook no program can receive gets no approval at all.

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

function ok(r: CliResult): any {
  expect(r.exitCode, `${r.stderr}\n${r.stdout}`).toBe(0);
  return r.stdout.trim().startsWith('{') ? r.json() : r.stdout;
}

async function events(p: TempProject, id: string): Promise<any[]> {
  const r = await aiops(p, ['evidence', 'export', id]);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
}

const pauseOf = (doc: any) => doc.incident.steps.find((s: { id: string }) => s.id === 'pause');

describe('approvals and an edited incident', () => {
  it('a service with a NUL byte: approve is refused with exit 2 and writes nothing; after the edit one approval runs the hook', async () => {
    // Given an incident opened from an alert whose service label holds a NUL
    const p = (project = makeProject({ withScenarios: false }));
    const alert = JSON.parse(readFileSync(join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json'), 'utf8'));
    alert.commonLabels.service = 'assistant\u0000-eu';
    for (const a of alert.alerts) a.labels.service = 'assistant\u0000-eu';
    const file = join(p.dir, 'nul-service.json');
    writeFileSync(file, JSON.stringify(alert));
    const id = ok(await aiops(p, ['incident', 'start', '--from-alert', file, '--json'], { as: 'alice' })).incident.id as string;
    const before = (await events(p, id)).length;

    // When the commander approves the pause
    const blocked = await aiops(p, ['incident', 'approve', id, 'pause'], { as: 'alice' });

    // Then it is refused as bad input (exit 2), says why and how to fix it, and the log gained nothing
    expect(blocked.exitCode, blocked.stderr).toBe(2);
    expect(blocked.stderr).toContain('holds a NUL byte');
    expect(blocked.stderr).toContain(`aiops incident edit ${id} --service "..." --reason "..."`);
    expect(blocked.stderr).toContain('nothing was approved and nothing ran');
    expect(await events(p, id)).toHaveLength(before);
    expect(pauseOf(ok(await aiops(p, ['incident', 'show', id, '--json'])))).toMatchObject({ approvals: [], lapsed: null, missing: ['commander'] });

    // When the commander repairs the service and approves once
    ok(await aiops(p, ['incident', 'edit', id, '--service', 'assistant-eu', '--reason', 'the alert service held a NUL'], { as: 'alice' }));
    const approved = ok(await aiops(p, ['incident', 'approve', id, 'pause', '--json'], { as: 'alice' }));

    // Then the hook ran with the repaired service
    expect(approved.hook).toMatchObject({ hook: 'pause-feature', ok: true });
    expect(approved.hook.argv.slice(1)).toEqual(['disable', '--tenant', 'assistant-eu', '--incident', id]);
  }, patience(60_000));

  it('an approval given before an edit changed the argv: show says it lapsed, and approve records the lapse and a new approval that runs the hook', async () => {
    // Given the commander approved the pause for service acme without running it
    const p = (project = makeProject({ withScenarios: false }));
    const id = ok(await aiops(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' })).incident.id as string;
    ok(await aiops(p, ['incident', 'approve', id, 'pause', '--no-run'], { as: 'alice' }));
    // And then the service changed, so the pause would now run with another --tenant
    ok(await aiops(p, ['incident', 'edit', id, '--service', 'acme-eu', '--reason', 'the tenant is acme-eu'], { as: 'alice' }));

    // When anyone shows it
    const text = ok(await aiops(p, ['incident', 'show', id]));
    const json = ok(await aiops(p, ['incident', 'show', id, '--json']));

    // Then the approval shows as lapsed, with what changed, and the commander's approval as missing
    expect(text).toContain('approvals: need commander; missing commander');
    expect(text).toContain('lapsed: commander: alice approved another command (argv[3] "acme" → "acme-eu"); approve again');
    expect(text).not.toContain('have commander: alice');
    expect(pauseOf(json)).toMatchObject({
      display: 'waiting-approval',
      approvals: [],
      missing: ['commander'],
      lapsed: { approvals: [{ role: 'commander', person: 'alice' }], changes: ['argv[3] "acme" → "acme-eu"'] },
    });

    // When the commander approves again
    const again = await aiopsSpawned(p, ['incident', 'approve', id, 'pause'], { as: 'alice' });

    // Then it is accepted (not "already fully approved"), says the old approval lapsed, and the hook runs with the new service
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('the earlier approvals of pause (commander: alice) were for another command and lapsed (argv[3] "acme" → "acme-eu")');
    expect(again.stdout).toContain('pause-feature: ok');
    expect(again.stdout).toContain(`ran: ${p.dir}/fixtures/hooks/feature-flag.sh disable --tenant acme-eu --incident ${id}`);
    // And the log holds the lapse before the approval that counted, and one run
    const log = await events(p, id);
    const kinds = log.filter((e) => e.type.startsWith('approval.') || e.type === 'hook.started').map((e) => e.type);
    expect(kinds).toEqual(['approval.requested', 'approval.granted', 'approval.lapsed', 'approval.granted', 'hook.started']);
    expect(log.find((e) => e.type === 'approval.lapsed').payload).toMatchObject({ step: 'pause', changes: ['argv[3] "acme" → "acme-eu"'] });
    expect(ok(await aiops(p, ['evidence', 'verify', '--json'])).ok).toBe(true);
  }, patience(60_000));
});
