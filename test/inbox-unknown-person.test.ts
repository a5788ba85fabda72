import { afterEach, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// One command at a time, in-process; the refused inbox in text goes through the binary.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { patience } from './helpers/patience.js';
import { makeProject, type TempProject } from './helpers/project.js';

// `aiops inbox --as alcie` answered "Nothing waits on alcie." (exit 0): a typo read as an empty
// inbox, so someone on call could believe nothing waits on them. A name the roster does not know is
// refused the way assign refuses it, with the closest roster name.

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('aiops inbox for a name not in the roster', () => {
  it('is refused (exit 2) with did-you-mean, in text and --json; a roster name in any case still reads its inbox', async () => {
    const p = (project = makeProject({ withScenarios: false }));
    const start = await aiops(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);

    const typo = await aiopsSpawned(p, ['inbox'], { as: 'alcie' });
    expect(typo.exitCode, typo.stdout + typo.stderr).toBe(2);
    expect(typo.stderr).toContain('alcie is not in the roster (did you mean "alice"?)');
    expect(typo.stdout).not.toContain('Nothing waits');
    const json = await aiops(p, ['inbox', '--json'], { as: 'alcie' });
    expect(json.exitCode).toBe(2);
    expect(json.json().error.message).toBe('alcie is not in the roster (did you mean "alice"?)');

    const alice = await aiops(p, ['inbox'], { as: 'ALICE' });
    expect(alice.exitCode, alice.stderr).toBe(0);
    expect(alice.stdout).toContain('Waiting on alice:');
    const erin = await aiops(p, ['inbox'], { as: 'erin' });
    expect(erin.exitCode, erin.stderr).toBe(0);
    expect(erin.stdout).toContain('Nothing waits on erin.');
  }, patience(60_000));
});
