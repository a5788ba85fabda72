import type { z } from 'zod';
import type { Problem, YamlSource } from './yaml-source.js';

/** Validates a parsed YAML file against a zod schema, locating every issue at its node. */
export function checkSchema<S extends z.ZodType>(
  source: YamlSource,
  schema: S,
): { value?: z.infer<S>; problems: Problem[] } {
  const result = schema.safeParse(source.value);
  if (result.success) return { value: result.data, problems: [] };
  const problems: Problem[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push(source.problem([...path, key], `unknown field "${key}"${suggest(key, path)}`, { key: true }));
      }
      continue;
    }
    problems.push(source.problem(path, describeIssue(issue, path)));
  }
  return { problems: dedupe(problems) };
}

function describeIssue(issue: z.core.$ZodIssue, path: (string | number)[]): string {
  const field = path.length > 0 ? `${path.join('.')}: ` : '';
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return `${field}required field is missing (${issue.expected} expected)`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return `${field}unknown step kind; use one of check, decision, action, notify, wait`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `${field}must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${field}${issue.message}`;
}

const KNOWN_NEAR: Record<string, string> = { aprove: 'approve', approvals: 'approve', owners: 'owner', step: 'steps' };

function suggest(key: string, _path: (string | number)[]): string {
  const near = KNOWN_NEAR[key];
  return near ? ` (did you mean "${near}"?)` : '';
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.col}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
