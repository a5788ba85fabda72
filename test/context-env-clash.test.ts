import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
// The refusals of a note run in-process, one command at a time; the refusal at start runs the binary.
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { patience } from './helpers/patience.js';
import { makeProject, type TempProject } from './helpers/project.js';

// Hooks get each `--context` key twice: as {{context.KEY}} and as the variable AIOPS_CONTEXT_KEY
// (punctuation runs made `_`, upper-cased). Keys that make one variable (a-b, a.b, a_b, A_B) would
// leave the hook's environment to whichever came last while the template said another: refused.

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const T0 = '2026-03-14T02:00:00.000Z';

describe('--context keys that make the same AIOPS_CONTEXT_ variable', () => {
  it('are refused in one note, and against a key the incident already has, naming both keys; nothing is written', async () => {
    const p = (project = makeProject({ withScenarios: false }));
    const run = (args: string[]) => aiopsInProcess(p, args, { as: 'alice', env: { AIOPS_NOW: T0 } });
    const start = await run(['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json']);
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    const log = async () => (await run(['evidence', 'export', id])).stdout;
    const before = await log();

    // When three keys that all make AIOPS_CONTEXT_A_B are given in one note
    const same = await run(['incident', 'note', id, 'n', '--context', 'a-b=dash', '--context', 'a.b=dot', '--context', 'a_b=under']);
    // Then it is refused (exit 2) naming the two that meet first, and nothing is written
    expect(same.exitCode, same.stdout + same.stderr).toBe(2);
    expect(same.stderr).toContain('"a-b" and "a.b" are both AIOPS_CONTEXT_A_B');
    expect(await log()).toBe(before);

    // When one key is noted, then another that differs only by punctuation or case
    expect((await run(['incident', 'note', id, 'n', '--context', 'a-b=dash'])).exitCode).toBe(0);
    const noted = await log();
    for (const key of ['a_b', 'A.B']) {
      const later = await run(['incident', 'note', id, 'n', '--context', `${key}=x`]);
      // Then it is refused naming the incident's key, nothing written
      expect(later.exitCode, later.stdout + later.stderr).toBe(2);
      expect(later.stderr).toContain(`context key "${key}" and the incident's "a-b" are both AIOPS_CONTEXT_A_B`);
      expect(await log()).toBe(noted);
    }

    // And the same key given again updates it: template and variable agree
    expect((await run(['incident', 'note', id, 'n', '--context', 'a-b=dash2'])).exitCode).toBe(0);
    const test = await run(['hook', 'test', 'pause-feature', '--incident', id, '--param', 'tenant=t', '--json']);
    expect(test.exitCode, test.stderr).toBe(0);
    expect(test.json().env.find((e: { name: string }) => e.name === 'AIOPS_CONTEXT_A_B').value).toBe('dash2');
  }, patience(90_000));

  it('are refused at start too, before anything is written', async () => {
    const p = (project = makeProject({ withScenarios: false }));
    const r = await aiops(p, ['incident', 'start', '--title', 'x', '--context', 'model=a', '--context', 'MODEL=b'], { as: 'alice' });
    expect(r.exitCode, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('"model" and "MODEL" are both AIOPS_CONTEXT_MODEL');
    expect(existsSync(p.db)).toBe(false);
  }, patience(60_000));
});
