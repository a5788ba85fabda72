import { afterAll, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

const NOW = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
let project: TempProject | undefined;
afterAll(() => project?.cleanup());

describe('hook run counts (issue 18)', () => {
  it('export and report count the same runs and failures: a failed run, its retry, an undo, and a drill with simulated runs and a scripted failure', async () => {
    project = makeProject();
    const p = project;
    const cli = (args: string[], env: Record<string, string> = {}) => aiopsInProcess(p, args, { as: 'alice', env: { ...NOW, ...env } });
    const ok = async (args: string[], env?: Record<string, string>) => {
      const r = await cli(args, env);
      expect(r.exitCode, `${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r;
    };
    // Given a real incident whose pause hook fails (its state directory cannot be made), is retried, then undone
    const id = (await ok(['incident', 'start', '--trigger', 'data_leakage', '--title', 'Invoices leak', '--service', 'assistant-eu', '--json'])).json().incident.id;
    const failed = await cli(['incident', 'approve', id, 'pause'], { AIOPS_STATE_DIR: '/dev/null/nowhere' });
    expect(failed.exitCode).toBe(1);
    await ok(['incident', 'step', id, 'pause', '--retry']);
    await ok(['hook', 'undo', id, 'pause']);
    // And a drill whose simulated pause fails once by the scenario's script and is retried
    const drill = (await ok(['drill', 'wrong-tenant-leak-hook-fails', '--auto', '--json'])).json().id;
    // When the export and the report count them
    const counts = async (incident: string) => (await ok(['export', incident, '--format', 'json'])).json().counts;
    const real = await counts(id);
    const drilled = await counts(drill);
    const report = (await ok(['report', '--since', 'all', '--json'], { AIOPS_NOW: '2026-03-14T10:00:00.000Z' })).json();
    // Then they agree, run for run
    expect(real).toMatchObject({ hookRuns: 3, hookFailures: 1 });
    expect({ runs: report.incidents.hooks.runs, failed: report.incidents.hooks.failed }).toEqual({ runs: real.hookRuns, failed: real.hookFailures });
    expect(report.incidents.hooks.byHook).toEqual({ 'pause-feature': { runs: 2, failed: 1 }, 'resume-feature': { runs: 1, failed: 0 } });
    expect(drilled.hookFailures).toBe(1);
    expect(drilled.hookRuns).toBe(2);
    // And an --auto run is a script check: the report keeps it out of the drills people played
    expect(report.scriptChecks.count).toBe(1);
    expect({ runs: report.drillFigures.hooks.runs, failed: report.drillFigures.hooks.failed }).toEqual({ runs: 0, failed: 0 });
  });
});
