/** The shape version every `--json` document carries as `schemaVersion` (schemas/output.schema.json). */
export const OUTPUT_SCHEMA_VERSION = 1;

/** `doc` with `schemaVersion` first; arrays and non-objects are returned as they are. */
export function withSchemaVersion(doc: unknown): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  return { schemaVersion: OUTPUT_SCHEMA_VERSION, ...(doc as Record<string, unknown>) };
}
