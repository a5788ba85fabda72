import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from './helpers/cli.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';
import { parseYamlSource } from '../src/core/yaml-source.js';
import { readInputFile } from '../src/app/read-input-file.js';

interface Entry {
  file: string;
  check: 'playbook' | 'scenario' | 'config' | 'roster';
  rule: string;
  exit: number;
  expect: string[];
}
const manifest = JSON.parse(readFileSync(join(REPO, 'fixtures/bad/expected.json'), 'utf8')) as { files: Entry[] };
const of = (check: Entry['check']) => manifest.files.filter((e) => e.check === check);

let project: TempProject;
let dbBefore: Record<string, string>;

/** sha256 of the database and its -wal/-shm files. */
function hashDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort().filter((n) => n.startsWith('aiops.db'))) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

/** Every expected FILE:LINE:COL: fragment appears on one stderr line of its own. */
function expectLocated(r: CliResult, entry: Entry): void {
  const lines = r.stderr.split('\n');
  for (const want of entry.expect) {
    const cut = want.indexOf(': ');
    const where = want.slice(0, cut + 2);
    const fragment = want.slice(cut + 2);
    const line = lines.find((l) => l.includes(where));
    expect(line, `${entry.file}: no line starting ${where}\n${lines.filter((l) => l.includes(entry.file)).join('\n')}`).toBeDefined();
    expect(line).toContain(fragment);
  }
}

/** Wall time of validating one small valid playbook on this (shared, possibly busy) machine: the process baseline. */
async function smallFileMs(): Promise<number> {
  const t0 = performance.now();
  const r = await aiops(project, ['playbook', 'validate', 'playbooks/policy-violation.yaml']);
  expect(r.exitCode).toBe(0);
  return performance.now() - t0;
}

beforeAll(async () => {
  // Given a project with a real evidence log in it, and the bad fixtures copied beside it
  project = makeProject();
  cpSync(join(REPO, 'fixtures/bad'), join(project.dir, 'fixtures/bad'), { recursive: true });
  const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Baseline', '--service', 'svc'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  dbBefore = hashDir(join(project.dir, '.aiops'));
});
afterAll(() => project?.cleanup());

describe('malformed files (fixtures/bad/expected.json)', () => {
  it('has at least 100 committed bad files, each listed once with exit 2', () => {
    const files = manifest.files.map((e) => e.file);
    expect(files.length).toBeGreaterThanOrEqual(100);
    expect(new Set(files).size).toBe(files.length);
    const onDisk = ['playbooks', 'scenarios', 'config', 'roster'].flatMap((d) => readdirSync(join(REPO, 'fixtures/bad', d)).map((f) => `fixtures/bad/${d}/${f}`));
    expect(onDisk.sort()).toEqual([...files].sort());
    expect(manifest.files.every((e) => e.exit === 2)).toBe(true);
  });

  const batches = { playbook: ['playbook', 'validate'], scenario: ['scenario', 'validate'], config: ['playbook', 'validate', '--format', 'config'], roster: ['playbook', 'validate', '--format', 'roster'] } as const;
  for (const check of ['playbook', 'scenario', 'config', 'roster'] as const) {
    it(`${batches[check].join(' ')}: all ${of(check).length} ${check} fixtures at once exit 2, each failed at its own FILE:LINE:COL`, async () => {
      const entries = of(check);
      // When every bad file of the kind is validated in one call, in text and in JSON
      const [human, json] = await Promise.all([
        aiops(project, [...batches[check], ...entries.map((e) => e.file)]),
        aiops(project, [...batches[check], '--json', ...entries.map((e) => e.file)]),
      ]);
      // Then the call exits 2 and names every file at the expected place
      expect(human.exitCode).toBe(2);
      expect(json.exitCode).toBe(2);
      for (const e of entries) expectLocated(human, e);
      const doc = json.json<{ ok: boolean; files: { file: string; ok: boolean }[]; problems: { file: string; line?: number; col?: number }[] }>();
      expect(doc.ok).toBe(false);
      expect(doc.files.length).toBe(entries.length);
      expect(doc.files.filter((f) => f.ok)).toEqual([]);
      for (const e of entries) {
        const [, line, col] = /:(\d+):(\d+): /.exec(e.expect[0]!) ?? [];
        const mine = doc.problems.filter((p) => p.file === e.file);
        expect(mine.length, e.file).toBeGreaterThan(0);
        if (line) expect(mine.some((p) => p.line === Number(line) && p.col === Number(col)), e.file).toBe(true);
      }
    });
  }

  it('a sample of bad aiops.yaml and roster files fail the same way when a project loads them', async () => {
    const configs = of('config').filter((e) => /rule-undo|rule-roster|bomb-/.test(e.file));
    const rosters = of('roster').filter((e) => /rule-oncall|bomb-/.test(e.file));
    await Promise.all([
      ...configs.map(async (e) => {
        const r = await aiops(project, ['--config', e.file, 'playbook', 'list']);
        expect(r.exitCode, `${e.file}\n${r.stderr}`).toBe(2);
        expectLocated(r, e);
      }),
      ...rosters.map(async (e) => {
        const host = join(project.dir, `host-${e.file.replaceAll('/', '_')}`);
        writeFileSync(host, `roster: ${join(project.dir, e.file)}\nplaybooks: no-playbooks/\n`);
        const r = await aiops(project, ['--config', host, 'playbook', 'list']);
        expect(r.exitCode, `${e.file}\n${r.stderr}`).toBe(2);
        expectLocated(r, e);
      }),
    ]);
  });
});

describe('hostile files made at test time', () => {
  // What these prove is behaviour (refused by size before reading, aliases counted not expanded); a
  // reading or expanding build would run into the test's timeout. The times are printed, not asserted:
  // on a loaded machine a wall-clock bound fails for reasons of its own.
  it('refuses a 10 MB playbook and a 10 MB aiops.yaml without reading them', async () => {
    const big = join(project.dir, 'huge.yaml');
    writeFileSync(big, `id: huge\nversion: 1.0.0\ntitle: "${'x'.repeat(10 * 1024 * 1024)}"\nsteps: []\n`);
    const t0 = performance.now();
    const r = await aiops(project, ['playbook', 'validate', 'huge.yaml']);
    const ms = performance.now() - t0;
    const baseline = await smallFileMs();
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^huge\.yaml: file is 1048\d{4} bytes; aiops reads input files up to 1048576 bytes$/m);
    const inProcess = readInputFile(big);
    expect(inProcess.text).toBeUndefined();
    const c = await aiops(project, ['--config', 'huge.yaml', 'playbook', 'list']);
    expect(c.exitCode, c.stderr).toBe(2);
    expect(c.stderr).toContain('huge.yaml: file is');
    console.log(`10 MB file refused in ${ms.toFixed(0)} ms as a command (validating a valid playbook: ${baseline.toFixed(0)} ms)`);
  });

  it('refuses a billion-laughs bomb unexpanded', async () => {
    const baseline = await smallFileMs();
    // When the bomb is validated, in-process and through the binary
    const text = readFileSync(join(REPO, 'fixtures/bad/playbooks/bomb-billion-laughs.yaml'), 'utf8');
    const p0 = performance.now();
    const parsed = parseYamlSource('bomb.yaml', text);
    const inProcess = performance.now() - p0;
    const t0 = performance.now();
    const r = await aiops(project, ['playbook', 'validate', 'fixtures/bad/playbooks/bomb-billion-laughs.yaml']);
    const ms = performance.now() - t0;
    // Then it is refused without expansion: milliseconds in-process, well under a second as a command
    expect(parsed.source).toBeUndefined();
    expect(parsed.problems[0]!.message).toContain('alias bomb');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('fixtures/bad/playbooks/bomb-billion-laughs.yaml:5:8: YAML aliases would expand');
    console.log(`alias bomb: refused in ${inProcess.toFixed(1)} ms in-process, ${ms.toFixed(0)} ms as a command (validating a valid playbook: ${baseline.toFixed(0)} ms)`);
  });

  it('refuses a symlink loop, a FIFO, a directory and a missing file, each by name', async () => {
    const dir = join(project.dir, 'odd');
    mkdirSync(join(dir, 'folder.yaml'), { recursive: true });
    symlinkSync('loop-b.yaml', join(dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(dir, 'loop-b.yaml'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const r = await aiops(project, ['playbook', 'validate', 'odd/loop-a.yaml', 'odd/pipe.yaml', 'odd/folder.yaml', 'odd/missing.yaml']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('odd/loop-a.yaml: cannot read: symbolic link loop');
    expect(r.stderr).toContain('odd/pipe.yaml: not a regular file (a FIFO, socket or device)');
    expect(r.stderr).toContain('odd/folder.yaml: is a directory, not a file');
    expect(r.stderr).toContain('odd/missing.yaml: file not found');
  });

  it('a symlink loop as aiops.yaml is refused with exit 2', async () => {
    symlinkSync('self.yaml', join(project.dir, 'self.yaml'));
    const r = await aiops(project, ['--config', 'self.yaml', 'playbook', 'list']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('self.yaml: cannot read: symbolic link loop');
  });

  it('a bad aiops.yaml stops an incident start before anything is written', async () => {
    const r = await aiops(project, ['--config', 'fixtures/bad/config/rule-undo-unknown-hook.yaml', '--db', '.aiops/aiops.db', 'incident', 'start', '--trigger', 'data_leakage', '--title', 'x', '--service', 'y'], { as: 'alice' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('fixtures/bad/config/rule-undo-unknown-hook.yaml:7:11: undo names hook "resume-feature"');
  });

  it('after every bad file above (this test runs last), the evidence log is byte-identical', () => {
    expect(existsSync(join(project.dir, '.aiops', 'aiops.db'))).toBe(true);
    expect(Object.keys(dbBefore)).toContain('aiops.db');
    expect(hashDir(join(project.dir, '.aiops'))).toEqual(dbBefore);
  });
});
