import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(async () => {
  project = makeProject({ withScenarios: false });
  const r = await aiopsInProcess(project, ['incident', 'start', '--no-tui', '--trigger', 'data_leakage', '--title', 'T', '--service', 'assistant-eu'], { as: 'alice' });
  expect(r.exitCode, r.stderr).toBe(0);
});
afterAll(() => project?.cleanup());

describe('an empty argument is named as empty (README: `<person> is empty: give a roster id`)', () => {
  for (const [args, message] of [
    [['incident', 'show', ''], '<id> is empty: give an incident id'],
    [['incident', 'show', '  '], '<id> is empty: give an incident id'],
    [['incident', 'assign', '', 'commander', 'alice'], '<id> is empty: give an incident id'],
    [['export', ''], '<id> is empty: give an incident id'],
    [['export', 'INC-2026-0001', '--format', ''], '--format is empty: give one of md, json, html'],
    [['drill', 'report', 'INC-2026-0001', '--format', ''], '--format is empty: give one of md, json, html'],
  ] as const) {
    it(`Given \`aiops ${args.map((a) => (a.trim() ? a : `"${a}"`)).join(' ')}\`, Then it exits 2 saying "${message}"`, async () => {
      const r = await aiopsInProcess(project, [...args], { as: 'alice' });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`aiops: ${message}`);
    });
  }
});
