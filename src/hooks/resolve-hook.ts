import { isAbsolute, resolve } from 'node:path';
import { parseDuration } from '../core/duration.js';
import type { HookSpec } from '../core/schemas/config.js';
import { missingVariables, renderTemplate, type TemplateValues } from '../core/template.js';

export const DEFAULT_HOOK_TIMEOUT_MS = 60_000;

export interface ResolvedHook {
  name: string;
  spec: HookSpec;
  /** argv[0] is the program; every template was filled into one element, never split or shell-parsed. */
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  missing: string[];
}

function envName(path: string): string {
  return `AIOPS_${path.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

function flatten(prefix: string, value: unknown, out: Record<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
    return;
  }
  out[envName(prefix)] = String(value);
}

/**
 * Fills a hook's argv templates and builds its environment: only PATH, HOME, the hook's
 * `env:` allowlist and AIOPS_* values reach the child.
 */
export function resolveHook(
  name: string,
  spec: HookSpec,
  values: TemplateValues,
  opts: { root: string; parentEnv: NodeJS.ProcessEnv },
): ResolvedHook {
  const missing = new Set<string>();
  const argv = spec.command.map((arg) => {
    for (const m of missingVariables(arg, values)) missing.add(m);
    return renderTemplate(arg, values);
  });
  const program = argv[0]!;
  if (program.startsWith('./') || program.startsWith('../')) argv[0] = resolve(opts.root, program);
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', ...(spec.env ?? [])]) {
    const v = opts.parentEnv[k];
    if (v !== undefined) env[k] = v;
  }
  flatten('', values, env);
  env.AIOPS_HOOK = name;
  const cwd = spec.cwd ? (isAbsolute(spec.cwd) ? spec.cwd : resolve(opts.root, spec.cwd)) : opts.root;
  const timeoutMs = spec.timeout ? (parseDuration(spec.timeout) ?? DEFAULT_HOOK_TIMEOUT_MS) : DEFAULT_HOOK_TIMEOUT_MS;
  return { name, spec, argv, env, cwd, timeoutMs, missing: [...missing] };
}
