import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';

const NOW = { AIOPS_NOW: '2026-03-14T09:00:00.000Z' };
let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('drill on a scenario that does not load says what validate says', () => {
  it('a directory or a device given as the scenario is named without a line (no undefined:undefined)', async () => {
    project = makeProject({ withScenarios: false });
    mkdirSync(join(project.dir, 'a-folder'));
    const folder = await aiops(project, ['drill', 'a-folder', '--auto'], { as: 'alice', env: NOW });
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toContain('  a-folder: is a directory, not a file\n');
    const device = await aiops(project, ['drill', '/dev/null', '--auto'], { as: 'alice', env: NOW });
    expect(device.exitCode).toBe(2);
    expect(device.stderr).toContain('  /dev/null: not a regular file');
    expect(folder.stderr + device.stderr).not.toContain('undefined');
  });
});
