import { afterEach, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('an undone hook in the postmortem', () => {
  it('pairs the resume with the pause it undid, with the time the pause was in effect', async () => {
    // Given a pause that ran, then its undo asked for and approved
    project = makeProject();
    const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--service', 'assistant-eu', '--json'], { as: 'alice' });
    const id = start.json().incident.id;
    expect((await aiops(project, ['incident', 'approve', id, 'pause'], { as: 'alice' })).exitCode).toBe(0);
    expect((await aiops(project, ['hook', 'undo', id, 'pause'], { as: 'alice' })).exitCode).toBe(3);
    const resume = await aiops(project, ['incident', 'approve', id, 'hook:resume-feature'], { as: 'alice' });
    expect(resume.exitCode, resume.stderr).toBe(0);
    // When the incident is exported
    const md = (await aiops(project, ['export', id, '--format', 'md'])).stdout;
    const html = (await aiops(project, ['export', id, '--format', 'html'])).stdout;
    // Then the resume says what it undid and how long the pause held
    const pair = /undoes run-1 \(pause-feature\): in effect \d\d:\d\d:\d\d — \d\d:\d\d:\d\d/;
    expect(md).toMatch(new RegExp(`- Undo: ${pair.source}`));
    expect(html).toMatch(pair);
  });
});
