import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../src/core/events.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { appendEvents } from './helpers/seed-log.js';

let project: TempProject;
beforeEach(() => {
  project = makeProject({ withScenarios: false });
});
afterEach(() => project.cleanup());

const run = (args: string[], as = 'alice') => aiopsInProcess(project, args, { as });

async function start(): Promise<string> {
  const r = await run(['incident', 'start', '--trigger', 'data_leakage', '--service', 'tenant-b', '--title', 'Leak', '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout).incident.id as string;
}

/** A hook run whose aiops died before writing its outcome, as the log holds it after a kill -9. */
function cutOffRun(id: string, ts: string, run: string, hook: string, step: string | null): NewEvent {
  return { type: 'hook.started', incidentId: id, ts, actor: 'alice', role: 'commander', payload: { run, hook, step, argv: ['./x.sh'], env: [], cwd: project.dir, retry: false } };
}

describe('ids and options typed the obvious way', () => {
  it('takes inc-2026-1 and inc-2026-0001 as INC-2026-0001 wherever an id is taken', async () => {
    const id = await start();
    expect(id).toBe('INC-2026-0001');
    // When a responder types the id in lower case, or without its zeros
    const show = await run(['incident', 'show', 'inc-2026-1', '--json']);
    expect(show.exitCode, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).incident.id).toBe(id);
    const step = await run(['incident', 'step', 'inc-2026-0001', 'assign-roles', '--done']);
    expect(step.exitCode, step.stderr).toBe(0);
    const exported = await run(['export', 'Inc-2026-0001', '--format', 'json']);
    expect(exported.exitCode, exported.stderr).toBe(0);
    expect((await run(['evidence', 'verify', 'inc-2026-0001'])).exitCode).toBe(0);
    expect((await run(['action', 'list', 'inc-2026-0001'])).exitCode).toBe(0);
    // And what was written is under the id as aiops writes it
    const after = JSON.parse((await run(['incident', 'show', id, '--json'])).stdout).incident;
    expect(after.steps.find((s: { id: string }) => s.id === 'assign-roles').status).toBe('done');
    // But a different id is still no incident
    const other = await run(['incident', 'show', 'inc-2026-0002']);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain('no incident INC-2026-0002');
  });

  it('--choose Yes picks the option yes', async () => {
    const id = await start();
    expect((await run(['incident', 'assign', id, 'reviewer', 'bob'])).exitCode).toBe(0);
    const r = await run(['incident', 'step', id, 'leaked', '--choose', 'Yes'], 'bob');
    expect(r.exitCode, r.stderr).toBe(0);
    const view = JSON.parse((await run(['incident', 'show', id, '--json'])).stdout).incident;
    expect(view.steps.find((s: { id: string }) => s.id === 'leaked')).toMatchObject({ status: 'done', option: 'yes' });
    // An option that is not there by any case is still refused, with the options listed
    const bad = await run(['incident', 'step', id, 'leaked', '--choose', 'Maybe'], 'bob');
    expect(bad.exitCode).toBe(2);
  });

  it('hook record takes a run by its number, or the step waiting on it, and refuses a number that fits two runs', async () => {
    const id = await start();
    const opened = JSON.parse((await run(['incident', 'show', id, '--json'])).stdout).incident.openedAt as string;
    // Given two runs cut off mid-hook: run-1 for step 2 (pause), run-2 outside any step
    await appendEvents(project.db, [cutOffRun(id, opened, 'run-1', 'pause-feature', 'pause'), cutOffRun(id, opened, 'run-2', 'resume-feature', null)]);
    // When "2" could mean run-2 or the run step 2 waits on
    const both = await run(['hook', 'record', id, '2', '--failed', '--note', 'checked the console']);
    // Then nothing is recorded and both are named
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('"2" could mean run-2 (resume-feature, outcome unknown) or run-1 (pause-feature, step pause, outcome unknown)');
    // When the step is named instead, its run is recorded
    const byStep = await run(['hook', 'record', id, 'pause', '--failed', '--note', 'flag still on in the console', '--json']);
    expect(byStep.exitCode, byStep.stderr).toBe(0);
    // And now "2" means run-2 alone
    const byNumber = await run(['hook', 'record', id, '2', '--ok', '--note', 'resumed by hand']);
    expect(byNumber.exitCode, byNumber.stderr).toBe(0);
    const pause = JSON.parse((await run(['incident', 'show', id, '--json'])).stdout).incident.steps.find((s: { id: string }) => s.id === 'pause');
    expect(pause.runs).toMatchObject([{ run: 'run-1', outcome: 'failed' }]);
    const md = (await run(['export', id])).stdout;
    expect(md).toContain('flag still on in the console');
    expect(md).toContain('resumed by hand');
    // And a run that already has an outcome says so
    const again = await run(['hook', 'record', id, '1', '--ok', '--note', 'twice']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('run run-1 already has an outcome (failed)');
  });
});
