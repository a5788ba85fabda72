import { parseDuration } from './duration.js';
import { STANDARD_ROLES } from './constants.js';
import type { ConfigFile } from './schemas/config.js';
import type { Playbook, Step } from './schemas/playbook.js';
import { approversOf, exitsOf, hookOf, validateStepSpec } from './step-kinds/index.js';
import type { PathKey, Problem, YamlSource } from './yaml-source.js';
import { validatePlaybookPolicies } from './validate-severity-policies.js';

export function playbookRoles(pb: Playbook): string[] {
  return pb.roles && pb.roles.length > 0 ? pb.roles : [...STANDARD_ROLES];
}

/** The roles a step needs: its own list, never fewer than its hook's floor in aiops.yaml. */
export function requiredApprovals(step: Step, config: ConfigFile): string[] {
  const hook = hookOf(step);
  const floor = hook ? (config.hooks?.[hook]?.approve ?? []) : [];
  const out = [...approversOf(step)];
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
  const stepIds = new Set(ids.keys());
  pb.steps.forEach((step, i) => {
    const p: PathKey[] = ['steps', i];
    if (!roles.includes(step.owner)) at([...p, 'owner'], `unknown role "${step.owner}"; this playbook's roles are ${roles.join(', ')}`);
    validateStepSpec(step, { path: p, roles, stepIds, config, report: at });
  });
  const stuck = stepsThatCannotFinish(pb);
  if (stuck !== undefined) {
    at(['steps', stuck, 'id'], `step "${pb.steps[stuck]!.id}" is in a goto cycle with no exit: the playbook could loop forever`);
  }
  validatePlaybookPolicies(pb, roles, config, at);
  if (pb.review_by && Number.isNaN(Date.parse(pb.review_by))) at(['review_by'], 'review_by is not a date');
  if (pb.rehearse_every && parseDuration(pb.rehearse_every) === undefined) at(['rehearse_every'], 'not a duration');
  return problems;
}

/** Index of the first step from which the end of the playbook cannot be reached, if any. */
export function stepsThatCannotFinish(pb: Playbook): number | undefined {
  const n = pb.steps.length;
  const index = new Map(pb.steps.map((s, i) => [s.id, i]));
  const next = (i: number): number[] => {
    return exitsOf(pb.steps[i]!).map((goto) => (goto !== null ? (index.get(goto) ?? n) : i + 1));
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
