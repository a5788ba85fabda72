import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { aiops as aiopsBinary } from './helpers/cli.js';
import { REPO } from './helpers/project.js';
import { needProgram } from './helpers/system-programs.js';

// Root may write anywhere: as root the writer runs without the capabilities that let it (as readonly-folder does).
const asRoot = process.getuid?.() === 0;
const setpriv = asRoot ? needProgram('setpriv') : { skip: false as const, path: undefined };
const writer = asRoot ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search'] : [];

let dir: string;
const at = () => ({ dir, stateDir: join(dir, 'state') });
afterEach(() => {
  // A test may leave a folder it made read-only.
  if (existsSync(join(dir, 'ro'))) chmodSync(join(dir, 'ro'), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

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

describe('aiops init with something in the way', () => {
  const refusedUntouched = async (args: string[], message: string) => {
    const before = snapshot(dir);
    const r = await aiopsBinary(at(), args);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain(`aiops: ${message}\n`);
    expect(r.stderr).toContain('nothing was written');
    expect(r.stderr).not.toContain('this is a bug');
    expect(snapshot(dir)).toEqual(before);
    return r;
  };

  it('names a file given as the directory, or on the way to it, and writes nothing', async () => {
    // Given a plain file where the user points init
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-'));
    writeFileSync(join(dir, 'afile'), 'mine\n');
    // When init is pointed at it, or below it, even with --force
    await refusedUntouched(['init', 'afile'], 'afile is a file, not a directory');
    await refusedUntouched(['init', 'afile/team-a', '--force'], 'afile is a file, not a directory');
    // Then --json says so too
    const json = await aiopsBinary(at(), ['init', 'afile', '--json']);
    expect(json.exitCode).toBe(2);
    expect(json.json().error).toMatchObject({ kind: 'invalid-input', message: 'afile is a file, not a directory' });
  });

  it('checks the whole scaffold first: a file where playbooks/ goes leaves no aiops.yaml behind, so the next init needs no --force', async () => {
    // Given a directory holding a file named playbooks, and another with a directory named aiops.yaml
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-'));
    mkdirSync(join(dir, 'partial'));
    writeFileSync(join(dir, 'partial', 'playbooks'), 'notes\n');
    // When init runs there
    await refusedUntouched(['init', 'partial'], 'partial/playbooks is a file, where init puts a directory');
    expect(readdirSync(join(dir, 'partial'))).toEqual(['playbooks']);
    // And several obstacles are listed together
    mkdirSync(join(dir, 'partial', 'aiops.yaml'));
    const r = await refusedUntouched(['init', 'partial'], '2 things are in the way of aiops init in partial');
    expect(r.stderr).toContain('  partial/aiops.yaml is a directory, where init writes a file\n');
    expect(r.stderr).toContain('  partial/playbooks is a file, where init puts a directory\n');
    // And once the file is moved aside, a plain init (no --force) scaffolds it
    rmSync(join(dir, 'partial', 'playbooks'));
    rmSync(join(dir, 'partial', 'aiops.yaml'), { recursive: true });
    const ok = await aiopsBinary(at(), ['init', 'partial']);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(existsSync(join(dir, 'partial', 'playbooks', 'data-leakage.yaml'))).toBe(true);
  });

  it.skipIf(setpriv.skip)('says it cannot write into a directory the user may not write to, and writes nothing', async () => {
    // Given a directory its user may read but not write
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-'));
    mkdirSync(join(dir, 'ro'));
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'ro'), 0o555);
    // When init runs in it, or in a new directory below it
    for (const target of ['ro', 'ro/team-a']) {
      const r = await aiopsBinary(at(), ['init', target], { prefix: writer });
      // Then it says which directory, as a user mistake, and nothing is there
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain('aiops: cannot write into ro: permission denied\n');
      expect(r.stderr).not.toContain('this is a bug');
      expect(readdirSync(join(dir, 'ro'))).toEqual([]);
    }
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
