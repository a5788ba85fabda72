import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigFile, HookSpec } from '../core/schemas/config.js';
import { missingConfigError } from './find-config.js';
import { RosterFile } from '../core/schemas/roster.js';
import { validateConfig, watchTriggerProblems } from '../core/validate-config.js';
import { dbPasswordWarning } from '../core/db-password.js';
import { hookSpecProblems } from '../core/hook-config.js';
import { mappingTemplateProblems } from '../core/alert-mapping.js';
import { validateRoster } from '../core/validate-roster.js';
import { type Problem, sortProblems, type YamlSource } from '../core/yaml-source.js';
import { checkCwd, checkProgram } from '../hooks/check-program.js';
import { hookCwd, programPath } from '../hooks/resolve-hook.js';
import { shellTemplateWarnings } from './hook-warnings.js';
import { display, findConfig, loadPlaybookFiles, loadProject, loadScenarioFiles, loadYamlFile, salvageFields, yamlFilesIn } from './project.js';

export interface ValidationResult {
  files: { file: string; ok: boolean; label?: string }[];
  problems: Problem[];
  /** Worth fixing, never failing the files (a value pasted into a shell script): located like problems. */
  warnings: Problem[];
}

interface Where {
  cwd: string;
  config?: string;
  db?: string;
  env: NodeJS.ProcessEnv;
}

function summarize(files: string[], labels: Map<string, string>, problems: Problem[], cwd: string, warnings: Problem[] = []): ValidationResult {
  const bad = new Set(problems.map((p) => p.file));
  const rows = files.map((f) => {
    const shown = display(f, cwd);
    return { file: shown, ok: !bad.has(shown), label: labels.get(shown) };
  });
  return { files: rows, problems: sortProblems(problems), warnings: sortProblems(warnings) };
}

/**
 * Validates the given playbook files (or the project's) against the project's hooks and roles,
 * and aiops.yaml and the roster on the way (hook programs included): every problem of every file
 * in one run, so a fix never reveals the next round.
 */
export function validatePlaybookFiles(where: Where, files: string[]): ValidationResult {
  const cwd = resolve(where.cwd);
  let configPath: string | null;
  if (where.config) {
    configPath = resolve(cwd, where.config);
    if (!existsSync(configPath)) throw missingConfigError(where.config);
  } else configPath = findConfig(cwd);
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let config: ConfigFile | null = null;
  let root = cwd;
  if (configPath) {
    root = dirname(configPath);
    config = checkConfigFile(configPath, where, problems, warnings);
    const rosterPath = resolve(root, config.roster ?? 'roster.yaml');
    if (existsSync(rosterPath)) problems.push(...validateRosterFiles(where, [rosterPath]).problems);
  }
  const list = files.length ? files.map((f) => resolve(cwd, f)) : yamlFilesIn(resolve(root, config?.playbooks ?? 'playbooks'));
  const loaded = loadPlaybookFiles(list, cwd, config, problems);
  const labels = new Map(loaded.map((p) => [p.file, `${p.playbook.id}@${p.playbook.version}, ${p.playbook.steps.length} steps`]));
  return summarize(list, labels, problems, cwd, warnings);
}

/**
 * Every problem of one aiops.yaml into `problems`; returns the config to check playbooks against:
 * as written, or (when broken) its sound fields and every hook name, so a playbook's steps are not
 * reported as naming unknown hooks because one hook has a typo.
 */
function checkConfigFile(path: string, where: Where, problems: Problem[], warnings: Problem[]): ConfigFile {
  const shown = display(path, where.cwd);
  const loaded = loadYamlFile(path, ConfigFile, shown);
  problems.push(...loaded.problems);
  if (!loaded.source) return {};
  if (!loaded.value) {
    const config = (salvageFields(loaded.source, ConfigFile) ?? {}) as ConfigFile;
    const raw = (loaded.source.value as { hooks?: unknown }).hooks;
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      config.hooks = Object.fromEntries(Object.entries(raw).map(([name, spec]) => [name, HookSpec.safeParse(spec).data ?? { command: [] }]));
      // The hook checks validateConfig makes, so a typo elsewhere does not hide a templated program.
      for (const [name, spec] of Object.entries(config.hooks)) problems.push(...hookSpecProblems(name, spec, loaded.source));
      problems.push(...hookProgramProblems(config, loaded.source, dirname(path), where.env.PATH));
      warnings.push(...hookWarnings(config, loaded.source));
    }
    warnings.push(...dbWarnings(config, loaded.source));
    return config;
  }
  problems.push(...validateConfig(loaded.value, loaded.source));
  if (loaded.value.watch?.length) {
    // The triggers a drift rule may open are those of the playbooks this file names (their own problems are the playbook check's).
    const playbooks = loadPlaybookFiles(yamlFilesIn(resolve(dirname(path), loaded.value.playbooks ?? 'playbooks')), where.cwd, loaded.value, []);
    problems.push(...watchTriggerProblems(loaded.value, playbooks, loaded.source));
  }
  // A mapping template naming what no alert has is only a warning when an alert arrives; here it is an error.
  for (const t of mappingTemplateProblems(loaded.value)) problems.push(loaded.source.problem(t.path, t.message));
  const roster = loaded.value.roster;
  if (roster !== undefined && !existsSync(resolve(dirname(path), roster))) {
    problems.push(loaded.source.problem(['roster'], `roster ${roster} not found (paths are relative to this file)`));
  }
  problems.push(...hookProgramProblems(loaded.value, loaded.source, dirname(path), where.env.PATH));
  warnings.push(...hookWarnings(loaded.value, loaded.source), ...dbWarnings(loaded.value, loaded.source));
  return loaded.value;
}

/**
 * Each hook whose program is missing or not executable, located at its `command` in aiops.yaml, or
 * whose `cwd` is no directory, located at it: `hook test` would find them, but a 3 a.m. approval
 * should not be the first to. Relative programs and cwds are found from aiops.yaml's directory,
 * bare names on PATH, as the runner does.
 */
function hookProgramProblems(config: ConfigFile, source: YamlSource, root: string, pathVar: string | undefined): Problem[] {
  const out: Problem[] = [];
  for (const [name, spec] of Object.entries(config.hooks ?? {})) {
    // A templated cwd is reported by the hook checks (validateConfig).
    const cwd = spec.cwd?.includes('{{') ? null : checkCwd(spec.cwd, hookCwd(spec, root));
    if (cwd) out.push(source.problem(['hooks', name, 'cwd'], `hook ${name}: ${cwd}`));
    const program = spec.command[0];
    // An empty command and a templated program are reported by the schema and the hook checks.
    if (!program || program.includes('{{')) continue;
    const check = checkProgram(programPath(program, root), pathVar);
    if (!check.ok) out.push(source.problem(['hooks', name, 'command', 0], `hook ${name}: ${check.problem}`));
  }
  return out;
}

/** Warnings about hooks that load but are unsafe as written (a value pasted into a shell's script), located at the element. */
function hookWarnings(config: ConfigFile, source: YamlSource): Problem[] {
  return Object.entries(config.hooks ?? {}).flatMap(([name, spec]) => shellTemplateWarnings(name, spec).map((w) => source.problem(['hooks', name, 'command', w.index], w.message)));
}

/** A password in `db:`, located at it (and never repeated). */
function dbWarnings(config: ConfigFile, source: YamlSource): Problem[] {
  const warning = dbPasswordWarning(config.db);
  return warning ? [source.problem(['db'], warning)] : [];
}

/** Validates scenario files against the project's playbooks, hooks and roster. */
export function validateScenarioFiles(where: Where, files: string[]): ValidationResult {
  const project = loadProject({ ...where, load: { playbooks: true, scenarios: false } });
  const list = files.length ? files.map((f) => resolve(where.cwd, f)) : yamlFilesIn(resolve(project.root, project.config.scenarios ?? 'scenarios'));
  const problems: Problem[] = [];
  const ctx = {
    playbooks: project.playbooks,
    config: project.configFile ? project.config : null,
    roster: project.rosterFile ? project.roster : null,
  };
  const loaded = loadScenarioFiles(list, where.cwd, ctx, problems);
  const labels = new Map(loaded.map((s) => [s.file, `${s.scenario.id} → ${s.scenario.playbook}`]));
  return summarize(list, labels, problems, where.cwd);
}

/** Validates aiops.yaml files on their own: schema, redact patterns, undo hooks, hook programs, and that the named roster exists. */
export function validateConfigFiles(where: Where, files: string[]): ValidationResult {
  const list = files.map((f) => resolve(where.cwd, f));
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  for (const path of list) checkConfigFile(path, where, problems, warnings);
  return summarize(list, new Map(), problems, where.cwd, warnings);
}

/** Validates roster files on their own: schema, on-call lists and backups. */
export function validateRosterFiles(where: Where, files: string[]): ValidationResult {
  const list = files.map((f) => resolve(where.cwd, f));
  const problems: Problem[] = [];
  for (const path of list) {
    const loaded = loadYamlFile(path, RosterFile, display(path, where.cwd));
    problems.push(...loaded.problems);
    if (loaded.value) problems.push(...validateRoster(loaded.value, loaded.source!));
  }
  return summarize(list, new Map(), problems, where.cwd);
}
