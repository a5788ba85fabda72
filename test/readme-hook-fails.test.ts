import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliResult } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

/** One command of a README sh block: its env (from `export` lines and a `K=V` prefix), its aiops args, the exit code its comment promises. */
interface ReadmeCommand {
  line: string;
  env: Record<string, string>;
  args: string[];
  exits: number;
}

/** The words of a shell line, as sh splits them for the quoting the README uses ('…' and "…"). */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur: string | null = null;
  let quote: string | null = null;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
      else cur = (cur ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur ??= '';
    } else if (c === ' ') {
      if (cur !== null) words.push(cur);
      cur = null;
    } else cur = (cur ?? '') + c;
  }
  if (quote) throw new Error(`unclosed quote in: ${text}`);
  if (cur !== null) words.push(cur);
  return words;
}

/** The commands of the first sh block under `heading` in the README, as a reader would type them. */
function readmeCommands(heading: string): ReadmeCommand[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  expect(at, heading).toBeGreaterThan(0);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
  const exported: Record<string, string> = {};
  const out: ReadmeCommand[] = [];
  for (const raw of block.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const hash = line.search(/\s+#\s/);
    const code = hash >= 0 ? line.slice(0, hash) : line;
    const comment = hash >= 0 ? line.slice(hash) : '';
    const words = shellWords(code);
    if (words[0] === 'export') {
      for (const w of words.slice(1)) exported[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
      continue;
    }
    const env = { ...exported };
    while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) {
      const w = words.shift()!;
      env[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
    }
    expect(words.slice(0, 2), line).toEqual(['npx', 'aiops']);
    out.push({ line, env, args: words.slice(2), exits: Number(/exits (\d)/.exec(comment)?.[1] ?? 0) });
  }
  return out;
}

let project: TempProject | undefined;
afterAll(() => project?.cleanup());

describe('README "What to do when a hook fails" runs as written (issue 18)', () => {
  it('fails the pause hook, reads its output, retries, undoes, reopens, fails again and records it by hand', async () => {
    // Given the shipped project in a temp dir, and the README's commands
    project = makeProject({ withScenarios: false });
    const p = project;
    const commands = readmeCommands('## What to do when a hook fails');
    expect(commands.length).toBeGreaterThanOrEqual(8);
    // When each runs in order (on a 2026 clock, as the README's incident id is)
    const results: CliResult[] = [];
    for (const c of commands) {
      const r = await aiopsInProcess(p, c.args, { env: { AIOPS_NOW: '2026-03-14T02:00:00.000Z', ...c.env } });
      // Then each exits as its comment says
      expect(r.exitCode, `${c.line}\n${r.stdout}\n${r.stderr}`).toBe(c.exits);
      results.push(r);
    }
    const run = (sub: string) => results[commands.findIndex((c) => c.args.join(' ').includes(sub))]!;
    // And the hook output shows why the first run failed
    expect(run('hook output').stdout).toMatch(/^run-1 pause-feature \(step pause\): failed, exit 1/);
    expect(run('hook output').stdout).toMatch(/--- stderr\n.*mkdir.*\/dev\/null/);
    expect(run('--retry').stdout).toContain('pause-feature: ok');
    expect(run('hook undo').stdout).toContain('resume-feature run-3: ok');
    expect(run('--reopen').stdout).toContain('pause: reopened by alice');
    // And the postmortem has every run, the reopening and the step done by hand
    const md = readFileSync(join(p.dir, 'postmortem.md'), 'utf8');
    expect(md).toContain('4 hook runs (2 failed)');
    expect(md).toContain('reopened (it was done)');
    expect(md).toContain('done by hand (hook pause-feature did not succeed, run-4) - paused assistant-eu by hand in the flag console');
    // And the report counts the same runs
    const report = (await aiopsInProcess(p, ['report', '--json'], { env: { AIOPS_NOW: '2026-03-14T03:00:00.000Z' } })).json();
    expect({ runs: report.incidents.hooks.runs, failed: report.incidents.hooks.failed }).toEqual({ runs: 4, failed: 2 });
    expect(existsSync(join(p.stateDir, 'feature-flags'))).toBe(true);
  });
});
