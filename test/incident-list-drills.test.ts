import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('incident list and drills', () => {
  it('leaves an ended drill out of the open incidents, and shows it with --all', async () => {
    // Given a drill started without a TTY and a real incident
    project = makeProject();
    const drill = await aiops(project, ['drill', 'wrong-tenant-leak', '--json'], { as: 'alice' });
    expect(drill.exitCode, drill.stderr).toBe(0);
    const real = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--json'], { as: 'alice' });
    const realId = real.json().incident.id;
    const listed = async (args: string[]) => (await aiops(project, ['incident', 'list', '--json', ...args])).json().incidents.map((r: { id: string }) => r.id);
    // While the drill runs, both are open
    expect((await listed([])).length).toBe(2);
    // When the facilitator ends the drill
    const drillId = (await listed([])).find((id: string) => id.startsWith('DRILL-'));
    expect((await aiops(project, ['drill', 'end', drillId], { as: 'alice' })).exitCode).toBe(0);
    // Then only the real incident is open; --all still shows the drill
    expect(await listed([])).toEqual([realId]);
    expect((await listed(['--all'])).sort()).toEqual([drillId, realId].sort());
  });
});
