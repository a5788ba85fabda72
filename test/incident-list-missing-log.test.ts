import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('incident list where there is no log', () => {
  it("lists nothing in a project whose own log is not there yet, but names a log given with --db or AIOPS_DB that is not there", async () => {
    project = makeProject({ withScenarios: false });
    // A new project: nothing has been started, nothing to list
    const fresh = await aiops(project, ['incident', 'list'], { as: 'alice' });
    expect([fresh.exitCode, fresh.stdout.trim()]).toEqual([0, 'no open incidents']);
    // A mistyped --db is not an empty log
    const typo = join(project.dir, 'ops', 'aiosp.db');
    for (const r of [
      await aiops(project, ['--db', typo, 'incident', 'list'], { as: 'alice' }),
      await aiops(project, ['incident', 'list', '--json'], { as: 'alice', env: { AIOPS_DB: typo } }),
    ]) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`no evidence log at ${typo}`);
    }
  });
});
