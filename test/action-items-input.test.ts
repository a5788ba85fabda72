import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiops, type CliResult } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { patience } from './helpers/patience.js';
import { makeProject, type TempProject } from './helpers/project.js';

// `aiops action add ID TEXT --owner P --due D` (in-process, one command at a time; the incident is
// started by the built binary): the owner is a roster name
// in any case (stored as the roster spells it), the due date is to come and within the ten years
// any duration may be, --owner is given once; the owner who holds no role is told who can close.

let project: TempProject;
let id: string;
const T0 = '2026-03-14T02:00:00.000Z';
const run = (args: string[], as = 'alice'): Promise<CliResult> => aiopsInProcess(project, args, { as, env: { AIOPS_NOW: T0 } });
const actions = async () => (await run(['action', 'list', id, '--json'])).json().actions as { id: string; owner: string; due: string }[];

beforeAll(async () => {
  project = makeProject({ withScenarios: false });
  const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Invoices leak', '--service', 'acme', '--json'], { as: 'alice', env: { AIOPS_NOW: T0 } });
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

  it('refuses a due date that is now, one further off than 3650d, and a repeated --owner (exit 2), writing nothing', async () => {
    const before = await actions();
    const now = await run(['action', 'add', id, 'x', '--owner', 'carol', '--due', '0d']);
    expect(now.exitCode, now.stdout + now.stderr).toBe(2);
    expect(now.stderr).toContain('--due 0d is now (2026-03-14): an action item is due later');
    const far = await run(['action', 'add', id, 'x', '--owner', 'carol', '--due', '99999d']);
    expect(far.exitCode, far.stdout + far.stderr).toBe(2);
    expect(far.stderr).toContain('--due 99999d is too far off (2299-12-27): an action item is due within 3650d');
    const farDate = await run(['action', 'add', id, 'x', '--owner', 'carol', '--due', '2300-01-01']);
    expect(farDate.exitCode, farDate.stdout + farDate.stderr).toBe(2);
    const twice = await run(['action', 'add', id, 'x', '--owner', 'carol', '--owner', 'bob', '--due', '7d']);
    expect(twice.exitCode, twice.stdout + twice.stderr).toBe(2);
    expect(twice.stderr).toContain('--owner was given twice ("carol", then "bob")');
    expect(await actions()).toEqual(before);
    // The longest duration there is still makes an item
    expect((await run(['action', 'add', id, 'Revisit in ten years', '--owner', 'bob', '--due', '3650d'])).exitCode).toBe(0);
  }, patience(60_000));

  it("the item's owner without a role is refused closing it (exit 3), told which responder can", async () => {
    const r = await run(['action', 'close', id, 'A1'], 'carol');
    expect(r.exitCode, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toContain('carol holds no role in');
    expect(r.stderr).toContain(`try: a responder closes it: alice (commander) — aiops action close ${id} A1`);
  }, patience(60_000));
});
