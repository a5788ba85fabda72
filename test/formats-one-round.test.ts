import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('playbook validate on a file with schema and reference problems', () => {
  it('reports every problem in one run, not the schema ones first and the rest after they are fixed', async () => {
    // Given a playbook with 3 schema errors and 4 reference errors
    project = makeProject();
    const file = join(REPO, 'fixtures', 'many-problems-playbook.yaml');
    // When it is validated once
    const r = await aiops(project, ['playbook', 'validate', file, '--json']);
    // Then all 7 are reported, each at its own line and column, in line order
    expect(r.exitCode).toBe(2);
    const found = r.json().problems.map((p: { line: number; col: number; message: string }) => `${p.line}:${p.col} ${p.message.split(';')[0]}`);
    expect(found).toEqual([
      '4:30 triggers.0.severity: must be one of "SEV1", "SEV2", "SEV3", "SEV4"',
      '10:10 steps.0.due: not a duration: write e.g. 30s, 5m, 1h30m, 24d',
      '11:9 duplicate step id "a" (first used by step 1)',
      '13:12 unknown role "comander"',
      '15:11 unknown hook "pause-everything"',
      '16:5 unknown field "aprove" (did you mean "approve"?)',
      '21:29 goto target "nowhere" is not a step of this playbook',
    ]);
  });
});
