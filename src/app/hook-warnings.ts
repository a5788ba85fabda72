import { shellScriptTemplates } from '../core/hook-config.js';
import type { HookSpec } from '../core/schemas/config.js';

/** A warning about one hook, at the command element it is about. */
export interface HookWarning {
  index: number;
  message: string;
}

/**
 * Hooks that fill a value into the script a shell runs (`[sh, -c, "echo {{incident.title}}"]`): a
 * title such as `db slow $(touch /tmp/x)` then runs in the shell. A warning, not a refusal, so a
 * project that has one keeps loading; it says how to pass the value as text instead.
 */
export function shellTemplateWarnings(name: string, spec: HookSpec): HookWarning[] {
  return shellScriptTemplates(spec.command).map((use) => {
    const many = use.variables.length > 1;
    const named = use.variables.length ? use.variables.map((v) => `{{${v}}}`).join(', ') : 'a {{…}} template';
    const example = `[${use.shell}, -c, 'echo "$1"', ${use.shell}, "{{${use.variables[0] ?? 'incident.title'}}}"]`;
    return {
      index: use.index,
      message: many
        ? `hook ${name}: ${named} in command[${use.index}] are pasted into the script ${use.shell} -c runs, so the values reach a shell and $(…), backticks or ; in them run as commands; pass each as its own argument after the script and read them as "$1", "$2" … there: ${example}`
        : `hook ${name}: ${named} in command[${use.index}] is pasted into the script ${use.shell} -c runs, so the value reaches a shell and $(…), backticks or ; in it run as commands; pass it as its own argument after the script and read it as "$1" there: ${example}`,
    };
  });
}
