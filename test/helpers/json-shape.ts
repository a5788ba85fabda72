import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { z } from 'zod';
import { JsonOutput } from '../../src/core/schemas/output.js';
import { aiopsInProcess } from './cli-in-process.js';
import { REPO, type TempProject } from './project.js';

type Schema = { properties?: Record<string, Schema>; additionalProperties?: Schema | boolean; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[] };

/** One branch of the union as `npm run schemas` writes it (the same options as src/core/json-schemas.ts). */
export function branchJsonSchema(branch: z.ZodType): Schema {
  const { $schema: _s, ...schema } = z.toJSONSchema(branch, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Schema & { $schema?: string };
  return schema;
}

/** The committed schemas/output.schema.json's `anyOf` branches. */
export function committedBranches(): Schema[] {
  return (JSON.parse(readFileSync(join(REPO, 'schemas', 'output.schema.json'), 'utf8')) as { anyOf: Schema[] }).anyOf;
}

/**
 * The paths of the document's keys no schema property names, at any depth: a field the command
 * prints that its schema does not describe. A key is described by `properties`, or by
 * `additionalProperties` when that is a schema (a record, or an object left open on purpose).
 * Of a union's alternatives (and nullable's), the one describing the most counts.
 */
export function undescribedKeys(value: unknown, schema: Schema, path = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    return alternatives.map((alt) => undescribedKeys(value, alt, path)).reduce((best, r) => (r.length < best.length ? r : best));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => undescribedKeys(v, schema.items ?? {}, `${path}[${i}]`));
  const open = schema.additionalProperties !== undefined && schema.additionalProperties !== false ? (schema.additionalProperties === true ? {} : schema.additionalProperties) : undefined;
  return Object.entries(value).flatMap(([k, v]) => {
    const sub = schema.properties?.[k] ?? open;
    return sub ? undescribedKeys(v, sub, `${path}.${k}`) : [`${path}.${k}`];
  });
}

/**
 * Given a command's --json stdout, then it fits its own branch with no key the branch does not
 * name (at any depth: a field added without its schema fails here, and so does a field taken out
 * of the schema), the branch is in the committed schemas/output.schema.json, and the union takes it.
 */
export function fits(stdout: string, branch: z.ZodObject): any {
  const doc = JSON.parse(stdout);
  expect(Object.keys(doc)[0]).toBe('schemaVersion');
  const own = branch.strict().safeParse(doc);
  expect(own.success, JSON.stringify(own.error?.issues)).toBe(true);
  const json = branchJsonSchema(branch);
  expect(undescribedKeys(doc, json)).toEqual([]);
  expect(committedBranches()).toContainEqual(json);
  const any = JsonOutput.safeParse(doc);
  expect(any.success, JSON.stringify(any.error?.issues)).toBe(true);
  return doc;
}

/** `aiops ARGS --json` in `project` (in-process) as `as`, which must exit 0: its stdout. */
export function jsonOf(project: TempProject): (args: string[], as?: string) => Promise<string> {
  return async (args, as = 'alice') => {
    const r = await aiopsInProcess(project, [...args, '--json'], { as });
    expect(r.exitCode, `${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stdout;
  };
}
