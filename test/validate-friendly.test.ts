import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeEach(() => {
  project = makeProject({ withScenarios: false });
});
afterEach(() => project.cleanup());

const edit = (file: string, from: string | RegExp, to: string) => {
  const path = join(project.dir, file);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${file} holds ${String(from)}`).not.toBe(text);
  writeFileSync(path, next);
};
/** The 1-based line of the first line of `file` that contains `needle`. */
const lineOf = (file: string, needle: string) => readFileSync(join(project.dir, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('playbook validate: hook programs', () => {
  it('reports a missing and a non-executable hook program at its command in aiops.yaml', async () => {
    // Given one hook pointing at a script that does not exist, and another whose script lost its x bit
    edit('aiops.yaml', './fixtures/hooks/tool-allowlist.sh, remove', './fixtures/hooks/no-such.sh, remove');
    chmodSync(join(project.dir, 'fixtures/hooks/model-rollback.sh'), 0o644);
    // When the playbooks are validated
    const r = await aiopsInProcess(project, ['playbook', 'validate']);
    // Then both are reported as aiops.yaml:LINE:COL, at the program in the command list, and the run fails
    expect(r.exitCode).toBe(2);
    const missing = lineOf('aiops.yaml', 'no-such.sh');
    expect(r.stderr).toContain(`aiops.yaml:${missing}:15: hook disable-tool: program ${join(project.dir, 'fixtures/hooks/no-such.sh')} not found`);
    const rollback = lineOf('aiops.yaml', 'model-rollback.sh, rollback, --kind, model');
    expect(r.stderr).toMatch(new RegExp(`aiops\\.yaml:${rollback}:15: hook rollback-model: program \\S+model-rollback\\.sh is not executable \\(chmod \\+x`));
    // And --format config reports the same
    const cfg = await aiopsInProcess(project, ['playbook', 'validate', '--format', 'config', 'aiops.yaml', '--json']);
    expect(cfg.exitCode).toBe(2);
    const problems = JSON.parse(cfg.stdout).problems as { line: number; message: string }[];
    expect(problems.map((p) => p.line)).toEqual(expect.arrayContaining([missing, rollback]));
  });

  it('passes the shipped project, whose hook scripts are all there and executable', async () => {
    const r = await aiopsInProcess(project, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });
});

describe('playbook validate: messages a tired person can act on', () => {
  it('says to write 20s for `timeout: 20` and shows the list form of a shell-string command', async () => {
    // Given a hook written the way a shell user would
    edit('aiops.yaml', /command: \[\.\/fixtures\/hooks\/feature-flag\.sh, disable[^\n]*\n {4}timeout: 30s/, 'command: ./fixtures/hooks/feature-flag.sh disable --tenant "{{params.tenant}}"\n    timeout: 20');
    // When it is validated
    const r = await aiopsInProcess(project, ['playbook', 'validate', '--format', 'config', 'aiops.yaml']);
    // Then each message says what to write instead
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('hooks.pause-feature.timeout: a duration needs its unit: write 20s');
    expect(r.stderr).toContain('hooks.pause-feature.command: a hook command is an argv list, never a shell string: write command: [./fixtures/hooks/feature-flag.sh, disable, --tenant, "\\"{{params.tenant}}\\""]');
    expect(r.stderr).toContain('shell syntax');
  });

  it('names a tab as indentation and says to quote a value holding ": "', async () => {
    edit('playbooks/output-spike.yaml', /^title: .*$/m, 'title: Spike: answers doubled');
    edit('playbooks/policy-violation.yaml', /\n {2}- id: /, '\n\t- id: ');
    const r = await aiopsInProcess(project, ['playbook', 'validate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`playbooks/output-spike.yaml:${lineOf('playbooks/output-spike.yaml', 'title: Spike')}:8: this value holds ": ", which YAML reads as a nested mapping; quote the whole value: "Spike: answers doubled"`);
    expect(r.stderr).toMatch(/playbooks\/policy-violation\.yaml:\d+:1: a tab character indents this line; YAML indents with spaces only/);
  });

  it('reports every problem of aiops.yaml, the roster and the playbooks in one run, sorted by file then line', async () => {
    // Given problems in three files, written in an order that is not the sorted one
    edit('roster.yaml', /contact: "[^"]*"/, 'contact: 5');
    edit('playbooks/output-spike.yaml', /^title: .*$/m, 'title: Spike: answers doubled');
    edit('playbooks/data-leakage.yaml', /^version: .*$/m, 'version: 1.2.0\nowners: x');
    edit('aiops.yaml', /timeout: 30s/g, 'timeout: 30');
    // When one validate runs
    const r = await aiopsInProcess(project, ['playbook', 'validate', '--json']);
    // Then all of them are there, ordered by file, then line
    expect(r.exitCode).toBe(2);
    const problems = JSON.parse(r.stdout).problems as { file: string; line: number; col: number }[];
    const files = [...new Set(problems.map((p) => p.file))];
    expect(files).toEqual(['aiops.yaml', 'playbooks/data-leakage.yaml', 'playbooks/output-spike.yaml', 'roster.yaml']);
    const key = (p: { file: string; line: number; col: number }) => [p.file, p.line, p.col] as const;
    const sorted = [...problems].sort((a, b) => (key(a)[0] < key(b)[0] ? -1 : key(a)[0] > key(b)[0] ? 1 : a.line - b.line || a.col - b.col));
    expect(problems).toEqual(sorted);
    expect(problems.filter((p) => p.file === 'aiops.yaml').length).toBeGreaterThan(1);
    // And the playbooks' hook steps are still checked against the hooks of the broken aiops.yaml, without false "unknown hook"s
    expect(r.stdout).not.toContain('unknown hook');
  });
});
