import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiops, type CliResult } from './helpers/cli.js';
import { patience } from './helpers/patience.js';
import { makeProject, type TempProject } from './helpers/project.js';

// `aiops action add ID TEXT --owner P --due D` through the built binary: the owner is a roster name
// in any case (stored as the roster spells it).

let project: TempProject;
let id: string;
const T0 = '2026-03-14T02:00:00.000Z';
const run = (args: string[], as = 'alice'): Promise<CliResult> => aiops(project, args, { as, env: { AIOPS_NOW: T0 } });
const actions = async () => (await run(['action', 'list', id, '--json'])).json().actions as { id: string; owner: string; due: string }[];

beforeAll(async () => {
  project = makeProject({ withScenarios: false });
  const start = await run(['incident', 'start', '--trigger', 'data_leakage', '--title', 'Invoices leak', '--service', 'acme', '--json']);
  expect(start.exitCode, start.stderr).toBe(0);
  id = start.json().incident.id;
}, patience(60_000));
afterAll(() => project?.cleanup());

describe('action add: owner and due date', () => {
  it('takes an owner in any case, stored as the roster spells it', async () => {
    const r = await run(['action', 'add', id, 'Add a tenant filter test', '--owner', 'CAROL', '--due', '7d']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('(owner carol, due 2026-03-21)');
    expect((await actions()).map((a) => a.owner)).toEqual(['carol']);
  }, patience(60_000));
});
