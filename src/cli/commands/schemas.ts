import type { Command } from 'commander';
import { action } from '../context.js';
import { schemaCmd } from './playbook.js';

/** `aiops config schema` and `aiops roster schema`: the JSON Schemas of aiops.yaml and roster.yaml, beside playbook and scenario schema. */
export function registerSchemaGroups(program: Command): void {
  program
    .command('config')
    .description('the project config file (aiops.yaml)')
    .command('schema')
    .description('print the aiops.yaml JSON Schema (draft 2020-12)')
    .action(action(schemaCmd('config')));
  program
    .command('roster')
    .description('the roster file (people, roles, on-call order)')
    .command('schema')
    .description('print the roster JSON Schema (draft 2020-12)')
    .action(action(schemaCmd('roster')));
}
