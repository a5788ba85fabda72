import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the start refused at the config's place goes through the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { patience } from './helpers/patience.js';
import { editProjectFile, lineOfProjectFile, makeProject, type TempProject } from './helpers/project.js';

// A hook's `approve:` in aiops.yaml gets the checks a playbook step's list gets: `[commander, commander]`
// looks like a two-person rule but one approval met it, and `[wizard]` could never be approved.

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe("aiops.yaml hooks' approve lists", () => {
  it('a repeated role and an unknown role are refused at their place (exit 2) by validate and by a command that acts, nothing written', async () => {
    const p = (project = makeProject({ withScenarios: false }));
    // Given pause-feature needs "commander, commander" and rollback-model "wizard"
    editProjectFile(p, 'aiops.yaml', (t) => t.replace(/( {2}pause-feature:[\s\S]*?approve: )\[commander\]/, '$1[commander, commander]').replace(/( {2}rollback-model:[\s\S]*?approve: )\[commander\]/, '$1[wizard]'));
    const dup = lineOfProjectFile(p, 'aiops.yaml', /approve: \[commander, commander\]/);
    const unknown = lineOfProjectFile(p, 'aiops.yaml', /approve: \[wizard\]/);

    // When aiops.yaml is validated, alone or with the project
    for (const args of [['playbook', 'validate', '--format', 'config', 'aiops.yaml'], ['playbook', 'validate']]) {
      const r = await aiops(p, args);
      // Then both are named at the role's line and column
      expect(r.exitCode, r.stdout + r.stderr).toBe(2);
      expect(r.stdout + r.stderr).toMatch(new RegExp(`aiops\\.yaml:${dup}:\\d+: duplicate role "commander"`));
      expect(r.stdout + r.stderr).toMatch(new RegExp(`aiops\\.yaml:${unknown}:\\d+: unknown role "wizard"`));
    }
    // And starting an incident is refused the same way, writing nothing
    const start = await aiopsSpawned(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(2);
    expect(start.stderr).toContain('duplicate role "commander"');
    expect(existsSync(p.db)).toBe(false);
  }, patience(60_000));

  it("a playbook step's approve list repeating a role is refused the same way", async () => {
    const p = (project = makeProject({ withScenarios: false }));
    editProjectFile(p, 'playbooks/data-leakage.yaml', (t) => t.replace('approve: [commander]', 'approve: [commander, commander]'));
    const line = lineOfProjectFile(p, 'playbooks/data-leakage.yaml', /approve: \[commander, commander\]/);
    const r = await aiops(p, ['playbook', 'validate', 'playbooks/data-leakage.yaml']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`playbooks/data-leakage\\.yaml:${line}:\\d+: duplicate role "commander"`));
  }, patience(60_000));

  it('the shipped aiops.yaml, and distinct known roles, still validate', async () => {
    const p = (project = makeProject({ withScenarios: false }));
    editProjectFile(p, 'aiops.yaml', (t) => t.replace(/( {2}rollback-model:[\s\S]*?approve: )\[commander\]/, '$1[commander, model_owner]'));
    const r = await aiops(p, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  }, patience(60_000));
});
