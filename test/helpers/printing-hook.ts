import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliResult } from './cli.js';
import { aiopsInProcess as cli } from './cli-in-process.js';
import { makeHookProject } from './hook-project.js';
import type { TempProject } from './project.js';

/**
 * A project whose `secrets` hook prints `output` as it is, an incident alice opened, and the hook
 * asked for (refused: it needs approval) then approved by her, so it ran: the project (the caller
 * cleans it up), the incident and the approval's result.
 */
export async function runPrintingHook(output: string): Promise<{ project: TempProject; id: string; ran: CliResult }> {
  const project = makeHookProject((c) => {
    c.hooks.secrets.command = ['./print.sh'];
  });
  const script = join(project.dir, 'print.sh');
  writeFileSync(script, `#!/bin/sh\ncat <<'OUT'\n${output}\nOUT\n`);
  chmodSync(script, 0o755);
  const started = await cli(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' });
  expect(started.exitCode, started.stderr).toBe(0);
  const id = started.json().incident.id as string;
  expect((await cli(project, ['hook', 'run', id, 'secrets'], { as: 'alice' })).exitCode).toBe(3);
  const ran = await cli(project, ['incident', 'approve', id, 'hook:secrets'], { as: 'alice' });
  return { project, id, ran };
}
