import { resolve } from 'node:path';
import type { Problem } from '../core/yaml-source.js';
import { display, loadPlaybookFiles, loadProject, loadScenarioFiles, yamlFilesIn } from './project.js';

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
