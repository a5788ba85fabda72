import { STANDARD_ROLES } from './constants.js';
import type { ConfigFile } from './schemas/config.js';
import { checkApprovalRoles } from './step-kinds/hook-rules.js';
import { knownZone } from './time-zone.js';
import type { PathKey, Problem, YamlSource } from './yaml-source.js';
import { validateConfigPolicies } from './validate-severity-policies.js';
import { hookSpecProblems } from './hook-config.js';
import { didYouMean } from './closest-name.js';

/**
 * Checks aiops.yaml beyond its schema: redact patterns compile, `tz` is a known zone, no hook's
 * program or cwd is a template nor its timeout 0 nor an argument's template unknown or unclosed, every hook's `approve:` names known roles once
 * each (as a playbook step's must), every `undo`, `serve.on_open` and `notify.hook` names a defined
 * hook, severity policies name defined hooks.
 */
export function validateConfig(config: ConfigFile, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  (config.redact ?? []).forEach((pattern, i) => {
    try {
      new RegExp(pattern, 'g');
    } catch (err) {
      problems.push(src.problem(['redact', i], `not a valid regular expression: ${(err as Error).message}`));
    }
  });
  if (config.tz !== undefined && !knownZone(config.tz)) {
    problems.push(src.problem(['tz'], `tz: ${config.tz} is not a time zone this system knows; use an IANA zone such as Europe/Berlin or America/New_York, or UTC`));
  }
  const hooks = config.hooks ?? {};
  const report = (path: PathKey[], message: string) => problems.push(src.problem(path, message));
  for (const [name, hook] of Object.entries(hooks)) checkApprovalRoles(hook.approve, STANDARD_ROLES, ['hooks', name, 'approve'], report);
  for (const [name, hook] of Object.entries(hooks)) {
    problems.push(...hookSpecProblems(name, hook, src));
    if (hook.undo === undefined) continue;
    if (!hooks[hook.undo]) {
      problems.push(src.problem(['hooks', name, 'undo'], `undo names hook "${hook.undo}", which aiops.yaml does not define`));
    } else if (hook.undo === name) {
      problems.push(src.problem(['hooks', name, 'undo'], `hook "${name}" cannot undo itself`));
    }
  }
  // The hooks serve runs on an opened incident and the paging hook: a typo is found by validate,
  // not by the first `aiops serve` (or the first page) at 3 a.m.
  (config.serve?.on_open ?? []).forEach((hook, i) => {
    if (!hooks[hook]) problems.push(src.problem(['serve', 'on_open', i], `serve.on_open names hook "${hook}", which aiops.yaml does not define`));
  });
  if (config.notify && !hooks[config.notify.hook]) {
    problems.push(src.problem(['notify', 'hook'], `notify.hook names hook "${config.notify.hook}", which aiops.yaml does not define`));
  }
  problems.push(...validateConfigPolicies(config, src));
  return problems;
}


/** Every trigger the playbooks answer, sorted, once each (what `trigger:` may name). */
export function knownTriggers(playbooks: readonly { playbook: { triggers: readonly { id: string }[] } }[]): string[] {
  return [...new Set(playbooks.flatMap((p) => p.playbook.triggers.map((t) => t.id)))].sort();
}

/**
 * Each `watch:` rule whose trigger no playbook answers, located at its trigger: such a rule would
 * fire and open nothing, found by validate rather than by the first firing.
 */
export function watchTriggerProblems(config: ConfigFile, playbooks: Parameters<typeof knownTriggers>[0], src: YamlSource): Problem[] {
  const triggers = knownTriggers(playbooks);
  const known = new Set(triggers);
  return (config.watch ?? []).flatMap((rule, i) =>
    known.has(rule.trigger)
      ? []
      : [src.problem(['watch', i, 'trigger'], `watch rule ${rule.id}: no playbook answers trigger "${rule.trigger}"${didYouMean(rule.trigger, triggers)}; known triggers: ${triggers.join(', ') || 'none'}`)],
  );
}
