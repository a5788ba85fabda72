import { existsSync, realpathSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { formatProblem } from '../core/yaml-source.js';
import { yamlFilesIn } from './find-config.js';
import { type LoadedScenario, loadScenarioFiles, packageRoot, type Project } from './project.js';

export interface AvailableScenario extends LoadedScenario {
  /** `project`: from the configured scenarios directory; `shipped`: from the aiops package; `file`: named on the command line. */
  source: 'project' | 'shipped' | 'file';
}

/** The scenarios a drill can play: the project's, then the shipped ones that fit its playbooks (by id, the project's win). */
export function availableScenarios(project: Project): AvailableScenario[] {
  const out: AvailableScenario[] = project.scenarios.map((s) => ({ ...s, source: 'project' as const }));
  const shippedDir = join(packageRoot(), 'scenarios');
  const projectDir = resolve(project.root, project.config.scenarios ?? 'scenarios');
  if (!existsSync(shippedDir) || (existsSync(projectDir) && realpathSync(projectDir) === realpathSync(shippedDir))) return out;
  const ctx = { playbooks: project.playbooks, config: project.configFile ? project.config : null, roster: project.rosterFile ? project.roster : null };
  const shipped = loadScenarioFiles(yamlFilesIn(shippedDir), project.root, ctx, []);
  for (const s of shipped) if (!out.some((o) => o.scenario.id === s.scenario.id)) out.push({ ...s, source: 'shipped' });
  return out;
}

/** Finds a scenario by id (project, then shipped) or loads it from a YAML file; every problem located. */
export function resolveScenario(project: Project, ref: string, cwd: string): AvailableScenario {
  const path = resolve(cwd, ref);
  if (['.yaml', '.yml'].includes(extname(ref)) || existsSync(path)) {
    if (!existsSync(path)) throw new UserError(`scenario file ${ref} not found`);
    const problems: Parameters<typeof loadScenarioFiles>[3] = [];
    const ctx = { playbooks: project.playbooks, config: project.configFile ? project.config : null, roster: project.rosterFile ? project.roster : null };
    const [loaded] = loadScenarioFiles([path], cwd, ctx, problems);
    if (!loaded) {
      throw new UserError(`${ref} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, {
        details: problems.map(formatProblem),
        hint: `aiops scenario validate ${ref}`,
      });
    }
    return { ...loaded, source: 'file' };
  }
  const all = availableScenarios(project);
  const found = all.find((s) => s.scenario.id === ref);
  if (found) return found;
  const broken = project.problems.filter((p) => p.file.includes(ref));
  throw new UserError(`no scenario "${ref}"`, {
    details: broken.map(formatProblem),
    hint: `scenarios: ${all.map((s) => s.scenario.id).join(', ') || 'none'} (or give a path to a scenario YAML file)`,
  });
}

