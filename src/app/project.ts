import { existsSync, lstatSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { UserError } from '../core/errors.js';
import { canonicalJson, sha256Hex } from '../core/hash-chain.js';
import { checkSchema } from '../core/schema-problems.js';
import { ConfigFile } from '../core/schemas/config.js';
import { type Playbook, PlaybookFile } from '../core/schemas/playbook.js';
import { RosterFile } from '../core/schemas/roster.js';
import { type Scenario, ScenarioFile } from '../core/schemas/scenario.js';
import { validatePlaybook } from '../core/validate-playbook.js';
import { validateConfig, watchTriggerProblems } from '../core/validate-config.js';
import { validateRoster } from '../core/validate-roster.js';
import { validateScenario } from '../core/validate-scenario.js';
import { formatProblem, parseYamlSource, type Problem, type YamlSource } from '../core/yaml-source.js';
import { scriptArgFailure, scriptEntryProblem, scriptPersonArgs } from '../verbs/script.js';
import { phraseFailure } from './present-failure.js';
import { readInputFile } from './read-input-file.js';
import { CONFIG_NAME, findConfig, missingConfigError, resolveDbPath, yamlFilesIn } from './find-config.js';

export { CONFIG_NAME, findConfig, yamlFilesIn };

export interface LoadedPlaybook {
  file: string;
  playbook: Playbook;
  sha256: string;
}

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/** A scenario file and the id it declares, whether it loaded or not. */
export interface ScenarioClaim {
  id: string;
  file: string;
}

export interface Project {
  root: string;
  configFile: string | null;
  config: ConfigFile;
  roster: RosterFile;
  rosterFile: string | null;
  playbooks: LoadedPlaybook[];
  scenarios: LoadedScenario[];
  /** Problems in playbook and scenario files; those files are left out of the lists above. */
  problems: Problem[];
  /** Every scenario file that declares an id, loaded or not, in load order (absent: just `scenarios`). */
  scenarioIds?: ScenarioClaim[];
  dbPath: string;
}

export interface ProjectOptions {
  cwd: string;
  config?: string;
  db?: string;
  env?: NodeJS.ProcessEnv;
  /** Which file sets to read besides aiops.yaml and the roster (default: all); scenarios need playbooks. */
  load?: { playbooks?: boolean; scenarios?: boolean };
  /**
   * For commands that only read the log (show, list, export, verify): problems in aiops.yaml or the
   * roster become warnings and the parts that are sound are used, so a bad edit at 3 a.m. does not
   * hide the incident. Commands that act never set this: hooks and approvals must be exactly right.
   */
  readOnly?: boolean;
}

/** The installed package's root, where the shipped playbooks and scenarios live. */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The sha256 of a playbook's canonical content (RFC 8785 JSON of the parsed file). */
export function playbookSha256(pb: Playbook): string {
  return sha256Hex(canonicalJson(pb));
}

/** Parses one YAML file (read from `path`, reported as `file`) and checks it against a schema; every problem located. */
export function loadYamlFile<S extends z.ZodType>(
  path: string,
  schema: S,
  file = path,
): { value?: z.infer<S>; source?: YamlSource; problems: Problem[] } {
  const { text, problem } = readInputFile(path);
  if (problem) return { problems: [{ ...problem, file }] };
  const { source, problems } = parseYamlSource(file, text!);
  if (!source) return { problems };
  if (source.value === null || source.value === undefined) {
    return { problems: [{ file, line: 1, col: 1, message: 'file is empty' }] };
  }
  const checked = checkSchema(source, schema);
  return { ...checked, source };
}

function throwIfProblems(problems: Problem[], what: string): void {
  if (problems.length === 0) return;
  throw new UserError(`${what} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, {
    details: problems.map(formatProblem),
  });
}

export function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Loads aiops.yaml (found upward from cwd unless given), the roster, playbooks and scenarios. */
export function loadProject(opts: ProjectOptions): Project {
  const env = opts.env ?? process.env;
  const cwd = resolve(opts.cwd);
  let configFile: string | null;
  if (opts.config) {
    configFile = resolve(cwd, opts.config);
    if (!existsSync(configFile) && !isSymlink(configFile)) throw missingConfigError(opts.config);
  } else {
    configFile = findConfig(cwd);
  }
  const root = configFile ? dirname(configFile) : cwd;
  let config: ConfigFile = {};
  let configSource: YamlSource | undefined;
  const warnings: Problem[] = [];
  if (configFile) {
    const loaded = loadYamlFile(configFile, ConfigFile, display(configFile, cwd));
    const salvaged = opts.readOnly && loaded.problems.length > 0 ? salvageFields(loaded.source, ConfigFile) : undefined;
    if (salvaged) {
      warnings.push(...loaded.problems);
      config = salvaged as ConfigFile;
      configSource = loaded.source;
    } else {
      throwIfProblems(loaded.problems, display(configFile, cwd));
      config = loaded.value!;
      configSource = loaded.source!;
      const semantic = validateConfig(config, configSource);
      if (opts.readOnly) warnings.push(...semantic);
      else throwIfProblems(semantic, display(configFile, cwd));
    }
  }
  const rosterPath = resolve(root, config.roster ?? 'roster.yaml');
  let roster: RosterFile = { people: {} };
  let rosterFile: string | null = null;
  if (existsSync(rosterPath)) {
    const loaded = loadYamlFile(rosterPath, RosterFile, display(rosterPath, cwd));
    if (opts.readOnly && !loaded.value) {
      warnings.push(...loaded.problems);
    } else {
      throwIfProblems(loaded.problems, display(rosterPath, cwd));
      const semantic = validateRoster(loaded.value!, loaded.source!);
      if (opts.readOnly) warnings.push(...semantic);
      else throwIfProblems(semantic, display(rosterPath, cwd));
      roster = loaded.value!;
      rosterFile = rosterPath;
    }
  } else if (config.roster) {
    throw new UserError(`roster ${config.roster} not found (looked for ${rosterPath})`, {
      where: configSource?.locate(['roster']),
      hint: 'fix the roster: path in aiops.yaml (it is relative to aiops.yaml), or create the file',
    });
  }
  const problems: Problem[] = [...warnings];
  const load = opts.load ?? { playbooks: true, scenarios: true };
  const playbookDir = resolve(root, config.playbooks ?? 'playbooks');
  const playbooks = load.playbooks || load.scenarios ? loadPlaybookFiles(yamlFilesIn(playbookDir), cwd, configFile ? config : null, problems) : [];
  // A drift rule whose trigger no playbook answers: said with the playbooks' problems, not at its first firing.
  if (configSource && (load.playbooks || load.scenarios)) problems.push(...watchTriggerProblems(config, playbooks, configSource));
  const scenarioDir = resolve(root, config.scenarios ?? 'scenarios');
  const scenarioIds: ScenarioClaim[] = [];
  const scenarios = load.scenarios
    ? loadScenarioFiles(yamlFilesIn(scenarioDir), cwd, { playbooks, config: configFile ? config : null, roster: rosterFile ? roster : null }, problems, scenarioIds)
    : [];
  const dbPath = resolveDbPath({ cwd, db: opts.db, env, root, configDb: config.db });
  return { root, configFile, config, roster, rosterFile, playbooks, scenarios, problems, ...(load.scenarios ? { scenarioIds } : {}), dbPath };
}

export function loadPlaybookFiles(files: string[], cwd: string, config: ConfigFile | null, problems: Problem[]): LoadedPlaybook[] {
  return loadCheckedFiles(
    files,
    cwd,
    PlaybookFile,
    problems,
    (playbook, source, kept) => {
      const semantic = validatePlaybook(playbook, source, config);
      const dup = kept.find((p) => p.playbook.id === playbook.id && p.playbook.version === playbook.version);
      if (dup) semantic.push(source.problem(['version'], `${playbook.id}@${playbook.version} is also defined in ${dup.file}`));
      return semantic;
    },
    (file, playbook) => ({ file, playbook, sha256: playbookSha256(playbook) }),
  );
}

/**
 * Loads scenario files, each checked against the playbooks, hooks and roster and each script
 * entry as its verb reads it: the one check `scenario validate`, `drill` and the project share.
 * `ids` gathers the id each file declares (broken files too); a second file with an id is refused.
 */
export function loadScenarioFiles(
  files: string[],
  cwd: string,
  ctx: Omit<Parameters<typeof validateScenario>[2], 'scriptProblem' | 'scriptPeople'>,
  problems: Problem[],
  ids: ScenarioClaim[] = [],
): LoadedScenario[] {
  const checks = { ...ctx, scriptProblem: scriptEntryProblem, scriptPeople: scriptPersonArgs, scriptRefusal };
  return loadCheckedFiles(
    files,
    cwd,
    ScenarioFile,
    problems,
    (scenario, source) => {
      const problems = validateScenario(scenario, source, checks);
      if (typeof scenario.id !== 'string') return problems;
      // `drill ID` could only pick one of two files with one id, unseen: the later file is refused, naming the first.
      const first = ids.find((c) => c.id === scenario.id && c.file !== source.file);
      if (first) problems.push(source.problem(['id'], `scenario id "${scenario.id}" is also used by ${first.file}`));
      ids.push({ id: scenario.id, file: source.file });
      return problems;
    },
    (file, scenario) => ({ file, scenario }),
  );
}

/** What a script entry's verb would be refused for its args alone, worded as the command words it. */
function scriptRefusal(entry: { do: string; args: Record<string, unknown> }, playbook: Playbook): { arg: string; message: string } | null {
  const found = scriptArgFailure(entry, playbook);
  return found ? { arg: found.arg, message: `${entry.do}: ${phraseFailure(found.failure).message}` } : null;
}

/** Loads each file against `schema`, then `check`s it (seeing the files kept so far); a file with any problem adds them to `problems` and is left out. */
function loadCheckedFiles<S extends z.ZodType, T>(
  files: string[],
  cwd: string,
  schema: S,
  problems: Problem[],
  check: (value: z.infer<S>, source: YamlSource, kept: readonly T[]) => Problem[],
  keep: (shown: string, value: z.infer<S>) => T,
): T[] {
  const out: T[] = [];
  for (const file of files) {
    const shown = display(file, cwd);
    const loaded = loadYamlFile(file, schema, shown);
    if (!loaded.value) {
      problems.push(...loaded.problems);
      if (loaded.source) problems.push(...bestEffortChecks<z.infer<S>>(loaded.source, loaded.problems, (v) => check(v, loaded.source!, out)));
      continue;
    }
    const semantic = check(loaded.value, loaded.source!, out);
    if (semantic.length > 0) {
      problems.push(...semantic);
      continue;
    }
    out.push(keep(shown, loaded.value));
  }
  return out;
}

/**
 * The reference checks (unknown hooks, roles, gotos, duplicate ids) run on a file even when its
 * schema check failed, so one `validate` reports every problem instead of revealing them in rounds.
 * Raw input may not have the shape the checks expect: a check that breaks on it is skipped, and a
 * finding about a field the schema already reported (same place, or a missing value) is dropped.
 */
function bestEffortChecks<T>(source: YamlSource, schemaProblems: Problem[], check: (value: T) => Problem[]): Problem[] {
  const value = source.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  let found: Problem[];
  try {
    found = check(value as T);
  } catch {
    return [];
  }
  const taken = new Set(schemaProblems.map((p) => `${p.line}:${p.col}`));
  return found.filter((p) => !taken.has(`${p.line}:${p.col}`) && !p.message.includes('"undefined"'));
}

/** The top-level fields of a file that pass their own schema; the rest are dropped. */
export function salvageFields(source: YamlSource | undefined, schema: typeof ConfigFile): Record<string, unknown> | undefined {
  const raw = source?.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = (schema.shape as Record<string, z.ZodType>)[key];
    const parsed = field?.safeParse(value);
    if (parsed?.success) out[key] = parsed.data;
  }
  return out;
}

/** A dangling or looping symlink is not "missing": reading it reports what is wrong with it. */
function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
