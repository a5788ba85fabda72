import { z } from 'zod';
import { ConfigFile } from './schemas/config.js';
import { JsonOutput } from './schemas/output.js';
import { PlaybookFile } from './schemas/playbook.js';
import { RosterFile } from './schemas/roster.js';
import { ScenarioFile } from './schemas/scenario.js';

const SCHEMAS = { playbook: PlaybookFile, scenario: ScenarioFile, config: ConfigFile, roster: RosterFile, output: JsonOutput } as const;
export type SchemaName = keyof typeof SCHEMAS;
export const SCHEMA_NAMES = Object.keys(SCHEMAS) as SchemaName[];

/** JSON Schema (draft 2020-12) generated from the zod schema, for editors validating YAML as it is typed. */
export function jsonSchemaFor(name: SchemaName): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(SCHEMAS[name], { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return { $schema, $id: `https://aiops.dev/schemas/${name}.schema.json`, ...schema };
}
