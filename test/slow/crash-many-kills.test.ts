import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from '../helpers/cli.js';
import { makeProject, type TempProject } from '../helpers/project.js';
import { killLoop, projectTarget } from './kill-loop.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const KILLS = Number(process.env.AIOPS_CRASH_KILLS ?? 150);

describe('kill -9 at random moments, many times (npm run test:slow)', () => {
  it(`loses no acknowledged event over ${KILLS} kills`, { timeout: 600_000 }, async () => {
    project = makeProject({ withScenarios: false });
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'crash soak', '--service', 'svc', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const seed = Number(process.env.AIOPS_CRASH_SEED ?? Date.now() % 2 ** 31);
    const r = await killLoop(projectTarget(project), start.json().incident.id, KILLS, seed);
    console.log(`crash (slow): ${r.kills} kills survived, ${r.acknowledged} events acknowledged, ${r.lost.length} lost (seed ${seed})`);
    expect(r.lost, `seed ${seed}`).toEqual([]);
    expect(r.verifyFailures, `seed ${seed}`).toEqual([]);
  });
});
