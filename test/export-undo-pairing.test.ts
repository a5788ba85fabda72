import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
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
    const resume = await aiops(project, ['hook', 'undo', id, 'pause'], { as: 'alice' });
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

describe('undo under the two-person rule', () => {
  it('counts the asker as one approver and waits for the second person before anything runs', async () => {
    // Given a prompt rollback approved by the commander and the model owner, and run
    project = makeProject();
    const start = await aiops(project, ['incident', 'start', '--trigger', 'hallucinated_commitment', '--service', 'support-bot', '--json'], { as: 'alice' });
    const id = start.json().incident.id;
    expect((await aiops(project, ['incident', 'assign', id, 'model_owner', 'carol'], { as: 'alice' })).exitCode).toBe(0);
    expect((await aiops(project, ['incident', 'approve', id, 'rollback'], { as: 'alice' })).exitCode).toBe(0);
    expect((await aiops(project, ['incident', 'approve', id, 'rollback'], { as: 'carol' })).exitCode).toBe(0);
    // When the commander asks to undo it
    const ask = await aiops(project, ['hook', 'undo', id, 'rollback'], { as: 'alice' });
    // Then it waits for the model owner: exit 3, and only the rollback has run
    expect(ask.exitCode).toBe(3);
    expect(ask.stderr).toContain('model_owner');
    const runs = () => aiops(project, ['evidence', 'export', id]).then((r) => r.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l)).filter((e) => e.type === 'hook.started').map((e) => e.payload.hook));
    expect(await runs()).toEqual(['rollback-prompt']);
    // And the model owner's approval runs the restore
    const second = await aiops(project, ['incident', 'approve', id, 'hook:restore-prompt'], { as: 'carol' });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(await runs()).toEqual(['rollback-prompt', 'restore-prompt']);
  });
});
