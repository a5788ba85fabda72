import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { addNote } from '../src/app/incidents.js';
import { loadProject } from '../src/app/project.js';
import { openSession } from '../src/app/session.js';
import { startIncident } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import IncidentApp from '../src/ui/components/IncidentApp.js';
import { until } from './helpers/processes.js';
import { makeProject, REPO } from './helpers/project.js';
import { CORPUS, rawControls } from './helpers/terminal-corpus.js';
// Ink's own colour codes (none with noColor, but the check must not depend on it)
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitForFrame(frame: () => string, text: string): Promise<string> {
  await until(() => `${text} in:\n${frame()}`, () => frame().includes(text), 10_000, 15);
  return frame();
}

describe('the TUI renders incident data through the one sanitiser', () => {
  it('shows 0 raw control characters for a hostile title, service and note', async () => {
    // Given an incident whose title, service and a note carry the corpus
    const project = makeProject({ withScenarios: false });
    cleanups.push(project.cleanup);
    const env = { ...process.env, AIOPS_DB: '', AIOPS_STATE_DIR: project.stateDir };
    const session = await openSession({ cwd: project.dir, env, as: 'alice', clock: new ManualClock('2026-03-01T10:00:00.000Z'), project: loadProject({ cwd: project.dir, env }), create: true });
    cleanups.push(() => session.close());
    const { state } = await startIncident(session, { trigger: 'unexpected_tool_call', title: CORPUS, service: CORPUS, assignOncall: true });
    await addNote(session, state.id, `note ${CORPUS}`, { cwd: project.dir });
    // When the TUI renders it
    const ui = render(<IncidentApp session={session} incidentId={state.id} cwd={project.dir} size={{ columns: 100, rows: 30 }} noColor pollMs={25} tickMs={40} />);
    cleanups.push(() => ui.unmount());
    // Then the frame holds the corpus made visible, never raw
    await waitForFrame(() => ui.lastFrame() ?? '', '␛]52');
    const frame = (ui.lastFrame() ?? '').replace(SGR, '');
    expect(rawControls(frame)).toEqual([]);
  });

  it('imports Ink Text only in the safe Text component, so no view can forget', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f)) files.push(p);
      }
    };
    walk(join(REPO, 'src', 'ui'));
    const offenders = files
      .filter((f) => /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(REPO, f));
    expect(offenders).toEqual(['src/ui/components/Text.tsx']);
  });
});
