import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('AIOPS_NOW is a test switch (issue 17)', () => {
  it('is refused without AIOPS_TEST_CLOCK=1: no back-dated evidence or incident id', async () => {
    // Given a shell with AIOPS_NOW set to 2020 but no test switch
    project = makeProject({ withScenarios: false });
    const env = { AIOPS_NOW: '2020-01-01T00:00:00.000Z', AIOPS_TEST_CLOCK: '' };
    // When an incident is started, Then it is refused (exit 2) saying why, and no log is written
    const r = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu'], { as: 'alice', env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/AIOPS_NOW is set \("2020-01-01T00:00:00.000Z"\) but it is a test switch/);
    expect(existsSync(project.db)).toBe(false);
    // And with the switch, the fixed time is honoured (the id carries its year)
    const ok = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu', '--json'], {
      as: 'alice',
      env: { ...env, AIOPS_TEST_CLOCK: '1' },
    });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.json().incident.id).toBe('INC-2020-0001');
  });
});
