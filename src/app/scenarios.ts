import { existsSync, realpathSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { formatProblem, type Problem, sortProblems } from '../core/yaml-source.js';
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
    const problems: Problem[] = [];
    const ctx = { playbooks: project.playbooks, config: project.configFile ? project.config : null, roster: project.rosterFile ? project.roster : null };
    const [loaded] = loadScenarioFiles([path], cwd, ctx, problems);
    if (!loaded) throw problemsError(ref, problems, ref);
    return { ...loaded, source: 'file' };
  }
  const claims = (project.scenarioIds ?? []).filter((c) => c.id === ref);
  if (claims.length > 1) {
    const files = claims.map((c) => c.file);
    throw new UserError(`scenario "${ref}" is ambiguous: both ${files.slice(0, -1).join(', ')} and ${files.at(-1)} use that id`, {
      hint: `give each file its own id, or name the file: aiops drill ${files[0]}`,
    });
  }
  const all = availableScenarios(project);
  const found = all.find((s) => s.scenario.id === ref);
  if (found) return found;
  // The project's file with that id did not load: say what `scenario validate` says of it.
  if (claims.length === 1) {
    const file = claims[0]!.file;
    throw problemsError(`scenario ${ref} (${file})`, project.problems.filter((p) => p.file === file), file);
  }
  const broken = project.problems.filter((p) => p.file.includes(ref));
  throw new UserError(`no scenario "${ref}"`, {
    details: broken.map(formatProblem),
    hint: `scenarios: ${all.map((s) => s.scenario.id).join(', ') || 'none'} (or give a path to a scenario YAML file)`,
  });
}


/** A scenario that did not load, with every problem `scenario validate` lists for it, in its order. */
function problemsError(what: string, problems: Problem[], file: string): UserError {
  return new UserError(`${what} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, {
    details: sortProblems(problems).map(formatProblem),
    hint: `aiops scenario validate ${file}`,
  });
}
