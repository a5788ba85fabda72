import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { makeProject, REPO, type TempProject } from './project.js';

/** Hooks the hook tests add to the shipped aiops.yaml; each runs a fixture from fixtures/hook-tests. */
export const TEST_HOOKS: Record<string, Record<string, unknown>> = {
  dump: {
    command: ['./fixtures/hook-tests/dump-argv.sh', '{{incident.title}}', '{{incident.service}}', '{{params.x}}', '{{context.k}}', '--', '{{params.x}}'],
    env: ['AIOPS_STATE_DIR'],
    approve: ['commander'],
    drill: 'run',
  },
  slow: { command: ['./fixtures/hook-tests/slow.sh', '{{params.seconds}}'], env: ['AIOPS_STATE_DIR'], timeout: '20s' },
  secrets: { command: ['./fixtures/hook-tests/print-secrets.sh'], env: ['AIOPS_STATE_DIR', 'FLAGS_API_TOKEN'] },
  failing: { command: ['./fixtures/hook-tests/fail.sh', '4'] },
  missing: { command: ['./fixtures/hook-tests/no-such-script.sh'] },
  'not-exec': { command: ['./fixtures/hook-tests/README-not-executable'] },
};

/** A temp copy of the shipped project plus the hook-test fixtures and hooks; `edit` may change aiops.yaml further. */
export function makeHookProject(edit?: (config: any) => void): TempProject {
  const project = makeProject({ withScenarios: false });
  cpSync(join(REPO, 'fixtures', 'hook-tests'), join(project.dir, 'fixtures', 'hook-tests'), { recursive: true });
  writeFileSync(join(project.dir, 'fixtures', 'hook-tests', 'README-not-executable'), '#!/bin/sh\necho never\n', { mode: 0o644 });
  const file = join(project.dir, 'aiops.yaml');
  const config = parse(readFileSync(file, 'utf8'));
  Object.assign(config.hooks, structuredClone(TEST_HOOKS));
  config.redact = [...(config.redact ?? []), 'tenant-secret-[A-Z0-9]+'];
  edit?.(config);
  writeFileSync(file, stringify(config));
  if (!existsSync(project.stateDir)) mkdirSync(project.stateDir, { recursive: true });
  return project;
}

/** Splits dump-argv.sh's records: each is [$0, ...args]. */
export function readDumps(stateDir: string): string[][] {
  const file = join(stateDir, 'argv.bin');
  if (!existsSync(file)) return [];
  const parts = readFileSync(file, 'utf8').split('\0');
  const records: string[][] = [];
  let i = 0;
  while (i < parts.length - 1) {
    const n = Number(parts[i]);
    records.push(parts.slice(i + 1, i + 2 + n));
    i += n + 2;
  }
  return records;
}

/** The strings print-secrets.sh prints; none may survive into stored output (export checks reuse this list). */
export const SECRETS = [
  'sk-abcdefghij0123456789T3BlbkFJabcdefghij0123456789',
  'AKIAZ7Q3XK2MPL4RT9VW',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  'xoxb-123456789012-abcdefghijkl',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhaW9wcyJ9.c2lnbmF0dXJlLXZhbHVl',
  'hunter2-db-pass',
  'correct-horse-battery',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  'tenant-secret-ZZ9900',
  'zz-env-only-token-4711',
];
