import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allowanceFor } from '../src/app/record-scenario.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, REPO } from './helpers/project.js';
import { recordIncident } from './helpers/recorded-incident.js';

const T0 = Date.parse('2026-03-14T09:00:00.000Z');
const at = (offset: number) => ({ AIOPS_NOW: new Date(T0 + offset).toISOString() });
const MIN = 60_000;

/** `2m58s` → 178. */
const seconds = (text: string) => {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text)!;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
};

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

describe('aiops scenario record keeps what the team found and did', () => {
  it('gives a draft expectation twice the observed time, at least five minutes', () => {
    expect(allowanceFor(0)).toBe('5m');
    expect(allowanceFor(30_000)).toBe('5m');
    expect(allowanceFor(2 * MIN + 30_000)).toBe('5m');
    expect(allowanceFor(2 * MIN + 31_000)).toBe('6m');
    expect(allowanceFor(3 * MIN)).toBe('6m');
    expect(allowanceFor(10 * MIN + 1_000)).toBe('21m');
    expect(allowanceFor(45 * MIN)).toBe('1h30m');
  });

  it('turns the alert, the context, notes and an undo into a playable scenario with its own id', async () => {
    const project = makeProject();
    cleanups.push(project.cleanup);
    // Given a real incident opened from an Alertmanager alert, with context, a note and a pause that was undone
    const alert = join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json');
    const start = await aiops(project, ['incident', 'start', '--from-alert', alert, '--context', 'model=gpt-eu-2026-02', '--context', 'prompt=support-v14', '--json'], { as: 'alice', env: at(0) });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    const run = async (as: string, offset: number, args: string[]) => {
      const r = await aiops(project, args, { as, env: at(offset) });
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    };
    await run('alice', 30_000, ['incident', 'assign', id, 'reviewer', 'bob']);
    await run('alice', MIN, ['incident', 'step', id, 'assign-roles', '--done']);
    await run('alice', 2 * MIN, ['incident', 'approve', id, 'pause']);
    await run('bob', 3 * MIN, ['incident', 'note', id, 'flagged answers quote token sk-live1234567890abcdefghij', '--context', 'index=eu-2.14']);
    await run('alice', 5 * MIN + 50_000, ['hook', 'undo', id, 'pause']);
    await run('bob', 7 * MIN + 50_000, ['incident', 'step', id, 'leaked', '--choose', 'yes']);
    await run('alice', 9 * MIN + 50_000, ['incident', 'status', id, 'mitigated', '--reason', 'filter fixed']);
    // And a scenario file already using the id the recording would take
    const base = `recorded-${id.toLowerCase()}`;
    writeFileSync(join(project.dir, 'scenarios', 'old-replay.yaml'), readFileSync(join(project.dir, 'scenarios', 'wrong-tenant-leak.yaml'), 'utf8').replace(/^id: .*$/m, `id: ${base}`));

    // When it is recorded
    const rec = await aiops(project, ['scenario', 'record', id, '-o', 'scenarios/replay.yaml', '--json']);
    expect(rec.exitCode, rec.stderr).toBe(0);
    expect(rec.json()).toMatchObject({ valid: true, problems: [] });
    const sc = rec.json().scenario;

    // Then its id collides with no scenario file
    expect(sc.id).toBe(`${base}-2`);
    // And the alert's title, description and labels, the context and the note are injects at their offsets
    const byId = Object.fromEntries(sc.injects.map((i: any) => [i.id, i]));
    expect(byId.opened).toMatchObject({ at: '0s', kind: 'alert', summary: 'PII detector fired 12 times in 5m on assistant-eu' });
    expect(byId.opened.detail).toContain("The output PII detector matched another tenant's invoice numbers in 12 responses.");
    expect(byId.opened.detail).toContain('alertname=PIIDetectorSpike');
    expect(byId.opened.detail).toContain('tenant=tenant-b');
    expect(byId.context).toMatchObject({ at: '0s', kind: 'note', summary: 'Context at start: model=gpt-eu-2026-02, prompt=support-v14' });
    expect(byId['note-1']).toMatchObject({ kind: 'note', from: 'bob', detail: 'context: index=eu-2.14' });
    expect(Math.abs(seconds(byId['note-1'].at) - 180)).toBeLessThan(10);
    expect(byId['note-1'].summary).not.toContain('sk-live1234567890abcdefghij');
    // And the undo run is in the script and the expectations
    const undo = sc.script.find((e: any) => e.do === 'undo');
    expect(undo).toMatchObject({ as: 'alice', args: { step: 'pause' } });
    expect(Math.abs(seconds(undo.at) - 350)).toBeLessThan(10);
    const within = Object.fromEntries(sc.expectations.map((e: any) => [e.id, e.within]));
    expect(sc.expectations.find((e: any) => e.id === 'resume-feature-undo-ok')).toMatchObject({ event: 'hook.finished', match: { hook: 'resume-feature', ok: true } });
    // And the allowances are twice the team's time, at least 5m, not the original pace (stamps run on real time from AIOPS_NOW: a few seconds off)
    expect(within).toMatchObject({ 'reviewer-named': '5m', 'pause-feature-ok': '5m', 'resume-feature-undo-ok': '12m', 'decided-leaked': '16m', mitigated: '20m' });

    // And the file validates and plays to a full score unattended
    const valid = await aiops(project, ['scenario', 'validate', 'scenarios/replay.yaml']);
    expect(valid.exitCode, valid.stderr + valid.stdout).toBe(0);
    const drill = await aiops(project, ['drill', join('scenarios', 'replay.yaml'), '--auto', '--json'], { env: at(0) });
    expect(drill.exitCode, drill.stderr).toBe(0);
    expect(drill.json().score.score).toBe(100);

    // And recording again to another file takes the next free id; replacing its own file keeps it
    const second = await aiops(project, ['scenario', 'record', id, '-o', 'scenarios/replay-again.yaml', '--json']);
    expect(second.json().scenario.id).toBe(`${base}-3`);
    const replaced = await aiops(project, ['scenario', 'record', id, '-o', 'scenarios/replay.yaml', '--force', '--json']);
    expect(replaced.json().scenario.id).toBe(`${base}-2`);
  });

  it('records the fixture incident (a denial, an override, a retried hook, attachments) into a scenario that plays to 100', async () => {
    // Given the recorded fixture incident and its project
    const recorded = await recordIncident();
    cleanups.push(recorded.cleanup);
    const where = { dir: recorded.dir, stateDir: join(recorded.dir, 'state') };
    // When it is recorded and played unattended
    const rec = await aiops(where, ['scenario', 'record', recorded.id, '-o', 'replay.yaml', '--json']);
    expect(rec.exitCode, rec.stderr).toBe(0);
    expect(rec.json()).toMatchObject({ valid: true, problems: [] });
    const drill = await aiops(where, ['drill', 'replay.yaml', '--auto', '--json'], { env: at(0) });
    // Then the script replays what the team did and meets every draft expectation
    expect(drill.exitCode, drill.stderr + drill.stdout).toBe(0);
    expect(drill.json().score.score).toBe(100);
    const sc = rec.json().scenario;
    expect(sc.script.map((e: any) => e.do)).toEqual(expect.arrayContaining(['deny', 'request']));
    expect(sc.script.some((e: any) => e.do === 'approve' && typeof e.args.override === 'string')).toBe(true);
    expect(sc.injects.find((i: any) => i.id === 'context')).toMatchObject({ summary: 'Context at start: index=eu-2.14, model=gpt-eu-2026-02, prompt=support-v14' });
  });
});
