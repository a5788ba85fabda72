import { UserError } from '../core/errors.js';
import type { HookSpec } from '../core/schemas/config.js';
import { templateVariables } from '../core/template.js';
import type { ResolvedHook } from '../hooks/resolve-hook.js';

/** The params a hook's command names (`{{params.NAME}}`), each once, in the order it names them. */
export function hookParamNames(spec: Pick<HookSpec, 'command'>): string[] {
  const names = spec.command.flatMap((a) => templateVariables(a)).filter((v) => v.startsWith('params.')).map((v) => v.slice('params.'.length));
  return [...new Set(names)];
}

/**
 * Why given params cannot fill a hook: values its command names that nothing gives. (A param the
 * command does not name is no problem: every param also reaches the hook as AIOPS_PARAMS_NAME, which
 * a script may read; `unusedParamNote` says so.)
 */
export interface HookParamProblems {
  hook: string;
  /** Template names without a value (`params.tool`, `context.k`). */
  missing: string[];
}

/** What is wrong with these params for this resolved hook, or null when nothing is. */
export function hookParamProblems(resolved: Pick<ResolvedHook, 'name' | 'missing'>): HookParamProblems | null {
  return resolved.missing.length === 0 ? null : { hook: resolved.name, missing: [...resolved.missing] };
}

/** A note on params given that the command does not name (they reach it as AIOPS_PARAMS_* only), or null. */
export function unusedParamNote(spec: Pick<HookSpec, 'command'>, params: Record<string, string>, option: string): string | null {
  const takes = hookParamNames(spec);
  const unused = Object.keys(params).filter((k) => !takes.includes(k));
  if (unused.length === 0) return null;
  return `${option} ${unused.join(', ')} is not used in the command (still exported as AIOPS_PARAMS_*; its params: ${takes.length ? takes.join(', ') : 'none'})`;
}

/**
 * The problems as sentences, the param option named as the front door shows it (`--param`,
 * `args.params`): `no value for {{params.tool}} (pass --param tool=VALUE)`.
 */
export function hookParamPhrases(p: HookParamProblems, option: string): string[] {
  return p.missing.map((m) => (m.startsWith('params.') ? `no value for {{${m}}} (pass ${option} ${m.slice('params.'.length)}=VALUE)` : `no value for {{${m}}}`));
}

/** A hook asked to run with params that cannot fill it: invalid input (exit 2), refused before anything is requested or written. */
export class HookParamsRefused extends UserError {
  readonly problems: HookParamProblems;
  constructor(problems: HookParamProblems) {
    super(`${hookParamPhrases(problems, 'params').join('; ')}; nothing was requested`);
    this.problems = problems;
  }
}
