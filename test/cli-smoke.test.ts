import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('the aiops binary', () => {
  it('prints its version and exits 0', async () => {
    project = makeProject();
    const r = await aiops(project, ['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('starts an incident by trigger, approves the pause, and the log verifies', async () => {
    project = makeProject();
    // Given a shipped project and alice starting a data-leakage incident
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Tenant B saw Tenant A invoices', '--service', 'assistant-eu', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    expect(id).toMatch(/^INC-\d{4}-0001$/);
    // When the commander approves the pause step
    const approve = await aiops(project, ['incident', 'approve', id, 'pause', '--json'], { as: 'alice' });
    expect(approve.exitCode, approve.stderr).toBe(0);
    // Then the hook ran once and the step is done, and the chain verifies
    const doc = approve.json();
    expect(doc.hook.ok).toBe(true);
    expect(doc.incident.steps.find((s: any) => s.id === 'pause').status).toBe('done');
    const verify = await aiops(project, ['evidence', 'verify', '--json']);
    expect(verify.exitCode).toBe(0);
    expect(verify.json().ok).toBe(true);
  });

  it('refuses an unknown trigger with exit 2 and writes nothing', async () => {
    project = makeProject();
    const r = await aiops(project, ['incident', 'start', '--trigger', 'nope'], { as: 'alice' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no playbook answers trigger "nope"');
  });
});

describe('outside a project', () => {
  it('refuses incident commands with exit 2 and creates no database or .aiops directory', async () => {
    // Given a directory with no aiops.yaml in it or above it
    const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'aiops-noproject-'));
    try {
      // When someone lists or starts incidents there
      const list = await aiops({ dir, stateDir: join(dir, 'state') }, ['incident', 'list']);
      const start = await aiops({ dir, stateDir: join(dir, 'state') }, ['incident', 'start', '--trigger', 'data_leakage'], { as: 'alice' });
      // Then both say what is missing, and nothing was written
      for (const r of [list, start]) {
        expect(r.exitCode).toBe(2);
        expect(r.stderr).toContain('no aiops.yaml in');
        expect(r.stderr).toContain('aiops init');
      }
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('usage errors', () => {
  it('print one JSON document with --json even when the option parser refuses', async () => {
    project = makeProject();
    // When a required option is missing and --json was asked for
    const r = await aiops(project, ['incident', 'close', 'INC-2026-0001', '--json']);
    // Then exit 2 and exactly one JSON document on stdout
    expect(r.exitCode).toBe(2);
    expect(r.json()).toEqual({ schemaVersion: 1, ok: false, error: { kind: 'invalid-input', message: "required option '--summary <text>' not specified" } });
  });

  it('refuse a --head that is not a full sha256 as bad input, not as tampering', async () => {
    project = makeProject();
    await aiops(project, ['incident', 'start', '--trigger', 'data_leakage'], { as: 'alice' });
    const r = await aiops(project, ['evidence', 'verify', '--head', 'd69bcbfa1264']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--head wants the full 64-character sha256');
    expect(r.stdout).not.toContain('TAMPERED');
  });
});
