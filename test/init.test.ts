import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { REPO } from './helpers/project.js';

let dir: string;
const at = () => ({ dir, stateDir: join(dir, 'state') });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else out[p.slice(root.length + 1)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

describe('aiops init', () => {
  it('scaffolds a project in an empty directory that validates and can run an incident', async () => {
    // Given an empty directory
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-'));
    // When init runs there
    const r = await aiops(at(), ['init', '--json']);
    // Then it reports every file it wrote, and they are the shipped ones
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = r.json<{ ok: boolean; written: string[] }>();
    expect(doc.ok).toBe(true);
    for (const f of ['aiops.yaml', 'roster.yaml', 'playbooks/data-leakage.yaml', 'scenarios/wrong-tenant-leak.yaml', 'schemas/playbook.schema.json', 'hooks/feature-flag.sh']) {
      expect(doc.written).toContain(f);
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(readdirSync(join(dir, 'playbooks')).sort()).toEqual(readdirSync(join(REPO, 'playbooks')).sort());
    expect(readdirSync(join(dir, 'scenarios')).sort()).toEqual(readdirSync(join(REPO, 'scenarios')).sort());
    expect(readFileSync(join(dir, 'roster.yaml'), 'utf8')).toBe(readFileSync(join(REPO, 'roster.yaml'), 'utf8'));
    expect(readFileSync(join(dir, 'aiops.yaml'), 'utf8')).toContain('./hooks/feature-flag.sh');
    expect(statSync(join(dir, 'hooks/feature-flag.sh')).mode & 0o111).not.toBe(0);
    // And everything in it validates
    const pb = await aiops(at(), ['playbook', 'validate']);
    const sc = await aiops(at(), ['scenario', 'validate']);
    expect(pb.exitCode, pb.stderr).toBe(0);
    expect(sc.exitCode, sc.stderr).toBe(0);
    // And an incident can start there and fire its hook from the scaffolded hooks/
    const start = await aiops(at(), ['incident', 'start', '--trigger', 'data_leakage', '--title', 'First', '--service', 'svc', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    const approve = await aiops(at(), ['incident', 'approve', id, 'pause', '--json'], { as: 'alice' });
    expect(approve.exitCode, approve.stderr).toBe(0);
    expect(approve.json().hook.ok).toBe(true);
    expect(existsSync(join(dir, '.aiops', 'aiops.db'))).toBe(true);
  });

  it('refuses to overwrite without --force: exit 2, names the files, writes nothing', async () => {
    // Given a directory with an edited aiops.yaml in it
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-'));
    writeFileSync(join(dir, 'aiops.yaml'), '# ours\nplaybooks: mine/\n');
    const before = snapshot(dir);
    // When init runs without --force
    const r = await aiops(at(), ['init']);
    // Then it refuses, says which file, and the directory is untouched
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('refusing to overwrite 1 existing file(s)');
    expect(r.stderr).toContain('aiops.yaml');
    expect(r.stderr).toContain('aiops init --force');
    expect(snapshot(dir)).toEqual(before);
    const json = await aiops(at(), ['init', '--json']);
    expect(json.exitCode).toBe(2);
    expect(json.json().ok).toBe(false);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--force overwrites the existing files', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-'));
    writeFileSync(join(dir, 'roster.yaml'), 'people: {}\n');
    const r = await aiops(at(), ['init', '--force']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote \d+ files:/);
    expect(readFileSync(join(dir, 'roster.yaml'), 'utf8')).toBe(readFileSync(join(REPO, 'roster.yaml'), 'utf8'));
  });

  it('scaffolds into a named directory, creating it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-'));
    const r = await aiops(at(), ['init', 'team-a', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'team-a', 'aiops.yaml'))).toBe(true);
  });
});

describe('aiops init and symbolic links', () => {
  it('refuses to write through a dangling link (aiops.yaml -> /nonexistent, .aiops -> elsewhere) or a link to a file, and writes nothing', async () => {
    // Given a directory whose aiops.yaml and .aiops are dangling links, and roster.yaml links to a file outside
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-'));
    const outside = mkdtempSync(join(tmpdir(), 'aiops-init-outside-'));
    try {
      symlinkSync(join(outside, 'no-such-dir', 'aiops.yaml'), join(dir, 'aiops.yaml'));
      symlinkSync(join(outside, 'gone'), join(dir, '.aiops'));
      writeFileSync(join(outside, 'roster.yaml'), 'mine\n');
      symlinkSync(join(outside, 'roster.yaml'), join(dir, 'roster.yaml'));
      // When init runs, even with --force
      for (const args of [['init'], ['init', '--force']]) {
        const r = await aiopsInProcess(at(), args);
        // Then it refuses with a clear error naming each link, and nothing was written anywhere
        expect(r.exitCode, r.stderr).toBe(2);
        expect(r.stderr).toContain('refusing to write through 3 symbolic link(s)');
        expect(r.stderr).toContain(`aiops.yaml is a symbolic link to ${join(outside, 'no-such-dir', 'aiops.yaml')}, which does not exist`);
        expect(r.stderr).toContain(`.aiops is a symbolic link to ${join(outside, 'gone')}, which does not exist`);
        expect(r.stderr).toContain(`roster.yaml is a symbolic link to ${join(outside, 'roster.yaml')}; init writes regular files only`);
        expect(readdirSync(dir).sort()).toEqual(['.aiops', 'aiops.yaml', 'roster.yaml']);
        expect(readdirSync(outside)).toEqual(['roster.yaml']);
        expect(readFileSync(join(outside, 'roster.yaml'), 'utf8')).toBe('mine\n');
      }
      // And a dangling directory link on the way to a file is refused too
      rmSync(join(dir, 'aiops.yaml'));
      rmSync(join(dir, '.aiops'));
      rmSync(join(dir, 'roster.yaml'));
      symlinkSync(join(outside, 'shared-playbooks'), join(dir, 'playbooks'));
      const r = await aiopsInProcess(at(), ['init']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`playbooks is a symbolic link to ${join(outside, 'shared-playbooks')}, which does not exist`);
      expect(existsSync(join(outside, 'shared-playbooks'))).toBe(false);
      // While a directory link to a real directory is used as it is
      mkdirSync(join(outside, 'shared-playbooks'));
      const ok = await aiopsInProcess(at(), ['init']);
      expect(ok.exitCode, ok.stderr).toBe(0);
      expect(existsSync(join(outside, 'shared-playbooks', 'data-leakage.yaml'))).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
