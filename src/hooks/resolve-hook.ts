import { isAbsolute, resolve } from 'node:path';
import { parseDuration } from '../core/duration.js';
import type { HookSpec } from '../core/schemas/config.js';
import type { ShownArg } from '../core/show-argv.js';
import { missingVariables, renderTemplate, templateEnvName, templateParts, templateVariables, type TemplateValues } from '../core/template.js';
import { secretValuesIn } from './redact.js';

export const DEFAULT_HOOK_TIMEOUT_MS = 60_000;
/** An AIOPS_* value longer than this is left out of the environment (the kernel caps one string at 128 KiB). */
export const MAX_ENV_VALUE_BYTES = 64 * 1024;

export interface ResolvedHook {
  name: string;
  spec: HookSpec;
  /** argv[0] is the program (never templated); every template filled exactly one element, never split or shell-parsed. */
  argv: string[];
  /**
   * The command as aiops.yaml gives it, templates filled: argv with the program as written
   * (`./hooks/x.sh` stays project-relative). The same aiops.yaml gives the same command on every
   * host, so this is what an approval pins.
   */
  command: string[];
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  /** argv for a reader: an element a template left without a value keeps it marked missing (showArgv shows `<missing: NAME>`), never ''. */
  shown: ShownArg[];
  /** Template variables the values did not provide: the hook must not run. */
  missing: string[];
  /** Reasons the hook must not run as configured (a templated program, a NUL byte in an argument). */
  problems: string[];
  /** AIOPS_* variables left out of the environment: their value held a NUL byte or was too long. */
  droppedEnv: string[];
  /** The incident is a drill: the hook is simulated unless its spec says `drill: run`. */
  drill: boolean;
  /** Values of allowlisted secret-looking variables, redacted literally from anything stored. */
  secretValues: string[];
}

function flatten(prefix: string, value: unknown, out: Record<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
    return;
  }
  out[templateEnvName(prefix)] = String(value);
}

/** The incident fields a responder can change, and how: a NUL that came in with an alert is repaired there. */
const EDITABLE: Record<string, string> = { 'incident.title': '--title', 'incident.service': '--service' };

/** Where an argument's NUL comes from, and for a title or service the command that repairs it. */
function nulSource(template: string, values: TemplateValues): string {
  const from = [...new Set(templateVariables(template))].filter((v) => renderTemplate(`{{${v}}}`, values).includes('\0'));
  if (from.length === 0) return '';
  const fixes = from.filter((v) => EDITABLE[v]);
  // A playbook param is a template of its own (`tenant: "{{incident.service}}"`): a NUL in the
  // incident's title or service most likely reached the argument through it.
  const behind = from.some((v) => v.startsWith('params.'))
    ? Object.keys(EDITABLE).filter((v) => !fixes.includes(v) && renderTemplate(`{{${v}}}`, values).includes('\0'))
    : [];
  fixes.push(...behind);
  const id = renderTemplate('{{incident.id}}', values) || 'ID';
  const fix = fixes.length
    ? `; the commander can change it: aiops incident edit ${id} ${fixes.map((v) => `${EDITABLE[v]} "..."`).join(' ')} --reason "..."`
    : '';
  const also = behind.length ? `; ${behind.map((v) => `{{${v}}}`).join(', ')} holds a NUL too` : '';
  return ` (from ${from.map((v) => `{{${v}}}`).join(', ')}${also})${fix}`;
}

/** Resolves a program path the way the runner will: a path with a slash is taken from the project root. */
export function programPath(program: string, root: string): string {
  if (!program.includes('/') || isAbsolute(program)) return program;
  return resolve(root, program);
}

/** Where a hook runs: its `cwd` (a relative one from the project root), else the project root. */
export function hookCwd(spec: Pick<HookSpec, 'cwd'>, root: string): string {
  return spec.cwd ? (isAbsolute(spec.cwd) ? spec.cwd : resolve(root, spec.cwd)) : root;
}

function isDrillValue(values: TemplateValues): boolean {
  const incident = values.incident as { drill?: unknown } | undefined;
  // Unknown means drill: a hook that cannot tell runs only if it is safe to run in a drill.
  return !(incident && (incident.drill === 'false' || incident.drill === false));
}

/**
 * Fills a hook's argv templates and builds its environment: only PATH, HOME, the hook's
 * `env:` allowlist and AIOPS_* values reach the child. Nothing here runs anything.
 */
export function resolveHook(
  name: string,
  spec: HookSpec,
  values: TemplateValues,
  opts: { root: string; parentEnv: NodeJS.ProcessEnv; drill?: boolean },
): ResolvedHook {
  const missing = new Set<string>();
  const problems: string[] = [];
  const [program, ...rest] = spec.command;
  if (templateVariables(program!).length > 0 || program!.includes('{{')) {
    problems.push(`the program (command[0] = ${JSON.stringify(program)}) is a template; values may fill arguments only, never choose the program`);
  }
  // Each argument for a reader too: one a template left without a value keeps that value marked missing.
  const shownArgs: ShownArg[] = [];
  const args = rest.map((arg) => {
    const lacking = missingVariables(arg, values);
    for (const m of lacking) missing.add(m);
    const text = renderTemplate(arg, values);
    shownArgs.push(lacking.length ? templateParts(arg, values) : text);
    return text;
  });
  args.forEach((a, i) => {
    if (a.includes('\0')) problems.push(`argument ${i + 1} (${JSON.stringify(spec.command[i + 1])}) holds a NUL byte, which no program can receive${nulSource(spec.command[i + 1]!, values)}`);
  });
  const argv = [programPath(program!, opts.root), ...args];
  const shown: ShownArg[] = [argv[0]!, ...shownArgs];
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', ...(spec.env ?? [])]) {
    const v = opts.parentEnv[k];
    if (v !== undefined) env[k] = v;
  }
  const secretValues = secretValuesIn(env);
  const aiops: Record<string, string> = {};
  flatten('', values, aiops);
  aiops.AIOPS_HOOK = name;
  const droppedEnv: string[] = [];
  for (const [k, v] of Object.entries(aiops)) {
    // One hostile title must not stop every hook of the incident: drop the copy, keep the run.
    if (v.includes('\0') || Buffer.byteLength(v, 'utf8') > MAX_ENV_VALUE_BYTES) droppedEnv.push(k);
    else env[k] = v;
  }
  const cwd = hookCwd(spec, opts.root);
  const parsed = spec.timeout ? parseDuration(spec.timeout) : undefined;
  const timeoutMs = parsed && parsed > 0 ? parsed : DEFAULT_HOOK_TIMEOUT_MS;
  return {
    name,
    spec,
    argv,
    command: [program!, ...args],
    shown,
    env,
    cwd,
    timeoutMs,
    missing: [...missing],
    problems,
    droppedEnv,
    drill: opts.drill ?? isDrillValue(values),
    secretValues,
  };
}

/** Why a resolved hook must not run, or null when it may. */
export function notRunnable(hook: ResolvedHook): string | null {
  const why = [...hook.problems];
  if (hook.missing.length) why.push(`no value for ${hook.missing.map((m) => `{{${m}}}`).join(', ')}`);
  return why.length ? `hook ${hook.name} cannot run: ${why.join('; ')}` : null;
}
