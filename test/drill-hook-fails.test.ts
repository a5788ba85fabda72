import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

const NOW = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const shipped = readdirSync(join(REPO, 'scenarios')).filter((f) => f.endsWith('.yaml'));
const bases = shipped.filter((f) => !f.endsWith('-hook-fails.yaml')).map((f) => f.replace(/\.yaml$/, ''));

describe('failures can be drilled', () => {
  it('every shipped scenario has a "fail the hook" variant that still scores 100 with --auto, by retrying', async () => {
    // Given the shipped scenarios, each with its -hook-fails variant
    expect(bases.length).toBeGreaterThanOrEqual(6);
    project = makeProject();
    for (const base of bases) {
      const id = `${base}-hook-fails`;
      expect(shipped, `${base} has no fail-the-hook variant`).toContain(`${id}.yaml`);
      const sc = parse(readFileSync(join(REPO, 'scenarios', `${id}.yaml`), 'utf8'));
      const failing = sc.fail?.hook ?? sc.injects.find((i: any) => i.fail)?.fail.hook;
      expect(failing, id).toBeTruthy();
      // When it plays unattended
      const r = await aiopsInProcess(project, ['drill', id, '--auto', '--json'], { env: NOW });
      expect(r.exitCode, `${id}: ${r.stderr}`).toBe(0);
      const doc = r.json();
      // Then the scripted failure happened, the script retried, and the score is still 100
      expect(doc.errors, id).toBe(0);
      expect(doc.score.score, id).toBe(100);
      const events = (await aiopsInProcess(project, ['evidence', 'export', doc.id])).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
      const runs = events.filter((e: any) => e.payload.hook === failing && (e.type === 'hook.finished' || e.type === 'hook.simulated'));
      expect(runs.map((e: any) => [e.type, e.payload.ok ?? true]), id).toEqual([['hook.finished', false], ['hook.simulated', true]]);
      expect(runs[0].payload.error, id).toMatch(new RegExp(`^drill: the scenario makes ${failing} (fail with exit \\d+|time out); nothing ran$`));
    }
    // And no hook ran for real
    expect(existsSync(project.stateDir) ? readdirSync(project.stateDir) : []).toEqual([]);
  });

  it('a person firing the hook sees it fail, exit 1, and the retry completes the step (the binary)', async () => {
    // Given alice facilitating the wrong-tenant-leak variant, commander too, the flag-service inject due at T+1m
    project = makeProject();
    const started = await aiops(project, ['drill', 'wrong-tenant-leak-hook-fails', '--json'], { as: 'alice', env: NOW });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().id as string;
    expect((await aiops(project, ['incident', 'assign', id, 'commander', 'alice'], { as: 'alice', env: NOW })).exitCode).toBe(0);
    // When she approves the pause two minutes in (the approval fires the hook)
    const at2m = { AIOPS_NOW: '2026-03-14T09:02:00.000Z' };
    const fired = await aiops(project, ['incident', 'approve', id, 'pause'], { as: 'alice', env: at2m });
    // Then it failed like a real hook: exit 1, the scripted reason, and how to go on
    expect(fired.exitCode).toBe(1);
    expect(fired.stdout + fired.stderr).toContain('drill: the scenario makes pause-feature fail with exit 1; nothing ran');
    expect(fired.stderr).toContain('retry with --retry, or record what you did by hand with --record');
    // And the retry goes through (simulated), completing the step
    const retried = await aiops(project, ['incident', 'step', id, 'pause', '--retry', '--json'], { as: 'alice', env: at2m });
    expect(retried.exitCode, retried.stderr).toBe(0);
    expect(retried.json().incident.steps.find((s: any) => s.id === 'pause').status).toBe('done');
    expect((await aiops(project, ['evidence', 'verify', '--json'])).json().ok).toBe(true);
  });
});
