import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';
import { reportValidation, schemaCmd } from './playbook.js';
import { incidentIdArgument, outputFile } from '../option-values.js';

export function registerScenario(program: Command): void {
  const sc = program.command('scenario').description('validate drill scenarios, print their schema, record one from an incident');
  sc.command('validate')
    .argument('[files...]', 'scenario files (default: every file in the scenarios directory)')
    .description('check scenarios against playbooks, hooks and roster; exit 2 on any problem')
    .action(action(validateCmd));
  sc.command('schema').description('print the scenario JSON Schema (draft 2020-12)').action(action(schemaCmd('scenario')));
  sc.command('record')
    .argument('<incident>', 'the incident to replay', incidentIdArgument('<incident>'))
    .option('-o, --output <file>', 'write the scenario here (default: print it)', outputFile)
    .option('--force', 'replace the output file if it exists')
    .description('turn an incident into a drill scenario: alerts and notes become injects, actions the script')
    .action(action(recordCmd));
}

async function recordCmd(ctx: CliContext, id: string, opts: { output?: string; force?: boolean }): Promise<void> {
  const { recordScenarioCmd } = await import('./scenario-record.js');
  await recordScenarioCmd(ctx, id, opts);
}

async function validateCmd(ctx: CliContext, files: string[]): Promise<void> {
  const { validateScenarioFiles } = await import('../../app/validate-files.js');
  await reportValidation(ctx, validateScenarioFiles(ctx, files));
}
