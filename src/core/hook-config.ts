import { parseDuration } from './duration.js';
import type { HookSpec } from './schemas/config.js';
import { templateProblems } from './template-names.js';
import { templateVariables } from './template.js';
import type { Problem, YamlSource } from './yaml-source.js';

const hasTemplate = (text: string) => text.includes('{{');

/** The params a hook's command names (`{{params.NAME}}`), each once, in the order it names them. */
export function hookParamNames(spec: Pick<HookSpec, 'command'>): string[] {
  const names = spec.command.flatMap((a) => templateVariables(a)).filter((v) => v.startsWith('params.')).map((v) => v.slice('params.'.length));
  return [...new Set(names)];
}

/**
 * What the schema cannot see in one hook: a program chosen by a template (values fill arguments
 * only), a `cwd` with a template (nothing fills it there: it would name a folder called `{{…}}`),
 * a timeout of no time at all, and an argument's template that is unclosed or names a value no
 * hook is given (`{{incident.titel}}`). Each is located at its field.
 */
export function hookSpecProblems(name: string, spec: HookSpec, src: YamlSource): Problem[] {
  const out: Problem[] = [];
  const program = spec.command[0];
  if (program !== undefined && hasTemplate(program)) {
    out.push(src.problem(['hooks', name, 'command', 0], `the program (command[0] = ${JSON.stringify(program)}) is a template; values may fill arguments only, never choose the program: name the program itself`));
  }
  spec.command.forEach((arg, i) => {
    // Not strict: an argument may carry another tool's closed template (`--format {{.State}}`).
    if (i > 0) for (const problem of templateProblems(arg, { params: 'any', hook: true }, false)) out.push(src.problem(['hooks', name, 'command', i], problem));
  });
  if (spec.cwd !== undefined && hasTemplate(spec.cwd)) {
    out.push(src.problem(['hooks', name, 'cwd'], `cwd ${JSON.stringify(spec.cwd)} holds a template, which is never filled there (templates fill command arguments only); give a fixed directory`));
  }
  if (spec.timeout !== undefined && parseDuration(spec.timeout) === 0) {
    out.push(src.problem(['hooks', name, 'timeout'], `timeout ${spec.timeout} is no time at all; give one above 0 (e.g. 30s), or leave it out for the default 60s`));
  }
  return out;
}

/** Programs that run their `-c` argument as shell code. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'fish', 'csh', 'tcsh']);
/** Shell options that take the next argument as their value. */
const VALUED = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file', '--init-command']);

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** A template in a shell's script: the script's index in `command`, the shell as named, the values it takes. */
export interface ShellScriptTemplate {
  index: number;
  shell: string;
  variables: string[];
}

/** Where, after a shell at `at`, its `-c` script is: the first operand once an option cluster held `c`; or null. */
function scriptIndex(command: readonly string[], at: number): number | null {
  let sawC = false;
  let j = at + 1;
  while (j < command.length) {
    const a = command[j]!;
    if (a === '--' || a === '-') {
      j++;
      break;
    }
    if (VALUED.has(a)) {
      j += 2;
      continue;
    }
    if (a.startsWith('--')) {
      j++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(a)) {
      if (a.startsWith('-') && a.includes('c')) sawC = true;
      // `-eo pipefail`: a cluster ending in o takes the option name next.
      j += /o$/i.test(a) ? 2 : 1;
      continue;
    }
    break;
  }
  return sawC && j < command.length ? j : null;
}

/**
 * Each `{{…}}` that lands in the script a shell runs (`[sh, -c, "echo {{incident.title}}"]`, bash, zsh,
 * `-ec`, behind `env` or any other wrapper): there a value is shell code, and `$(…)` in a title runs.
 * A value passed as its own argument after the script (`"$1"`) stays text.
 */
export function shellScriptTemplates(command: readonly string[]): ShellScriptTemplate[] {
  const out: ShellScriptTemplate[] = [];
  command.forEach((arg, at) => {
    if (!SHELLS.has(baseName(arg))) return;
    const index = scriptIndex(command, at);
    if (index === null || !hasTemplate(command[index]!)) return;
    if (out.some((u) => u.index === index)) return;
    const variables = [...new Set(templateVariables(command[index]!))];
    out.push({ index, shell: baseName(arg), variables });
  });
  return out;
}
