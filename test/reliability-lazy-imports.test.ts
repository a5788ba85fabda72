import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BIN, makeProject, REPO, type TempProject } from './helpers/project.js';

const RECORDER = join(REPO, 'fixtures', 'programs', 'record-imports.mjs');
// (@secretlint: hook-output redaction loads it when there is output to redact, never before)
const HEAVY = /\/node_modules\/(ink|react|react-reconciler|execa|yoga-layout|@secretlint)\//;

let project: TempProject;
/** Every recorder directory a test made (a test may load modules more than once): all removed after it. */
const recordDirs: string[] = [];
afterEach(() => {
  project?.cleanup();
  for (const dir of recordDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newRecordDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aiops-imports-'));
  recordDirs.push(dir);
  return dir;
}

/** Runs the binary (in `cwd`: the test's project) with a resolve hook that writes down every module it loads. */
function loadedModules(args: string[], env: NodeJS.ProcessEnv = {}, cwd = project.dir): string[] {
  const recordDir = newRecordDir();
  const file = join(recordDir, 'imports.txt');
  execFileSync(process.execPath, ['--import', RECORDER, BIN, ...args], {
    cwd,
    env: { ...process.env, AIOPS_RECORD_IMPORTS: file, NO_COLOR: '1', AIOPS_DB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/**
 * A project with one incident, started through the binary (which also warms and seals the project
 * cache, as any earlier command would), made once for the listings and exports below: they only
 * read it (a read changes nothing there but SQLite's -shm file), so each sees what a fresh one would.
 */
let warm: { project: TempProject; id: string } | undefined;
afterAll(() => warm?.project.cleanup());
function warmProject(): { project: TempProject; id: string } {
  if (!warm) {
    const p = makeProject({ withScenarios: false });
    const started = execFileSync(process.execPath, [BIN, 'incident', 'start', '--trigger', 'data_leakage', '--title', 't', '--no-tui', '--json'], {
      cwd: p.dir,
      env: { ...process.env, AIOPS_USER: 'alice', AIOPS_DB: '', NO_COLOR: '1' },
    });
    warm = { project: p, id: JSON.parse(started.toString()).incident.id as string };
  }
  return warm;
}

describe('commands that must start fast', () => {
  for (const args of [['--version'], ['playbook', 'list', '--json'], ['incident', 'list', '--json']]) {
    it(`\`aiops ${args.join(' ')}\` loads no ink, react, execa or secretlint`, () => {
      project = makeProject({ withScenarios: false });
      const modules = loadedModules(args);
      // The recorder works: it saw the CLI's own modules being loaded.
      expect(modules.some((m) => m.includes('/dist/cli/'))).toBe(true);
      expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
    });
  }

  it('the recorder does see ink when a module really imports it', () => {
    project = makeProject({ withScenarios: false });
    const recordDir = newRecordDir();
    const file = join(recordDir, 'imports.txt');
    execFileSync(process.execPath, ['--import', RECORDER, '--input-type=module', '-e', "await import('ink')"], {
      cwd: REPO,
      env: { ...process.env, AIOPS_RECORD_IMPORTS: file },
      stdio: 'ignore',
    });
    expect(readFileSync(file, 'utf8')).toMatch(HEAVY);
  });
});

describe('listings load what they use', () => {
  const ZOD = /\/node_modules\/zod\//;
  const VERBS = /\/dist\/verbs\//;

  for (const args of [['playbook', 'list', '--json'], ['incident', 'list', '--json']]) {
    it(`\`aiops ${args.join(' ')}\` with a warm project cache loads no zod, no pipeline, no decider and no verb`, () => {
      // Given a project with an incident (its start warms the project cache, as any earlier command would)
      const { project: warmed } = warmProject();
      // When the listing runs
      const modules = loadedModules(args, {}, warmed.dir);
      // Then it read the log, but never loaded zod or the write path
      expect(modules.some((m) => m.includes('/dist/store/'))).toBe(true);
      expect(modules.filter((m) => ZOD.test(m) || /\/dist\/(app\/pipeline|core\/decide)\.js$/.test(m))).toEqual([]);
      // And neither listing builds the verb commands, nor the other command groups, nor loads the whole semver
      expect(modules.filter((m) => VERBS.test(m) || /\/dist\/cli\/verb-command\.js$/.test(m))).toEqual([]);
      expect(modules.filter((m) => /\/dist\/cli\/commands\//.test(m) && !m.includes(`/commands/${args[0]}.js`))).toEqual([]);
      expect(modules.filter((m) => /\/node_modules\/semver\/index\.js$/.test(m))).toEqual([]);
    });
  }
});

describe('global options before the command', () => {
  it('`aiops --tz UTC --as alice incident list` builds only the incident group: a global option\'s value is not a command', () => {
    project = makeProject({ withScenarios: false });
    const modules = loadedModules(['--tz', 'UTC', '--as', 'alice', 'incident', 'list']);
    expect(modules.some((m) => m.endsWith('/dist/cli/commands/incident.js'))).toBe(true);
    expect(modules.filter((m) => /\/dist\/cli\/commands\/(playbook|drill|evidence|export|serve)\.js$/.test(m))).toEqual([]);
  });
});

describe('commands that act, with a cache this user sealed, parse no YAML', () => {
  const PARSERS = /\/node_modules\/(zod|yaml)\//;

  it('`incident start --trigger` and `incident note` load neither zod nor the YAML parser', () => {
    // Given a warm project cache, written (and sealed) by an earlier start
    project = makeProject({ withScenarios: false });
    const env = { ...process.env, AIOPS_USER: 'alice', AIOPS_DB: '', NO_COLOR: '1' };
    const first = execFileSync(process.execPath, [BIN, 'incident', 'start', '--trigger', 'data_leakage', '--title', 't', '--no-tui', '--json'], { cwd: project.dir, env });
    const id = JSON.parse(first.toString()).incident.id as string;
    // When another incident starts, and a note is written on the first
    const started = loadedModules(['incident', 'start', '--trigger', 'data_leakage', '--title', 'second', '--no-tui'], { AIOPS_USER: 'alice' });
    const noted = loadedModules(['incident', 'note', id, 'seen'], { AIOPS_USER: 'alice' });
    // Then both wrote through the pipeline, without re-reading the YAML files or loading the schemas
    for (const modules of [started, noted]) {
      expect(modules.some((m) => /\/dist\/app\/pipeline\.js$/.test(m))).toBe(true);
      expect(modules.filter((m) => PARSERS.test(m))).toEqual([]);
    }
  });
});

describe('exports load what they use', () => {
  const ZOD = /\/node_modules\/zod\//;
  const DATE_FNS_BARREL = /\/node_modules\/date-fns\/index\.js$/;

  for (const args of [['evidence', 'export'], ['export', 'INC', '--format', 'md'], ['export', 'INC', '--format', 'html'], ['export', 'INC', '--format', 'json']]) {
    it(`\`aiops ${args.join(' ')}\` loads no zod and not the whole date-fns`, () => {
      // Given an incident (its start also warms the project cache, as any earlier command would)
      const { project: warmed, id } = warmProject();
      // When the export runs
      const modules = loadedModules(args.map((a) => (a === 'INC' ? id : a)), {}, warmed.dir);
      // Then it loaded the export's modules, but no zod and no date-fns barrel
      expect(modules.some((m) => m.includes('/dist/'))).toBe(true);
      expect(modules.filter((m) => ZOD.test(m))).toEqual([]);
      expect(modules.filter((m) => DATE_FNS_BARREL.test(m))).toEqual([]);
    });
  }
});

describe('the TUI loads what it shows', () => {
  it('its screen modules load no zod and no YAML parser (a responder who never judges a drill never needs them)', () => {
    project = makeProject({ withScenarios: false });
    const recordDir = newRecordDir();
    const file = join(recordDir, 'imports.txt');
    const runTui = join(REPO, 'dist', 'ui', 'run-tui.js');
    execFileSync(process.execPath, ['--import', RECORDER, '--input-type=module', '-e', `await import(${JSON.stringify(runTui)})`], {
      cwd: project.dir,
      env: { ...process.env, AIOPS_RECORD_IMPORTS: file },
      stdio: 'ignore',
    });
    const modules = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    // The recorder saw the screen and Ink being loaded
    expect(modules.some((m) => m.endsWith('/dist/ui/run-tui.js'))).toBe(true);
    expect(modules.some((m) => HEAVY.test(m))).toBe(true);
    // But neither zod nor yaml
    expect(modules.filter((m) => /\/node_modules\/(zod|yaml)\//.test(m))).toEqual([]);
  });
});
