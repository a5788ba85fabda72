import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../src/app/project.js';
import { openSession, type Session } from '../src/app/session.js';
import IncidentApp from '../src/ui/components/IncidentApp.js';
import { aiops } from './helpers/cli.js';
import { dropLogins, ensureLogins, freshPgDatabase, pgTestUrl, pgUrlFor } from './helpers/pg.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { until } from './helpers/processes.js';

// Issue 14: on PostgreSQL the TUI learns of new events through LISTEN/NOTIFY, not by polling the
// table: alice's screen (in this process) shows the approval bob's aiops (another process, his own
// login) commits within a second, with the poll timer set far beyond that.
const base = pgTestUrl();
const suffix = Math.random().toString(36).slice(2, 7);
const loginOf = (p: string) => `${p}_l${suffix}`;

describe.skipIf(!base)('the TUI on PostgreSQL hears other hosts', () => {
  let project: TempProject;
  let owner: string;
  let drop: () => Promise<void>;
  const urlAs = (p: string) => pgUrlFor(owner, { user: loginOf(p) });

  beforeAll(async () => {
    const db = await freshPgDatabase(base!, 'aiops_live');
    owner = db.url;
    drop = db.drop;
    project = makeProject({ withScenarios: false });
    const rosterPath = join(project.dir, 'roster.yaml');
    let roster = readFileSync(rosterPath, 'utf8');
    for (const p of ['alice', 'bob']) roster = roster.replace(new RegExp(`^(\\s+${p}:\\s*\\{)`, 'm'), `$1login: ${loginOf(p)}, `);
    writeFileSync(rosterPath, roster);
    await ensureLogins(base!, ['alice', 'bob'].map(loginOf));
    const init = await aiops(project, ['db', 'init', '--url', owner]);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  afterAll(async () => {
    project?.cleanup();
    await drop?.();
    await dropLogins(base!, ['alice', 'bob'].map(loginOf));
  });

  it("Given alice's TUI open with polling every minute, When bob approves from another process, Then her screen shows it within a second", async () => {
    const cli = (p: string, ...args: string[]) => aiops(project, ['--db', urlAs(p), 'incident', ...args, '--json']);
    const started = await cli('alice', 'start', '--trigger', 'policy_violation', '--service', 'chat');
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    expect((await cli('alice', 'assign', id, 'reviewer', 'bob')).exitCode).toBe(0);

    const env = { ...process.env, AIOPS_DB: urlAs('alice'), AIOPS_STATE_DIR: project.stateDir };
    const session: Session = await openSession({ cwd: project.dir, env, project: loadProject({ cwd: project.dir, env }) });
    let polls = 0;
    const lastSeq = session.log.incidentLastSeq.bind(session.log);
    session.log.incidentLastSeq = (i: string) => (polls++, lastSeq(i));
    const ui = render(<IncidentApp session={session} incidentId={id} cwd={project.dir} size={{ columns: 100, rows: 40 }} noColor pollMs={60_000} tickMs={60_000} />);
    const frame = () => stripVTControlCharacters(ui.lastFrame() ?? '');
    const waitFor = (re: RegExp, ms: number) => until(() => `${re} on screen:\n${frame()}`, () => re.test(frame()), ms, 10);
    try {
      await waitFor(/rollback/, 10_000);
      expect(frame()).not.toMatch(/approved rollback/);
      const pollsBefore = polls;
      const bob = await cli('bob', 'approve', id, 'rollback');
      expect(bob.exitCode, bob.stderr).toBe(0);
      await waitFor(/bob +approved rollback as reviewer/, 1000);
      // Read because the log said so: one look per notice, no timer.
      expect(polls - pollsBefore).toBeGreaterThanOrEqual(1);
    } finally {
      ui.unmount();
      await session.close();
    }
  });
});
