import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loneSurrogateEscape } from '../src/core/json-lone-surrogate.js';
import { parseYamlSource } from '../src/core/yaml-source.js';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

let project: TempProject;
afterEach(() => project?.cleanup());

const BAD_PLAYBOOK = 'id: bad\nversion: 1.0.0\ntitle: "x\\ud800y"\nsteps:\n  - id: a\n    kind: check\n    title: t\n    owner: commander\n';

describe('a lone surrogate escape is a located input problem, not a bug (issue 17)', () => {
  it('finds unpaired halves in JSON escapes and lets pairs and escaped backslashes be', () => {
    expect(loneSurrogateEscape('{"a": "\\ud83d\\ude00 \\\\ud800 \\u00e9"}')).toBeUndefined();
    expect(loneSurrogateEscape('{"a":\n  "x\\ud800"}')).toEqual({ line: 2, col: 5 });
    expect(loneSurrogateEscape('{"a": "\\udc00"}')).toEqual({ line: 1, col: 8 });
    expect(loneSurrogateEscape('{"a": "\\ud800\\n\\udc00"}')).toEqual({ line: 1, col: 8 });
    expect(loneSurrogateEscape('{"a": "\\ud800", "b": "\\udc00"}')).toEqual({ line: 1, col: 8 });
  });

  it('a YAML string with one is FILE:LINE:COL; a well-formed pair parses', () => {
    expect(parseYamlSource('p.yaml', BAD_PLAYBOOK).problems).toEqual([
      expect.objectContaining({ file: 'p.yaml', line: 3, col: 8, message: expect.stringContaining('lone surrogate') }),
    ]);
    expect(parseYamlSource('p.yaml', 'title: "\\ud83d\\ude00"\n').source?.value).toEqual({ title: '😀' });
  });

  it('a playbook with one is reported and the other playbooks still load', async () => {
    // Given the shipped project plus one playbook holding "\ud800"
    project = makeProject({ withScenarios: false });
    writeFileSync(join(project.dir, 'playbooks', 'zz-bad.yaml'), BAD_PLAYBOOK);
    // When validating, Then the file is located and the exit is 2
    const validate = await aiops(project, ['playbook', 'validate']);
    expect(validate.exitCode).toBe(2);
    expect(validate.stdout + validate.stderr).toMatch(/playbooks\/zz-bad\.yaml:3:8: a lone surrogate/);
    expect(validate.stderr).not.toMatch(/bug in aiops/);
    // And listing still shows the shipped playbooks, with the broken one as a warning
    const list = await aiopsInProcess(project, ['playbook', 'list']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/data-leakage@1\.2\.0/);
    expect(list.stderr).toMatch(/zz-bad\.yaml:3:8/);
  });

  it('an alert payload with one is FILE:LINE:COL exit 2, and nothing is opened', async () => {
    project = makeProject({ withScenarios: false });
    const good = readFileSync(join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json'), 'utf8');
    writeFileSync(join(project.dir, 'bad.json'), good.replace('"summary": "', '"summary": "\\ud800'));
    const r = await aiopsInProcess(project, ['incident', 'start', '--from-alert', 'bad.json', '--no-tui'], { as: 'alice' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bad\.json:\d+:\d+: a lone surrogate escape/);
    expect(r.stderr).not.toMatch(/bug in aiops/);
    const list = await aiopsInProcess(project, ['incident', 'list', '--json']);
    expect(list.stdout).not.toMatch(/INC-/);
  });

  it('an alert payload that is not JSON is FILE:LINE:COL exit 2, at the place the parser stopped, and nothing is opened', async () => {
    project = makeProject({ withScenarios: false });
    // A trailing comma on line 3, and a payload cut off at the end of line 1
    writeFileSync(join(project.dir, 'comma.json'), '{\n  "version": "4",\n  "alerts": [],\n}\n');
    writeFileSync(join(project.dir, 'cut.json'), '{"version":"4","alerts":[{"labels":{"alertname":"Nope"}}]\n');
    const comma = await aiopsInProcess(project, ['incident', 'start', '--from-alert', 'comma.json', '--no-tui'], { as: 'alice' });
    expect([comma.exitCode, comma.stderr]).toEqual([2, 'aiops: comma.json:4:1: not JSON: Expected double-quoted property name']);
    const cut = await aiopsInProcess(project, ['incident', 'start', '--from-alert', 'cut.json', '--no-tui'], { as: 'alice' });
    expect([cut.exitCode, cut.stderr]).toEqual([2, "aiops: cut.json:1:58: not JSON: Expected ',' or '}' after property value"]);
    expect((await aiopsInProcess(project, ['incident', 'list', '--json'])).stdout).not.toMatch(/INC-/);
  });
});
