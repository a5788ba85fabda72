import { parseDuration } from './duration.js';
import { STANDARD_ROLES } from './constants.js';
import type { ConfigFile } from './schemas/config.js';
import type { Playbook, Step } from './schemas/playbook.js';
import { TEMPLATE_NAMESPACES, templateVariables } from './template.js';
import type { PathKey, Problem, YamlSource } from './yaml-source.js';

export function playbookRoles(pb: Playbook): string[] {
  return pb.roles && pb.roles.length > 0 ? pb.roles : [...STANDARD_ROLES];
}

/** The roles an action step needs: its own list, never fewer than the hook's floor in aiops.yaml. */
export function requiredApprovals(step: Step, config: ConfigFile): string[] {
  if (step.kind !== 'action' && step.kind !== 'notify') return [];
  const floor = step.hook ? (config.hooks?.[step.hook]?.approve ?? []) : [];
  const own = step.approve ?? [];
  const out = [...own];
  for (const r of floor) if (!out.includes(r)) out.push(r);
  return out;
}

/**
 * Checks what the schema cannot: references between steps, roles and hooks, approval floors,
 * duplicate ids, and gotos that can loop forever. Every problem is located in the file.
 */
export function validatePlaybook(pb: Playbook, src: YamlSource, config: ConfigFile | null): Problem[] {
  const problems: Problem[] = [];
  const at = (path: PathKey[], msg: string, key = false) => problems.push(src.problem(path, msg, { key }));
  const roles = playbookRoles(pb);
  const ids = new Map<string, number>();
  pb.steps.forEach((step, i) => {
    const first = ids.get(step.id);
    if (first !== undefined) at(['steps', i, 'id'], `duplicate step id "${step.id}" (first used by step ${first + 1})`);
    else ids.set(step.id, i);
  });
  pb.steps.forEach((step, i) => {
    const p: PathKey[] = ['steps', i];
    if (!roles.includes(step.owner)) at([...p, 'owner'], `unknown role "${step.owner}"; this playbook's roles are ${roles.join(', ')}`);
    if (step.kind === 'decision') {
      step.options.forEach((opt, j) => {
        if (opt.goto !== undefined && !ids.has(opt.goto)) {
          at([...p, 'options', j, 'goto'], `goto target "${opt.goto}" is not a step of this playbook`);
        }
      });
      const seen = new Set<string>();
      step.options.forEach((opt, j) => {
        if (seen.has(String(opt.id))) at([...p, 'options', j, 'id'], `duplicate option id "${opt.id}"`);
        seen.add(String(opt.id));
      });
    }
    if (step.kind === 'action' || step.kind === 'notify') checkHookStep(step, p, config, roles, at);
    if (step.kind === 'notify') checkTemplate(step.template, [...p, 'template'], at);
  });
  const stuck = stepsThatCannotFinish(pb);
  if (stuck !== undefined) {
    at(['steps', stuck, 'id'], `step "${pb.steps[stuck]!.id}" is in a goto cycle with no exit: the playbook could loop forever`);
  }
  if (pb.review_by && Number.isNaN(Date.parse(pb.review_by))) at(['review_by'], 'review_by is not a date');
  if (pb.rehearse_every && parseDuration(pb.rehearse_every) === undefined) at(['rehearse_every'], 'not a duration');
  return problems;
}

type At = (path: PathKey[], msg: string, key?: boolean) => void;

function checkHookStep(
  step: Extract<Step, { kind: 'action' | 'notify' }>,
  p: PathKey[],
  config: ConfigFile | null,
  roles: string[],
  at: At,
): void {
  (step.approve ?? []).forEach((r, j) => {
    if (!roles.includes(r)) at([...p, 'approve', j], `approval role "${r}" does not exist; roles are ${roles.join(', ')}`);
  });
  if (!step.hook || !config) return;
  const hook = config.hooks?.[step.hook];
  if (!hook) {
    const known = Object.keys(config.hooks ?? {});
    at([...p, 'hook'], `unknown hook "${step.hook}"; aiops.yaml defines ${known.length ? known.join(', ') : 'no hooks'}`);
    return;
  }
  if (step.approve) {
    const removed = (hook.approve ?? []).filter((r) => !step.approve!.includes(r));
    if (removed.length > 0) {
      at(
        [...p, 'approve'],
        `removes the approval floor set in aiops.yaml for hook "${step.hook}": ${removed.join(', ')} must approve`,
      );
    }
  }
  const given = new Set(Object.keys(step.params ?? {}));
  const needed = new Set<string>();
  for (const arg of hook.command) for (const v of templateVariables(arg)) if (v.startsWith('params.')) needed.add(v.slice(7));
  for (const n of needed) {
    if (!given.has(n)) at([...p, 'hook'], `hook "${step.hook}" needs param "${n}" but the step gives no params.${n}`);
  }
  for (const [k, v] of Object.entries(step.params ?? {})) if (typeof v === 'string') checkTemplate(v, [...p, 'params', k], at);
}

function checkTemplate(template: string, path: PathKey[], at: At): void {
  for (const v of templateVariables(template)) {
    const ns = v.split('.')[0]!;
    if (!(TEMPLATE_NAMESPACES as readonly string[]).includes(ns)) {
      at(path, `unknown template variable {{${v}}}; use incident.*, params.*, actor, now`);
    }
  }
}

/** Index of the first step from which the end of the playbook cannot be reached, if any. */
export function stepsThatCannotFinish(pb: Playbook): number | undefined {
  const n = pb.steps.length;
  const index = new Map(pb.steps.map((s, i) => [s.id, i]));
  const next = (i: number): number[] => {
    const s = pb.steps[i]!;
    if (s.kind !== 'decision') return [i + 1];
    return s.options.map((o) => (o.goto !== undefined ? (index.get(o.goto) ?? n) : i + 1));
  };
  const canFinish = new Array<boolean>(n + 1).fill(false);
  canFinish[n] = true;
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = n - 1; i >= 0; i--) {
      if (!canFinish[i] && next(i).some((j) => canFinish[j])) {
        canFinish[i] = true;
        changed = true;
      }
    }
  }
  // Only steps reachable from the start matter.
  const reachable = new Array<boolean>(n + 1).fill(false);
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    if (i >= n || reachable[i]) continue;
    reachable[i] = true;
    stack.push(...next(i));
  }
  const stuck = [...Array(n).keys()].filter((i) => reachable[i] && !canFinish[i]);
  // Blame a step that is itself in the cycle, not one that merely leads into it.
  return stuck.find((i) => reachesItself(i, next, n)) ?? stuck[0];
}

function reachesItself(start: number, next: (i: number) => number[], n: number): boolean {
  const seen = new Set<number>();
  const stack = next(start);
  while (stack.length) {
    const i = stack.pop()!;
    if (i === start) return true;
    if (i >= n || seen.has(i)) continue;
    seen.add(i);
    stack.push(...next(i));
  }
  return false;
}
