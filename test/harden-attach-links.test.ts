import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as cli } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
let outside: string | undefined;
afterEach(() => {
  project?.cleanup();
  if (outside) rmSync(outside, { recursive: true, force: true });
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function openIncident(p: TempProject): Promise<string> {
  const start = await cli(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 't', '--service', 's', '--json'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  return start.json().incident.id as string;
}

describe('incident note --attach through a symbolically linked directory', () => {
  it('refuses a directory link that leads outside (relative or absolute path), records nothing, and still follows links that stay inside', async () => {
    // Given logs/ linking to a directory elsewhere that holds a private file
    project = makeProject({ withScenarios: false });
    const p = project;
    const id = await openIncident(p);
    outside = mkdtempSync(join(tmpdir(), 'aiops-outside-'));
    writeFileSync(join(outside, 'id_rsa'), 'private key material');
    symlinkSync(outside, join(p.dir, 'logs'));
    const before = (await cli(p, ['evidence', 'export', id])).stdout;
    // When bob attaches logs/id_rsa, by a relative or an absolute path
    for (const file of ['logs/id_rsa', join(p.dir, 'logs', 'id_rsa'), './logs/../logs/id_rsa']) {
      const r = await cli(p, ['incident', 'note', id, 'see attached', '--attach', file], { as: 'bob' });
      // Then it is refused, naming the link and where it leads, and nothing was recorded
      expect(r.exitCode, file).toBe(2);
      expect(r.stderr).toContain(`(on the way to ${file}) is a symbolic link to ${outside}, outside ${p.dir}`);
    }
    expect((await cli(p, ['evidence', 'export', id])).stdout).toBe(before);
    // And a link to a directory inside the project is followed: the file is stored under its hash
    mkdirSync(join(p.dir, 'runs', '2026-03-01'), { recursive: true });
    writeFileSync(join(p.dir, 'runs', '2026-03-01', 'out.txt'), 'tenant A invoice');
    symlinkSync('2026-03-01', join(p.dir, 'runs', 'latest'));
    const ok = await cli(p, ['incident', 'note', id, 'latest run', '--attach', 'runs/latest/out.txt', '--json'], { as: 'bob' });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.json().attachments).toEqual([{ sha256: sha256('tenant A invoice'), name: 'out.txt', size: 16 }]);
  });
});
