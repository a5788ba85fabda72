import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as cli } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('"did you mean" suggestions', () => {
  it('never suggest "[object Object]" or a function for keys named like Object members, and still suggest real near-misses', async () => {
    // Given a playbook and a scenario with keys that are members of every JS object, and a typo
    project = makeProject({ withScenarios: false });
    const p = project;
    const pb = readFileSync(join(p.dir, 'playbooks', 'output-spike.yaml'), 'utf8')
      .replace(/^version: .*$/m, 'version: 9.9.9')
      .replace(/^owner: (.*)$/m, 'owner: $1\n__proto__: x\nconstructor: y\ntoString: z\nhasOwnProperty: w')
      .replace(/^(\s+)approve: \[commander, model_owner\]$/m, '$1aprove: [commander, model_owner]');
    writeFileSync(join(p.dir, 'bad-playbook.yaml'), pb);
    writeFileSync(join(p.dir, 'bad-scenario.yaml'), 'id: x\n__proto__: 1\nvalueOf: 2\n');
    // When they are validated
    const r1 = await cli(p, ['playbook', 'validate', 'bad-playbook.yaml']);
    const r2 = await cli(p, ['scenario', 'validate', 'bad-scenario.yaml']);
    // Then each unknown field is named plainly, with no bogus suggestion
    const all = `${r1.stderr}\n${r2.stderr}`;
    expect(r1.exitCode).toBe(2);
    expect(r2.exitCode).toBe(2);
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(all).toMatch(new RegExp(`unknown field "${key}"\\n`));
    expect(all).not.toContain('[object Object]');
    expect(all).not.toContain('native code');
    // And a real near-miss still gets its hint
    expect(r1.stderr).toContain('unknown field "aprove" (did you mean "approve"?)');
  });
});
