import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
// The logs are written in-process; every read or write as the reader without rights runs the binary.
import { aiopsInProcess } from './helpers/cli-in-process.js';
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
    const started = await aiopsInProcess(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Tenant B saw invoices', '--json'], { as: 'alice' });
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

describe.skipIf(setpriv.skip)('a log file its owner made read-only, or that is not theirs to read', () => {
  const started = async () => {
    project = makeProject({ withScenarios: false });
    const r = await aiopsInProcess(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Tenant B saw invoices', '--json'], { as: 'alice' });
    expect(r.exitCode, r.stderr).toBe(0);
    return r.json().incident.id as string;
  };

  it('a write says the file is read-only, records nothing, and never makes the file writable', async () => {
    const id = await started();
    chmodSync(project!.db, 0o444);
    const r = await aiops(project!, ['incident', 'note', id, 'checking the bridge'], { prefix: reader, as: 'alice' });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`could not write to the evidence log at ${project!.db}: the file is read-only to you`);
    expect(r.stderr).toContain('nothing was recorded');
    // Group and others lose their read access (evidence holds customer data); the owner gains nothing
    expect((statSync(project!.db).mode & 0o777).toString(8)).toBe('400');
    // and a read command still works
    chmodSync(project!.db, 0o400);
    const shown = await aiops(project!, ['incident', 'show', id, '--json'], { prefix: reader });
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.json().incident.notes ?? []).toEqual([]);
  });

  it('a reader who may not read the file is told so, not just "unable to open database file"', async () => {
    await started();
    chmodSync(project!.db, 0o000);
    const r = await aiops(project!, ['incident', 'list'], { prefix: reader, as: 'alice' });
    chmodSync(project!.db, 0o600);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`could not open the evidence log at ${project!.db}: you may not read it (permission denied)`);
  });
});
