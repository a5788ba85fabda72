import type { ConfigFile } from './schemas/config.js';
import type { Problem, YamlSource } from './yaml-source.js';

/** Checks aiops.yaml beyond its schema: redact patterns compile, and every `undo` names a defined hook. */
export function validateConfig(config: ConfigFile, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  (config.redact ?? []).forEach((pattern, i) => {
    try {
      new RegExp(pattern, 'g');
    } catch (err) {
      problems.push(src.problem(['redact', i], `not a valid regular expression: ${(err as Error).message}`));
    }
  });
  if (config.tz !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: config.tz });
    } catch {
      problems.push(src.problem(['tz'], `tz: ${config.tz} is not a time zone this system knows; use an IANA zone such as Europe/Berlin, or UTC`));
    }
  }
  const hooks = config.hooks ?? {};
  for (const [name, hook] of Object.entries(hooks)) {
    if (hook.undo === undefined) continue;
    if (!hooks[hook.undo]) {
      problems.push(src.problem(['hooks', name, 'undo'], `undo names hook "${hook.undo}", which aiops.yaml does not define`));
    } else if (hook.undo === name) {
      problems.push(src.problem(['hooks', name, 'undo'], `hook "${name}" cannot undo itself`));
    }
  }
  return problems;
}
