import { chmodSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { needProgram } from './helpers/system-programs.js';

// Root may write anywhere: as root the reader runs without the capabilities that let it.
const asRoot = process.getuid?.() === 0;
const setpriv = asRoot ? needProgram('setpriv') : { skip: false as const, path: undefined };
const reader = asRoot ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search'] : [];

let project: TempProject | undefined;
afterEach(() => {
  if (project && existsSync(dirname(project.db))) chmodSync(dirname(project.db), 0o700);
  project?.cleanup();
});

describe.skipIf(setpriv.skip)('a log in a folder the reader may not write to', () => {
  it('says that SQLite needs to create FILE-shm there, and how to read it anyway', async () => {
    // Given a log written and closed (no -shm left), in a folder the reader can read but not write
    project = makeProject({ withScenarios: false });
    const started = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Tenant B saw invoices', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    expect(existsSync(`${project.db}-shm`)).toBe(false);
    chmodSync(dirname(project.db), 0o555);
    // When an auditor verifies it
    const r = await aiops(project, ['evidence', 'verify'], { prefix: reader, as: 'alice' });
    // Then the error names the file SQLite could not create, the folder, and the way out
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`could not open the evidence log at ${project.db}`);
    expect(r.stderr).toContain('aiops.db-shm');
    expect(r.stderr).toContain(`ask for write access to ${dirname(project.db)}`);
    expect(r.stderr).toContain('AIOPS_DB=COPY');
    expect(r.stderr).not.toContain('this is a bug');
  });
});
