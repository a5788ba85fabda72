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
    if (issue.code === 'invalid_key') {
      const key = path.at(-1);
      const inner = issue.issues[0]?.message ?? issue.message;
      const field = path.slice(0, -1).join('.');
      problems.push(source.problem(path, `${field ? `${field}: ` : ''}invalid name ${JSON.stringify(key)}: ${inner}`, { key: true }));
      continue;
    }
    if (path.length > 0 && valueAt(source.value, path) === undefined && issue.code !== 'custom') {
      problems.push(source.problem(path, `${path.join('.')}: required field is missing${expected(issue)}`));
      continue;
    }
    problems.push(source.problem(path, describeIssue(issue, path)));
  }
  return { problems: dedupe(problems) };
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function expected(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) return ` (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
  if (issue.code === 'invalid_type') return ` (expected ${typeName(issue.expected)})`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return ' (one of check, decision, action, notify, wait)';
  }
  return '';
}

const TYPE_NAMES: Record<string, string> = { array: 'a list', object: 'a mapping', record: 'a mapping' };
const typeName = (t: string) => TYPE_NAMES[t] ?? t;

function describeIssue(issue: z.core.$ZodIssue, path: (string | number)[]): string {
  const field = path.length > 0 ? `${path.join('.')}: ` : '';
  if (issue.code === 'invalid_type') {
    // A schema's own wording (a duration without its unit, a shell string for an argv list) says more.
    if (!issue.message.startsWith('Invalid input')) return `${field}${issue.message}`;
    const got = issue.message.match(/received (\w+)/)?.[1];
    return `${field}expected ${issue.expected === 'object' ? 'a mapping of fields' : typeName(issue.expected)}${got ? `, got ${typeName(got)}` : ''}`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return `${field}unknown step kind; use one of check, decision, action, notify, wait`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return `${field}must not be empty`;
  // A bound the schema words itself (a weight's range) says more than zod's "Too small".
  const ownWords = !/^Too (small|big)\b/.test(issue.message);
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return `${field}${ownWords ? issue.message : `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return `${field}${ownWords ? issue.message : `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`}`;
  }
  if (issue.code === 'invalid_union' && !('discriminator' in issue && issue.discriminator)) {
    const types = [...new Set(issue.errors.flat().flatMap((e) => (e.code === 'invalid_type' ? [e.expected] : [])))];
    if (types.length > 0) return `${field}expected ${types.slice(0, -1).join(', ')}${types.length > 1 ? ' or ' : ''}${types.at(-1)}`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `${field}must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${field}${issue.message}`;
}

// A Map, not an object: a key like __proto__ or toString must find nothing, not Object's own members.
const KNOWN_NEAR = new Map([
  ['aprove', 'approve'],
  ['approvals', 'approve'],
  ['owners', 'owner'],
  ['step', 'steps'],
]);

function suggest(key: string, _path: (string | number)[]): string {
  const near = KNOWN_NEAR.get(key);
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
