import type { ConfigFile } from './schemas/config.js';
import type { Playbook } from './schemas/playbook.js';
import type { PolicyHook } from './schemas/severity-policy.js';
import { hookOf } from './step-kinds/index.js';
import { checkTemplate, PARAM_VALUE } from './step-kinds/hook-rules.js';
import { hookParamNames } from './hook-config.js';
import type { PathKey, Problem, YamlSource } from './yaml-source.js';

type Report = (path: PathKey[], message: string) => void;

function checkHooks(hooks: readonly PolicyHook[] | undefined, at: PathKey[], config: ConfigFile, report: Report): void {
  const listed = new Set<string>();
  (hooks ?? []).forEach((h, j) => {
    const p = [...at, 'hooks', j];
    // A policy's hook is one pseudo-step (policy:ID:hook:NAME): listed twice, the two would share it.
    if (listed.has(h.hook)) report([...p, 'hook'], `hook "${h.hook}" is listed twice in this severity policy; list it once, or make a second policy for other params`);
    listed.add(h.hook);
    const spec = config.hooks?.[h.hook];
    if (!spec) {
      const known = Object.keys(config.hooks ?? {});
      report([...p, 'hook'], `unknown hook "${h.hook}"; aiops.yaml defines ${known.length ? known.join(', ') : 'no hooks'}`);
      return;
    }
    const given = new Set(Object.keys(h.params ?? {}));
    for (const n of hookParamNames(spec)) if (!given.has(n)) report([...p, 'hook'], `hook "${h.hook}" needs param "${n}" but the policy gives no params.${n}`);
    for (const [k, v] of Object.entries(h.params ?? {})) if (typeof v === 'string') checkTemplate(v, [...p, 'params', k], report, PARAM_VALUE);
  });
}

function checkIds(ids: readonly string[], at: (i: number) => PathKey[], report: Report): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) report(at(i), `duplicate severity policy id "${id}"`);
    seen.add(id);
  });
}

/** aiops.yaml's severity_policies: unique ids, hooks defined and given the params their commands use. */
export function validateConfigPolicies(config: ConfigFile, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (path, message) => problems.push(src.problem(path, message));
  const list = config.severity_policies ?? [];
  checkIds(list.map((p) => p.id), (i) => ['severity_policies', i, 'id'], report);
  list.forEach((p, i) => checkHooks(p.hooks, ['severity_policies', i], config, report));
  return problems;
}

/** A playbook's severity_policies: unique ids, listed steps exist and fire a hook, the hold role is the playbook's, hooks as in aiops.yaml. */
export function validatePlaybookPolicies(pb: Playbook, roles: readonly string[], config: ConfigFile | null, report: Report): void {
  const list = pb.severity_policies ?? [];
  checkIds(list.map((p) => p.id), (i) => ['severity_policies', i, 'id'], report);
  list.forEach((p, i) => {
    const at: PathKey[] = ['severity_policies', i];
    (p.steps ?? []).forEach((id, j) => {
      const step = pb.steps.find((s) => s.id === id);
      if (!step) report([...at, 'steps', j], `unknown step "${id}"; steps are ${pb.steps.map((s) => s.id).join(', ')}`);
      else if (!hookOf(step)) report([...at, 'steps', j], `step "${id}" is a ${step.kind} step without a hook: a severity policy runs steps that fire hooks`);
    });
    if (p.hold_until_ack !== undefined && !roles.includes(p.hold_until_ack)) report([...at, 'hold_until_ack'], `unknown role "${p.hold_until_ack}"; this playbook's roles are ${roles.join(', ')}`);
    if (config) checkHooks(p.hooks, at, config, report);
  });
}
