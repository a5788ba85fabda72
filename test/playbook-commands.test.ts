import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = makeProject();
});
afterAll(() => project?.cleanup());

describe('aiops playbook list', () => {
  it('lists every version, newest first, and flags the newest past its review_by date (AIOPS_NOW)', async () => {
    // Given the clock after data-leakage 1.2.0's review_by (2027-03-01)
    const r = await aiops(project, ['playbook', 'list', '--json'], { env: { AIOPS_NOW: '2027-04-01T09:00:00.000Z' } });
    expect(r.exitCode, r.stderr).toBe(0);
    const rows = r.json().playbooks as { id: string; version: string; latest: boolean; reviewOverdue: boolean; flags: string[] }[];
    // Then both data-leakage versions are listed, 1.2.0 first and flagged
    const dl = rows.filter((p) => p.id === 'data-leakage');
    expect(dl.map((p) => [p.version, p.latest])).toEqual([['1.2.0', true], ['1.1.0', false]]);
    expect(dl[0]!.reviewOverdue).toBe(true);
    expect(dl[0]!.flags).toContain('review overdue since 2027-03-01');
    expect(rows.length).toBe(8);
    const human = await aiops(project, ['playbook', 'list'], { env: { AIOPS_NOW: '2027-04-01T09:00:00.000Z' } });
    expect(human.stdout).toMatch(/^data-leakage@1\.2\.0 .*review overdue since 2027-03-01/m);
  });

  it('does not flag a playbook before its review_by date', async () => {
    const r = await aiops(project, ['playbook', 'list', '--json'], { env: { AIOPS_NOW: '2027-02-01T09:00:00.000Z' } });
    const latest = (r.json().playbooks as { id: string; latest: boolean; flags: string[] }[]).find((p) => p.id === 'data-leakage' && p.latest)!;
    expect(latest.flags.some((f) => f.startsWith('review overdue'))).toBe(false);
  });
});

describe('aiops playbook show', () => {
  it('shows the newest version when none is given, and the pinned one when it is', async () => {
    const newest = await aiops(project, ['playbook', 'show', 'data-leakage', '--json']);
    const pinned = await aiops(project, ['playbook', 'show', 'data-leakage@1.1.0', '--json']);
    const range = await aiops(project, ['playbook', 'show', 'data-leakage@~1.1', '--json']);
    expect(newest.json().playbook.version).toBe('1.2.0');
    expect(newest.json().sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pinned.json().playbook.version).toBe('1.1.0');
    expect(pinned.json().file).toBe('playbooks/data-leakage-1.1.0.yaml');
    expect(range.json().playbook.version).toBe('1.1.0');
    const human = await aiops(project, ['playbook', 'show', 'data-leakage']);
    expect(human.stdout).toContain('data-leakage@1.2.0 — Suspected data leakage through model output');
    expect(human.stdout).toMatch(/\[action\] pause .*\n.*\n?.*hook pause-feature, approval: commander/);
  });

  it('names the versions that exist when the one asked for does not (exit 2)', async () => {
    const r = await aiops(project, ['playbook', 'show', 'data-leakage@9.0.0']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('playbook data-leakage@9.0.0 not found');
    expect(r.stderr).toContain('versions of data-leakage: 1.2.0, 1.1.0');
    const json = await aiops(project, ['playbook', 'show', 'nope', '--json']);
    expect(json.exitCode).toBe(2);
    expect(json.json().error.message).toBe('playbook nope not found');
  });
});

describe('aiops playbook diff', () => {
  it('data-leakage 1.1.0 → 1.2.0: added, reworded, re-owned and approvals changed, step by step', async () => {
    const r = await aiops(project, ['playbook', 'diff', 'data-leakage@1.1.0', 'data-leakage@1.2.0', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const d = r.json();
    expect(d.from).toBe('data-leakage@1.1.0');
    expect(d.to).toBe('data-leakage@1.2.0');
    const kinds = (k: string) => d.steps.filter((c: { kind: string }) => c.kind === k).map((c: { step: string }) => c.step);
    expect(kinds('added')).toEqual(['page-reviewer', 'scope', 'notify-privacy']);
    expect(kinds('reworded')).toContain('pause');
    expect(d.steps).toContainEqual({ kind: 're-owned', step: 'preserve-evidence', from: 'model_owner', to: 'reviewer' });
    expect(d.steps).toContainEqual({ kind: 'approvals-changed', step: 'pause', from: ['commander', 'model_owner'], to: ['commander'] });
    const human = await aiops(project, ['playbook', 'diff', 'data-leakage@1.1.0', 'data-leakage@1.2.0']);
    expect(human.stdout).toContain('! pause: approvals [commander, model_owner] → [commander]');
    expect(human.stdout).toContain('~ preserve-evidence: owner model_owner → reviewer');
    expect(human.stdout).toContain('+ page-reviewer: added at position 3');
  });

  it('the other way round shows the removed steps', async () => {
    const r = await aiops(project, ['playbook', 'diff', 'data-leakage@1.2.0', 'data-leakage@1.1.0', '--json']);
    const removed = r.json().steps.filter((c: { kind: string }) => c.kind === 'removed').map((c: { step: string }) => c.step);
    expect(removed).toEqual(['page-reviewer', 'scope', 'notify-privacy']);
    const human = await aiops(project, ['playbook', 'diff', 'data-leakage@1.2.0', 'data-leakage@1.1.0']);
    expect(human.stdout).toContain('- scope: removed');
  });

  it('says so when two versions do not differ', async () => {
    const r = await aiops(project, ['playbook', 'diff', 'data-leakage@1.2.0', 'data-leakage@1.2.0']);
    expect(r.stdout).toContain('no differences');
  });
});

describe('aiops playbook validate / scenario validate', () => {
  it('every shipped playbook and scenario validates (--json: one document, ok)', async () => {
    const pb = await aiops(project, ['playbook', 'validate', '--json']);
    const sc = await aiops(project, ['scenario', 'validate', '--json']);
    expect(pb.exitCode, pb.stderr).toBe(0);
    expect(sc.exitCode, sc.stderr).toBe(0);
    expect(pb.json().ok).toBe(true);
    expect(pb.json().files).toHaveLength(8);
    expect(sc.json().files).toHaveLength(12); // six scenarios and their fail-the-hook variants
    expect(sc.json().problems).toEqual([]);
    const cfg = await aiops(project, ['playbook', 'validate', '--format', 'config', 'aiops.yaml', '--json']);
    const roster = await aiops(project, ['playbook', 'validate', '--format', 'roster', 'roster.yaml', '--json']);
    expect(cfg.json().ok).toBe(true);
    expect(roster.json().ok).toBe(true);
  });

  it('a broken file: exit 2, one JSON document with every problem located, ok files still listed', async () => {
    const bad = join(project.dir, 'playbooks', 'zz-broken.yaml');
    writeFileSync(bad, 'id: zz-broken\nversion: 1.0.0\ntitle: Broken\nsteps:\n  - {id: a, kind: check, owner: boss, title: A}\n  - {id: a, kind: check, owner: commander, title: B}\n');
    try {
      const r = await aiops(project, ['playbook', 'validate', '--json']);
      expect(r.exitCode).toBe(2);
      const doc = r.json();
      expect(doc.ok).toBe(false);
      expect(doc.files.filter((f: { ok: boolean }) => f.ok)).toHaveLength(8);
      expect(doc.problems).toEqual([
        { file: 'playbooks/zz-broken.yaml', line: 5, col: 33, message: 'unknown role "boss"; this playbook\'s roles are commander, model_owner, reviewer, communicator' },
        { file: 'playbooks/zz-broken.yaml', line: 6, col: 10, message: 'duplicate step id "a" (first used by step 1)' },
      ]);
      const human = await aiops(project, ['playbook', 'validate']);
      expect(human.stderr).toContain('playbooks/zz-broken.yaml:5:33: unknown role "boss"');
      expect(human.stderr).toContain('aiops: 2 problem(s) in 1 file(s)');
    } finally {
      writeFileSync(bad, '');
      const { rmSync } = await import('node:fs');
      rmSync(bad);
    }
  });
});
