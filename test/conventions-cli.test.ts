import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/index.js';
import type { Command } from 'commander';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { BIN, makeProject, REPO, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
let dir: string | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;

function leaves(cmd: Command, path: string[] = []): string[][] {
  return cmd.commands
    .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
    .flatMap((c) => {
      const p = [...path, c.name()];
      // A group's own help counts too (`aiops incident --help`).
      return c.commands.length ? [p, ...leaves(c, p)] : [p];
    });
}

describe('the version, the way people ask for it', () => {
  it('-v, -V, --version and `aiops version` all print the package version', async () => {
    project = makeProject();
    for (const args of [['-v'], ['-V'], ['--version'], ['version']]) {
      const r = await aiops(project, args);
      expect(r.exitCode, args.join(' ')).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
    expect((await aiops(project, ['version', '--json'])).json()).toEqual({ schemaVersion: 1, version, node: process.versions.node });
  });

  it('-v, -V and --version work beside global options, and with --json print the document `aiops version --json` prints', async () => {
    project = makeProject();
    // When the version is asked among global options
    for (const args of [['--debug', '-v'], ['--as', 'bob', '-V'], ['--tz=UTC', '--version', '--debug']]) {
      const r = await aiops(project, args);
      // Then it is the version, not "unknown option"
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
    const doc = { schemaVersion: 1, version, node: process.versions.node };
    for (const args of [['-v', '--json'], ['--json', '-V'], ['--json', 'version']]) {
      const r = await aiops(project, args);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.json()).toEqual(doc);
    }
    // And -v beside a command is still no option of that command
    const cmd = await aiops(project, ['-v', 'incident', 'list']);
    expect(cmd.exitCode).toBe(2);
    expect(cmd.stderr).toContain("unknown option '-v'");
  });
});

describe('help of every command', () => {
  const shows = (text: string) => /\nExamples:\n {2}\S/.test(text) && text.includes('Global Options:') && text.includes('--config <path>');

  it('shows examples and the global options, for every command in the tree', async () => {
    // Rendered in process (one binary run a command would cost ~50 processes); the next test runs the binary.
    const program = await buildProgram();
    const commands = leaves(program);
    expect(commands.length).toBeGreaterThan(40);
    const missing = commands.filter((path) => {
      const cmd = path.reduce((c, name) => c.commands.find((s) => s.name() === name)!, program);
      let text = '';
      cmd.configureOutput({ writeOut: (s) => void (text += s), writeErr: (s) => void (text += s) });
      cmd.outputHelp();
      return !shows(text);
    });
    expect(missing.map((p) => p.join(' '))).toEqual([]);
  });

  it('through the binary: `aiops incident start --help` and `aiops completion --help`', async () => {
    project = makeProject();
    for (const args of [['incident', 'start', '--help'], ['completion', '--help']]) {
      const r = await aiops(project, args);
      expect(r.exitCode).toBe(0);
      expect(shows(r.stdout), r.stdout).toBe(true);
    }
  });
});

// The version, the help through the binary, a missing native module and init (its next: line names
// the binary it ran as) spawn the binary; the rest are one command at a time, run in-process.
describe('a group without its command', () => {
  it('`aiops`, `aiops incident` and `aiops evidence` print their help on stderr and exit 2 (usage); --help still exits 0 on stdout', async () => {
    project = makeProject();
    // When a group is named without a command
    for (const args of [[], ['incident'], ['evidence']]) {
      const r = await aiopsInProcess(project, args);
      // Then it is a usage error, and the help still says what would do
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^Usage: aiops /);
      expect(r.stderr).toContain('Commands:');
    }
    // And --json still gets one document on stdout
    const json = await aiopsInProcess(project, ['incident', '--json']);
    expect(json.exitCode).toBe(2);
    expect(json.json()).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    // While asking for help is no error
    for (const args of [['--help'], ['incident', '--help'], ['help'], ['help', 'incident']]) {
      const r = await aiopsInProcess(project, args);
      expect(r.exitCode, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: aiops /);
      expect(r.stderr).toBe('');
    }
  });
});

describe('config and roster schemas', () => {
  it('`aiops config schema` and `aiops roster schema` print the shipped JSON Schemas', async () => {
    project = makeProject();
    for (const name of ['config', 'roster']) {
      const r = await aiopsInProcess(project, [name, 'schema']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.json()).toEqual(JSON.parse(readFileSync(join(REPO, 'schemas', `${name}.schema.json`), 'utf8')));
    }
  });

  it('every duration in the schemas carries a pattern that refuses "ten minutes" and takes 1h30m', () => {
    const durations: { pattern?: string }[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.description === 'string' && o.description.startsWith('A duration')) durations.push(o as { pattern?: string });
        Object.values(o).forEach(walk);
      }
    };
    for (const name of ['config', 'playbook', 'scenario']) walk(JSON.parse(readFileSync(join(REPO, 'schemas', `${name}.schema.json`), 'utf8')));
    expect(durations.length).toBeGreaterThanOrEqual(8);
    for (const d of durations) {
      const re = new RegExp(d.pattern!);
      expect(re.test('ten minutes')).toBe(false);
      expect(['30s', '5m', '1h30m', '90d', '500ms'].every((x) => re.test(x))).toBe(true);
    }
  });
});

describe('AIOPS_CONFIG and TZ', () => {
  it('AIOPS_CONFIG names the config file when --config is not given', async () => {
    // Given a project whose config lives outside the working directory's ancestry
    project = makeProject();
    const elsewhere = mkdtempSync(join(tmpdir(), 'aiops-elsewhere-'));
    dir = elsewhere;
    const r = await aiopsInProcess({ dir: elsewhere, stateDir: project.stateDir }, ['hook', 'list', '--json'], { env: { AIOPS_CONFIG: join(project.dir, 'aiops.yaml') } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.stringify(r.json())).toContain('pause-feature');
    const none = await aiopsInProcess({ dir: elsewhere, stateDir: project.stateDir }, ['hook', 'list', '--json']);
    expect(JSON.stringify(none.json())).not.toContain('pause-feature');
  });

  it('an export shows times in the zone $TZ names; --tz wins; a POSIX TZ falls back to UTC; an unknown one is said', async () => {
    project = makeProject();
    const start = await aiopsInProcess(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'T', '--service', 's', '--json'], { as: 'alice' });
    const id = start.json().incident.id as string;
    const zoneOf = async (env: Record<string, string>, extra: string[] = []) => (await aiopsInProcess(project!, ['export', id, '--json', ...extra], { env })).json().timeZone;
    expect(await zoneOf({ TZ: 'Europe/Berlin' })).toBe('Europe/Berlin');
    expect(await zoneOf({ TZ: 'Europe/Berlin' }, ['--tz', 'Asia/Tokyo'])).toBe('Asia/Tokyo');
    expect(await zoneOf({ TZ: ':/etc/localtime' })).toBe('UTC');
    // A $TZ that names no zone is said on stderr, once, with the zone shown instead; systemd's path form is quiet
    const typo = await aiopsInProcess(project, ['export', id, '--json'], { env: { TZ: 'Europe/Berlni' } });
    expect(typo.json().timeZone).toBe('UTC');
    expect(typo.stderr.match(/\$TZ=Europe\/Berlni is not a time zone this system knows; times are shown in UTC/g)).toHaveLength(1);
    expect((await aiopsInProcess(project, ['export', id, '--json'], { env: { TZ: ':/etc/localtime' } })).stderr).toBe('');
  });
});

describe('evidence verify-export', () => {
  it('runs the shipped stand-alone verifier: same verdict and exit code as `node tools/verify-export.mjs`', async () => {
    project = makeProject();
    await aiopsInProcess(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'T', '--service', 's'], { as: 'alice' });
    await aiopsInProcess(project, ['evidence', 'export', '-o', 'all.jsonl']);
    const file = join(project.dir, 'all.jsonl');
    const tool = await execa('node', [join(REPO, 'tools', 'verify-export.mjs'), file], { reject: false });
    const cli = await aiopsInProcess(project, ['evidence', 'verify-export', 'all.jsonl']);
    expect(cli.exitCode).toBe(0);
    expect(cli.stdout.trim()).toBe(String(tool.stdout).trim());
    expect(cli.stdout).toMatch(/^ok: \d+ events, head [0-9a-f]{64}$/m);
    // When a line is edited, both say TAMPERED and exit 1
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[1] = lines[1]!.replace('"actor":"', '"actor":"x');
    writeFileSync(join(project.dir, 'bad.jsonl'), `${lines.join('\n')}\n`);
    const bad = await aiopsInProcess(project, ['evidence', 'verify-export', 'bad.jsonl']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout.trim()).toBe('TAMPERED: seq 1: hash mismatch (content edited)');
  });
});

describe('a missing native module', () => {
  it('names npm rebuild better-sqlite3 instead of reporting a bug', async () => {
    // Given better-sqlite3 whose compiled bindings cannot be found (blocked install scripts, failed build)
    project = makeProject();
    dir = mkdtempSync(join(tmpdir(), 'aiops-nobind-'));
    const preload = join(dir, 'no-bindings.cjs');
    writeFileSync(
      preload,
      `const M = require('node:module'); const load = M._load;
M._load = function (request, ...rest) {
  if (request === 'bindings') return () => { throw new Error('Could not locate the bindings file. Tried:\\n → build/better_sqlite3.node'); };
  return load.call(this, request, ...rest);
};\n`,
    );
    // When a command opens the log
    const r = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'T', '--service', 's'], {
      as: 'alice',
      env: { NODE_OPTIONS: `--require ${preload}` },
    });
    // Then it fails as an operation, with the fix, and not as a bug
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('could not load its native module: Could not locate the bindings file');
    expect(r.stderr).toContain('try: npm rebuild better-sqlite3');
    // naming where to run it, and with no dangling "Tried:"
    expect(r.stderr).toContain(`run in ${REPO} where aiops is installed`);
    expect(r.stderr).not.toContain('Tried:');
    expect(r.stderr).not.toContain('this is a bug');
  });
});

describe('init for a new team', () => {
  it('writes .gitignore with .aiops/, keeps an existing one, and everything it scaffolds validates', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-conv-'));
    const at = { dir, stateDir: join(dir, 'state') };
    writeFileSync(join(dir, '.gitignore'), 'node_modules/');
    const r = await aiops(at, ['init']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n# aiops: the evidence log and hook state (customer data; never commit)\n.aiops/\n');
    // The next command it prints runs as printed (here: node with the binary's path)
    const next = /^next: (.*)$/m.exec(r.stdout)![1]!;
    expect(next).toBe(`node ${BIN} playbook validate && node ${BIN} drill wrong-tenant-leak --auto`);
    for (const args of [['playbook', 'validate'], ['scenario', 'validate'], ['playbook', 'validate', '--format', 'config', 'aiops.yaml'], ['playbook', 'validate', '--format', 'roster', 'roster.yaml']]) {
      const v = await aiopsInProcess(at, args);
      expect(v.exitCode, `${args.join(' ')}: ${v.stdout}${v.stderr}`).toBe(0);
    }
    // A second init --force does not add .aiops/ twice
    await aiops(at, ['init', '--force']);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').match(/\.aiops\//g)).toHaveLength(1);
  });

  it('under npx, the next: line does not count on the node_modules/.bin npm put on the PATH for that one run', async () => {
    // Given aiops run the way `npx aiops init new-team` runs it from a clone: npm puts the clone's
    // node_modules/.bin (holding aiops) on the PATH of that process only
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-conv-'));
    const bin = join(dir, 'clone', 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(BIN, join(bin, 'aiops'));
    const at = { dir, stateDir: join(dir, 'state') };
    const path = `${bin}${delimiter}${process.env.PATH}`;
    const r = await aiops(at, ['init', 'new-team'], { env: { PATH: path, npm_command: 'exec', npm_lifecycle_event: 'npx' } });
    expect(r.exitCode, r.stderr).toBe(0);
    // Then the line names the binary itself, which runs in the shell it is pasted into
    expect(/^next: (.*)$/m.exec(r.stdout)![1]).toBe(`cd new-team && node ${BIN} playbook validate && node ${BIN} drill wrong-tenant-leak --auto`);
    // While the same folder on the user's own PATH (no npm around) is where `aiops` is found
    const own = await aiops(at, ['init', 'second-team'], { env: { PATH: path, npm_command: '', npm_lifecycle_event: '' } });
    expect(/^next: (.*)$/m.exec(own.stdout)![1]).toBe('cd second-team && aiops playbook validate && aiops drill wrong-tenant-leak --auto');
  });

  it("prints a next: line that runs when pasted, for a directory whose name has a space and a quote", async () => {
    // Given a directory name a shell would split
    dir = mkdtempSync(join(tmpdir(), 'aiops-init-conv-'));
    const at = { dir, stateDir: join(dir, 'state') };
    const r = await aiops(at, ['init', "team's dir"]);
    expect(r.exitCode, r.stderr).toBe(0);
    // Then the hint quotes it, and only it
    const next = /^next: (.*)$/m.exec(r.stdout)![1]!;
    expect(next).toBe(`cd 'team'\\''s dir' && node ${BIN} playbook validate && node ${BIN} drill wrong-tenant-leak --auto`);
    // And the line, pasted into a shell where init ran, works
    const pasted = await execa('sh', ['-c', next], { cwd: dir, reject: false, env: { AIOPS_STATE_DIR: at.stateDir, NO_COLOR: '1', AIOPS_DB: '', AIOPS_CONFIG: '', AIOPS_USER: 'alice' } });
    expect(pasted.exitCode, `${pasted.stdout}\n${pasted.stderr}`).toBe(0);
    expect(existsSync(join(dir, "team's dir", '.aiops', 'aiops.db'))).toBe(true);
  });
});
