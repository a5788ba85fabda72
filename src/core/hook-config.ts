import { parseDuration } from './duration.js';
import type { HookSpec } from './schemas/config.js';
import type { Problem, YamlSource } from './yaml-source.js';

const hasTemplate = (text: string) => text.includes('{{');

/**
 * What the schema cannot see in one hook: a program chosen by a template (values fill arguments
 * only), a `cwd` with a template (nothing fills it there: it would name a folder called `{{…}}`),
 * and a timeout of no time at all. Each is located at its field.
 */
export function hookSpecProblems(name: string, spec: HookSpec, src: YamlSource): Problem[] {
  const out: Problem[] = [];
  const program = spec.command[0];
  if (program !== undefined && hasTemplate(program)) {
    out.push(src.problem(['hooks', name, 'command', 0], `the program (command[0] = ${JSON.stringify(program)}) is a template; values may fill arguments only, never choose the program: name the program itself`));
  }
  if (spec.cwd !== undefined && hasTemplate(spec.cwd)) {
    out.push(src.problem(['hooks', name, 'cwd'], `cwd ${JSON.stringify(spec.cwd)} holds a template, which is never filled there (templates fill command arguments only); give a fixed directory`));
  }
  if (spec.timeout !== undefined && parseDuration(spec.timeout) === 0) {
    out.push(src.problem(['hooks', name, 'timeout'], `timeout ${spec.timeout} is no time at all; give one above 0 (e.g. 30s), or leave it out for the default 60s`));
  }
  return out;
}
