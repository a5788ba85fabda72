import { type TemplateScope, templateProblems } from '../template-names.js';
import { hookParamNames } from '../hook-config.js';
import type { PathKey } from '../yaml-source.js';
import type { HookParams, ReportProblem, StepCheckContext } from './step-kind.js';

/** The part of a step that can fire a hook: action always, notify optionally. */
export interface HookBearing {
  hook?: string;
  params?: HookParams;
  approve?: string[];
}

/** A param's own value is rendered before any param is: `{{params.*}}` in it is never filled. */
export const PARAM_VALUE: TemplateScope = { params: [], noParams: 'a param is filled from the incident, never from another param' };

/**
 * Approval roles exist, the hook is defined, the floor is kept, and every param its command uses is
 * given; each param's template names known values. A param its command does not name is no error:
 * the hook gets every param as AIOPS_PARAMS_NAME too.
 */
export function checkHookStep(step: HookBearing, ctx: StepCheckContext): void {
  const { path: p, roles, config, report } = ctx;
  checkApprovalRoles(step.approve, roles, [...p, 'approve'], report);
  if (!step.hook || !config) return;
  const hook = config.hooks?.[step.hook];
  if (!hook) {
    const known = Object.keys(config.hooks ?? {});
    report([...p, 'hook'], `unknown hook "${step.hook}"; aiops.yaml defines ${known.length ? known.join(', ') : 'no hooks'}`);
    return;
  }
  if (step.approve) {
    const removed = (hook.approve ?? []).filter((r) => !step.approve!.includes(r));
    if (removed.length > 0) {
      report([...p, 'approve'], `removes the approval floor set in aiops.yaml for hook "${step.hook}": ${removed.join(', ')} must approve`);
    }
  }
  const given = new Set(Object.keys(step.params ?? {}));
  for (const n of hookParamNames(hook)) {
    if (!given.has(n)) report([...p, 'hook'], `hook "${step.hook}" needs param "${n}" but the step gives no params.${n}`);
  }
  for (const [k, v] of Object.entries(step.params ?? {})) if (typeof v === 'string') checkTemplate(v, [...p, 'params', k], report, PARAM_VALUE);
}

/**
 * An `approve:` list, in a playbook step or on a hook in aiops.yaml: each role exists (else nobody
 * could ever approve), and none is listed twice (one person's approval would meet both, so the
 * two-person rule it seems to set would not hold).
 */
export function checkApprovalRoles(approve: readonly string[] | undefined, roles: readonly string[], at: PathKey[], report: ReportProblem): void {
  const seen = new Map<string, number>();
  (approve ?? []).forEach((r, j) => {
    const first = seen.get(r);
    if (first === undefined) seen.set(r, j);
    if (!roles.includes(r)) report([...at, j], `unknown role "${r}": approval role "${r}" does not exist; roles are ${roles.join(', ')}`);
    else if (first !== undefined) {
      report([...at, j], `duplicate role "${r}" (also at position ${first + 1}): one ${r}'s approval would meet both; for two people name two different roles`);
    }
  });
}

/** Every `{{` in a template opens a variable, and each variable is one the renderer fills in `scope`. */
export function checkTemplate(template: string, path: PathKey[], report: ReportProblem, scope: TemplateScope): void {
  for (const problem of templateProblems(template, scope)) report(path, problem);
}

/** The `hook NAME, approval: a + b` line shared by the kinds that fire hooks. */
export function describeHook(hook: string | undefined, approvals: readonly string[]): string[] {
  return hook ? [`hook ${hook}${approvals.length ? `, approval: ${approvals.join(' + ')}` : ''}`] : [];
}
