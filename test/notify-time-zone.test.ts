import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

const projects: TempProject[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.cleanup();
});

/** The message recorded when the communicator sends data-leakage's update at 09:00 UTC, with aiops.yaml's tz and $TZ as given. */
async function sentAt(opts: { tz?: string; TZ: string }): Promise<string> {
  const p = makeProject({ withScenarios: false });
  projects.push(p);
  if (opts.tz) writeFileSync(join(p.dir, 'aiops.yaml'), `${readFileSync(join(p.dir, 'aiops.yaml'), 'utf8')}\ntz: ${opts.tz}\n`);
  const env = { AIOPS_NOW: '2026-03-14T09:00:00.000Z', TZ: opts.TZ };
  const start = await aiopsInProcess(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Invoices leak', '--service', 'assistant-eu', '--assign-oncall', '--json'], { as: 'alice', env });
  expect(start.exitCode, start.stderr).toBe(0);
  const id = start.json().incident.id;
  const done = await aiopsInProcess(p, ['incident', 'step', id, 'update', '--done'], { as: 'dan', env });
  expect(done.exitCode, done.stderr).toBe(0);
  const events = (await aiopsInProcess(p, ['evidence', 'export', id], { env })).stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l));
  return events.find((e) => e.type === 'step.completed' && e.payload.step === 'update').payload.text;
}

describe("notify templates render {{now}} in the incident's zone (issue 18)", () => {
  it('uses tz: from aiops.yaml, over $TZ', async () => {
    expect(await sentAt({ tz: 'Europe/Berlin', TZ: 'America/New_York' })).toMatch(/^Update on incident INC-2026-0001 \(2026-03-14 10:00 UTC\+01:00\): we paused/);
  });

  it('uses $TZ when aiops.yaml names no zone, and UTC when neither does', async () => {
    expect(await sentAt({ TZ: 'America/New_York' })).toContain('(2026-03-14 05:00 UTC-04:00)');
    expect(await sentAt({ TZ: 'UTC' })).toContain('(2026-03-14 09:00 UTC)');
  });

  it('playbook validate reports a tz: that is no zone, with its line', async () => {
    const p = makeProject({ withScenarios: false });
    projects.push(p);
    writeFileSync(join(p.dir, 'aiops.yaml'), `${readFileSync(join(p.dir, 'aiops.yaml'), 'utf8')}\ntz: Mars/Olympus\n`);
    const r = await aiopsInProcess(p, ['playbook', 'validate']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/aiops\.yaml:\d+:\d+.*tz: Mars\/Olympus is not a time zone this system knows/);
  });
});
