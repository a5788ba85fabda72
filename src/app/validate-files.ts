import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigFile } from '../core/schemas/config.js';
import { RosterFile } from '../core/schemas/roster.js';
import { validateConfig } from '../core/validate-config.js';
import { mappingTemplateProblems } from '../core/alert-mapping.js';
import { validateRoster } from '../core/validate-roster.js';
import type { Problem } from '../core/yaml-source.js';
import { display, loadPlaybookFiles, loadProject, loadScenarioFiles, loadYamlFile, yamlFilesIn } from './project.js';

export interface ValidationResult {
  files: { file: string; ok: boolean; label?: string }[];
  problems: Problem[];
}

interface Where {
  cwd: string;
  config?: string;
  db?: string;
  env: NodeJS.ProcessEnv;
}

function summarize(files: string[], labels: Map<string, string>, problems: Problem[], cwd: string): ValidationResult {
  const bad = new Set(problems.map((p) => p.file));
  const rows = files.map((f) => {
    const shown = display(f, cwd);
    return { file: shown, ok: !bad.has(shown), label: labels.get(shown) };
  });
  return { files: rows, problems };
}

/**
 * Validates the given playbook files (or the project's) against the project's hooks and roles.
 * aiops.yaml and the roster are checked on the way: a problem there throws a located UserError.
 */
export function validatePlaybookFiles(where: Where, files: string[]): ValidationResult {
  const project = loadProject({ ...where, load: { playbooks: false, scenarios: false } });
  const list = files.length ? files.map((f) => resolve(where.cwd, f)) : yamlFilesIn(resolve(project.root, project.config.playbooks ?? 'playbooks'));
  const problems: Problem[] = [];
  const loaded = loadPlaybookFiles(list, where.cwd, project.configFile ? project.config : null, problems);
  const labels = new Map(loaded.map((p) => [p.file, `${p.playbook.id}@${p.playbook.version}, ${p.playbook.steps.length} steps`]));
  return summarize(list, labels, problems, where.cwd);
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

/** Validates aiops.yaml files on their own: schema, redact patterns, undo hooks, and that the named roster exists. */
export function validateConfigFiles(where: Where, files: string[]): ValidationResult {
  const list = files.map((f) => resolve(where.cwd, f));
  const problems: Problem[] = [];
  for (const path of list) {
    const shown = display(path, where.cwd);
    const loaded = loadYamlFile(path, ConfigFile, shown);
    problems.push(...loaded.problems);
    if (!loaded.value) continue;
    problems.push(...validateConfig(loaded.value, loaded.source!));
    // A mapping template naming what no alert has is only a warning when an alert arrives; here it is an error.
    for (const t of mappingTemplateProblems(loaded.value)) problems.push(loaded.source!.problem(t.path, t.message));
    const roster = loaded.value.roster;
    if (roster !== undefined && !existsSync(resolve(dirname(path), roster))) {
      problems.push(loaded.source!.problem(['roster'], `roster ${roster} not found (paths are relative to this file)`));
    }
  }
  return summarize(list, new Map(), problems, where.cwd);
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
