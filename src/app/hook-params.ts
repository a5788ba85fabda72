import { UserError } from '../core/errors.js';
import { hookParamNames } from '../core/hook-config.js';
import type { HookSpec } from '../core/schemas/config.js';

/** A note on params given that the command does not name (they reach it as AIOPS_PARAMS_* only), or null. */
export function unusedParamNote(spec: Pick<HookSpec, 'command'>, params: Record<string, string>, option: string): string | null {
  const takes = hookParamNames(spec);
  const unused = Object.keys(params).filter((k) => !takes.includes(k));
  if (unused.length === 0) return null;
  return `${option} ${unused.join(', ')} is not used in the command (still exported as AIOPS_PARAMS_*; its params: ${takes.length ? takes.join(', ') : 'none'})`;
}

/**
 * Template names a resolved hook has no value for (`params.tool`, `context.k`), as sentences, the
 * param option named as the front door shows it (`--param`, `args.params`):
 * `no value for {{params.tool}} (pass --param tool=VALUE)`. (A param the command does not name is
 * no problem: every param also reaches the hook as AIOPS_PARAMS_NAME; `unusedParamNote` says so.)
 */
export function hookParamPhrases(missing: readonly string[], option: string): string[] {
  return missing.map((m) => (m.startsWith('params.') ? `no value for {{${m}}} (pass ${option} ${m.slice('params.'.length)}=VALUE)` : `no value for {{${m}}}`));
}

/** A hook asked to run with params that leave a value missing: invalid input (exit 2), refused before anything is requested or written. */
export class HookParamsRefused extends UserError {
  readonly missing: readonly string[];
  constructor(missing: readonly string[]) {
    super(`${hookParamPhrases(missing, 'params').join('; ')}; nothing was requested`);
    this.missing = missing;
  }
}
