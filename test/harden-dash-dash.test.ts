import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('an option given "--" as its value is refused (issue 17)', () => {
  it('`--title --` is exit 2 naming the option, and no incident is opened', async () => {
    project = makeProject({ withScenarios: false });
    const r = await aiopsInProcess(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', '--', '--no-tui'], { as: 'alice' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--title was given "--" as its value/);
    const list = await aiopsInProcess(project, ['incident', 'list', '--json']);
    expect(list.stdout).not.toMatch(/INC-/);
  });

  it('a global option too: `--as --`', async () => {
    project = makeProject({ withScenarios: false });
    const r = await aiopsInProcess(project, ['--as', '--', 'incident', 'list']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--as was given "--"/);
  });
});
