import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers/project.js';
import { patience } from './helpers/patience.js';

/**
 * The package as a team installs it: `npm pack`, then a global install into a temp prefix, then
 * `aiops` from the PATH in an empty folder. The install runs `npm install -g --offline` (see below
 * for its native module); where the npm cache cannot supply the dependencies (a machine set up from a shared node_modules), it lays
 * the tarball out as `npm install -g` does and links the dependencies from this checkout instead,
 * and says so.
 */
let work: string;
let prefix: string;
let binDir: string;
let packed: string[];
let how: string;

const env = () => ({ PATH: `${binDir}${delimiter}${process.env.PATH}`, NO_COLOR: '1', AIOPS_DB: '', AIOPS_CONFIG: '', TZ: 'UTC', HOME: work });
const run = (cwd: string, file: string, args: string[], extra: Record<string, string> = {}) =>
  execa(file, args, { cwd, env: { ...env(), ...extra }, reject: false, stdin: 'ignore' });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'aiops-pack-'));
  // dist/ is built by `npm test`'s pretest; packing skips prepare so it does not rebuild it.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO, reject: false });
  expect(pack.exitCode, String(pack.stderr)).toBe(0);
  const info = JSON.parse(String(pack.stdout))[0] as { filename: string; files: { path: string }[] };
  packed = info.files.map((f) => f.path);
  const tarball = join(work, info.filename);
  prefix = join(work, 'prefix');
  binDir = join(prefix, 'bin');
  // Without install scripts: better-sqlite3's would fetch a prebuilt binding from GitHub, which CI
  // cannot reach, and then compile SQLite from source (4.5 minutes of a loaded 2-core machine). The
  // installed copy gets the binding this checkout's own install built instead, when the versions agree.
  const npm = await execa('npm', ['install', '-g', '--prefix', prefix, tarball, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { reject: false });
  const installed = join(prefix, 'lib', 'node_modules', 'aiops', 'node_modules', 'better-sqlite3');
  const ours = join(REPO, 'node_modules', 'better-sqlite3');
  const version = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  if (npm.exitCode === 0 && existsSync(installed) && version(installed) === version(ours)) {
    cpSync(join(ours, 'build', 'Release', 'better_sqlite3.node'), join(installed, 'build', 'Release', 'better_sqlite3.node'));
    how = "npm install -g --offline --ignore-scripts, with this checkout's better-sqlite3 binding";
    return;
  }
  rmSync(prefix, { recursive: true, force: true });
  how = `npm's layout by hand (npm install -g --offline failed here: ${String(npm.stderr).split('\n')[0]})`;
  const pkgDir = join(prefix, 'lib', 'node_modules', 'aiops');
  mkdirSync(pkgDir, { recursive: true });
  mkdirSync(binDir, { recursive: true });
  const untar = await execa('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1'], { reject: false });
  expect(untar.exitCode, String(untar.stderr)).toBe(0);
  symlinkSync(join(REPO, 'node_modules'), join(pkgDir, 'node_modules'), 'dir');
  symlinkSync(join('..', 'lib', 'node_modules', 'aiops', 'bin', 'aiops.js'), join(binDir, 'aiops'));
}, patience(300_000));
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package, installed globally', () => {
  it('carries LICENSE, the verifier, an example alert, the schemas and the built code, and no tests', () => {
    for (const f of ['LICENSE', 'tools/verify-export.mjs', 'fixtures/alerts/alertmanager-v4-pii-spike.json', 'schemas/config.schema.json', 'dist/cli/main.js', 'bin/aiops.js', 'README.md']) {
      expect(packed, f).toContain(f);
    }
    // (nor the compiler's incremental record, which npm run build keeps in dist/)
    expect(packed.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.endsWith('.tsbuildinfo'))).toEqual([]);
    expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('runs `aiops init` and the tour in an empty folder, from the PATH', async () => {
    console.info(`installed with ${how}`);
    const team = mkdtempSync(join(work, 'team-'));
    const init = await run(team, 'aiops', ['init']);
    expect(init.exitCode, String(init.stderr)).toBe(0);
    // The next command it names is plain `aiops`: that is what is on the PATH now
    expect(String(init.stdout)).toContain('next: aiops playbook validate && aiops drill wrong-tenant-leak --auto');
    expect(readdirSync(team)).toEqual(expect.arrayContaining(['.gitignore', 'aiops.yaml', 'roster.yaml', 'playbooks', 'scenarios', 'hooks']));
    const steps: [string[], RegExp][] = [
      [['playbook', 'validate'], /ok|valid/i],
      [['drill', 'wrong-tenant-leak', '--auto'], /score \d+\/100/],
      [['incident', 'start', '--trigger', 'data_leakage', '--title', 'Tenant B saw Tenant A invoices', '--service', 'assistant-eu'], /INC-\d{4}-0001/],
      [['incident', 'approve', 'INC-', 'pause'], /pause/],
      [['evidence', 'verify'], /^ok: /],
      [['evidence', 'export', '-o', 'evidence.jsonl'], /^$/],
      [['evidence', 'verify-export', 'evidence.jsonl'], /^ok: \d+ events/],
    ];
    let id = '';
    for (const [args, expected] of steps) {
      const a = args.map((w) => (w === 'INC-' ? id : w));
      const r = await run(team, 'aiops', a, { AIOPS_USER: 'alice' });
      expect(r.exitCode, `aiops ${a.join(' ')}\n${String(r.stdout)}${String(r.stderr)}`).toBe(0);
      expect(String(r.stdout), `aiops ${a.join(' ')}`).toMatch(expected);
      id ||= /INC-\d{4}-\d{4}/.exec(String(r.stdout))?.[0] ?? '';
    }
    // And the auditor's tool from the installed package agrees
    const tool = join(prefix, 'lib', 'node_modules', 'aiops', 'tools', 'verify-export.mjs');
    expect(existsSync(tool)).toBe(true);
    const audit = await run(team, 'node', [tool, 'evidence.jsonl']);
    expect(audit.exitCode).toBe(0);
  });

  // (a bash, an installed aiops and one run of it per half-typed line: minutes when another suite loads the machine)
  it('completes commands, incident ids, step ids, people and hooks in a real interactive bash', async () => {
    // Given an installed aiops, its bash completion loaded by an interactive bash, and one incident
    const team = mkdtempSync(join(work, 'bash-'));
    await run(team, 'aiops', ['init']);
    const start = await run(team, 'aiops', ['incident', 'start', '--trigger', 'data_leakage', '--title', 'T', '--service', 's'], { AIOPS_USER: 'alice' });
    expect(start.exitCode, String(start.stderr)).toBe(0);
    const id = /INC-\d{4}-\d{4}/.exec(String(start.stdout))![0];
    const short = id.toLowerCase().replace(/-0+(\d)/, '-$1');
    // When bash runs the completion function for each half-typed line, as it does on Tab
    const lines: Record<string, string> = {
      'aiops inc': 'incident',
      'aiops incident ap': 'approve',
      'aiops incident show INC': id,
      [`aiops incident step ${id} preserve-`]: 'preserve-evidence',
      'aiops incident assign --as ali': 'alice',
      'aiops hook test pause-': 'pause-feature',
      'aiops drill wrong-': 'wrong-tenant-leak',
      'aiops incident start --tr': '--trigger',
      'aiops completion f': 'fish',
      // an id typed in lower case and without its zeros, and the values an option offers
      'aiops incident show inc-': id,
      [`aiops incident step ${short} preserve-`]: 'preserve-evidence',
      [`aiops export ${id} --format h`]: 'html',
      // `--format=` and `--format=h` as bash splits them (at the '=', which is a word of its own)
      [`aiops export ${id} --format =`]: 'md',
      [`aiops export ${id} --format = h`]: 'html',
    };
    const script = [
      'source <(aiops completion bash)',
      'complete -p aiops',
      ...Object.keys(lines).map((line) => {
        const words = line.split(' ');
        const arr = words.map((w) => `'${w}'`).join(' ');
        return `COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; COMP_LINE='${line}'; COMP_POINT=${line.length}; COMPREPLY=(); _aiops_complete; echo "[${line}] \${COMPREPLY[*]}"`;
      }),
    ].join('\n');
    const bash = await run(team, 'bash', ['--norc', '--noprofile', '-i', '-c', script]);
    const out = String(bash.stdout);
    // Then the registration is there and each line completes to what a person expects
    expect(out, String(bash.stderr)).toContain('complete -o default -F _aiops_complete aiops');
    for (const [line, want] of Object.entries(lines)) {
      const got = new RegExp(`^\\[${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\] (.*)$`, 'm').exec(out)?.[1] ?? '';
      expect(got.split(' '), `${line} → ${got}`).toContain(want);
    }
  }, patience(90_000));

  it('zsh and fish scripts hand the words to the same hidden command', async () => {
    const team = mkdtempSync(join(work, 'shells-'));
    for (const shell of ['zsh', 'fish']) {
      const r = await run(team, 'aiops', ['completion', shell]);
      expect(r.exitCode).toBe(0);
      expect(String(r.stdout)).toContain('aiops __complete --');
    }
    const bad = await run(team, 'aiops', ['completion', 'tcsh']);
    expect(bad.exitCode).toBe(2);
    expect(String(bad.stderr)).toContain('aiops completion bash|zsh|fish');
  });
});
