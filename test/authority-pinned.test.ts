import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { editProjectFile, makeProject, type TempProject } from './helpers/project.js';

// Who may change severity and status, close and assign (aiops.yaml `authority:`) is pinned when an
// incident opens, like the approvals its steps need: a teammate's edited copy of aiops.yaml (on a
// shared PostgreSQL log, every host reads its own) changes nothing for an incident already open.
let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('authority pinned at the opening', () => {
  it('Given an incident opened with the default authority, When aiops.yaml lets reviewers change severity, Then the reviewer is still refused there, and may on an incident opened after the edit', async () => {
    const p = (project = makeProject({ withScenarios: false }));
    const start = async () => {
      const r = await aiops(p, ['--as', 'alice', 'incident', 'start', '--trigger', 'data_leakage', '--service', 'chat', '--no-tui', '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      const id = r.json().incident.id as string;
      const assigned = await aiops(p, ['--as', 'alice', 'incident', 'assign', id, 'reviewer', 'bob']);
      expect(assigned.exitCode, assigned.stderr).toBe(0);
      return id;
    };
    const before = await start();
    // When the reviewer's copy of aiops.yaml grants reviewers severity
    editProjectFile(p, 'aiops.yaml', (t) => t.replace(/^( {2}severity: )\[commander\]$/m, '$1[commander, reviewer]'));

    // Then the incident opened before keeps the commander-only rule (refused, exit 3, logged)
    const refused = await aiops(p, ['--as', 'bob', 'incident', 'severity', before, 'SEV4', '--reason', 'bob lowers it']);
    expect(refused.exitCode, refused.stdout + refused.stderr).toBe(3);
    expect(refused.stderr).toContain('authority.severity');
    const shown = await aiops(p, ['--as', 'bob', 'incident', 'show', before, '--json']);
    expect(shown.json().incident.severity).not.toBe('SEV4');

    // And an incident opened after the edit follows it
    const after = await start();
    const allowed = await aiops(p, ['--as', 'bob', 'incident', 'severity', after, 'SEV4', '--reason', 'reviewers may now']);
    expect(allowed.exitCode, allowed.stdout + allowed.stderr).toBe(0);
  });
});
