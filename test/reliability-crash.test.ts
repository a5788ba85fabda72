import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { killLoop } from './slow/kill-loop.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const KILLS = Number(process.env.AIOPS_CRASH_KILLS ?? 20);

describe('kill -9 at random moments', () => {
  it(`loses no acknowledged event and the log verifies after each of ${KILLS} kills`, async () => {
    // Given an incident started through the CLI
    project = makeProject({ withScenarios: false });
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'crash drill', '--service', 'svc', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    // When a writer that acknowledges only after commit is SIGKILLed again and again
    const seed = Number(process.env.AIOPS_CRASH_SEED ?? Date.now() % 2 ** 31);
    const r = await killLoop(project, id, KILLS, seed);
    // Then every acknowledged event is there with the hash it was acknowledged with, and verify passes each time
    console.log(`crash: ${r.kills} kills survived, ${r.acknowledged} events acknowledged, ${r.lost.length} lost (seed ${seed})`);
    expect(r.acknowledged, `seed ${seed}`).toBeGreaterThan(KILLS);
    expect(r.lost, `seed ${seed}`).toEqual([]);
    expect(r.verifyFailures, `seed ${seed}`).toEqual([]);
  });
});
