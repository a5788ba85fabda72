import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REPO } from './project.js';

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
