import { UserError } from '../core/errors.js';
import type { HookSpec } from '../core/schemas/config.js';
import { templateVariables } from '../core/template.js';
import type { ResolvedHook } from '../hooks/resolve-hook.js';

/** The params a hook's command names (`{{params.NAME}}`), each once, in the order it names them. */
export function hookParamNames(spec: Pick<HookSpec, 'command'>): string[] {
  const names = spec.command.flatMap((a) => templateVariables(a)).filter((v) => v.startsWith('params.')).map((v) => v.slice('params.'.length));
  return [...new Set(names)];
}

/** Why given params cannot fill a hook: values its command names that nothing gives, and params its command never uses. */
export interface HookParamProblems {
  hook: string;
  /** Template names without a value (`params.tool`, `context.k`). */
  missing: string[];
  /** Params given that the command does not name. */
  unknown: string[];
  /** The params the command names. */
  takes: string[];
}

/** What is wrong with these params for this resolved hook, or null when nothing is. */
export function hookParamProblems(resolved: Pick<ResolvedHook, 'name' | 'spec' | 'missing'>, params: Record<string, string>): HookParamProblems | null {
  const takes = hookParamNames(resolved.spec);
  const unknown = Object.keys(params).filter((k) => !takes.includes(k));
  if (resolved.missing.length === 0 && unknown.length === 0) return null;
  return { hook: resolved.name, missing: [...resolved.missing], unknown, takes };
}

/**
 * The problems as sentences, the param option named as the front door shows it (`--param`,
 * `args.params`): `no value for {{params.tool}} (pass --param tool=VALUE)`.
 */
export function hookParamPhrases(p: HookParamProblems, option: string): string[] {
  const out = p.missing.map((m) => (m.startsWith('params.') ? `no value for {{${m}}} (pass ${option} ${m.slice('params.'.length)}=VALUE)` : `no value for {{${m}}}`));
  if (p.unknown.length) {
    const takes = p.takes.length ? `its params: ${p.takes.join(', ')}` : 'it takes no params';
    out.push(`${option} ${p.unknown.join(', ')}: hook ${p.hook} has no such param (${takes})`);
  }
  return out;
}

/** A hook asked to run with params that cannot fill it: invalid input (exit 2), refused before anything is requested or written. */
export class HookParamsRefused extends UserError {
  readonly problems: HookParamProblems;
  constructor(problems: HookParamProblems) {
    super(`${hookParamPhrases(problems, 'params').join('; ')}; nothing was requested`);
    this.problems = problems;
  }
}
