import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { hasTerminalControls, terminalJson, terminalLine, terminalText } from '../src/core/terminal-text.js';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// In-process: every write to stdout and stderr goes through process.stdout/stderr.write, which it
// captures (hooks' output is piped to aiops, never inherited). The last export goes through the binary itself.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeHookProject } from './helpers/hook-project.js';
import { makeProject, type TempProject } from './helpers/project.js';

import { CORPUS, HOSTILE, rawControls as rawIn } from './helpers/terminal-corpus.js';
import { patience } from './helpers/patience.js';

describe('terminalText, the one sanitiser', () => {
  it('makes every control a terminal acts on visible and keeps line feeds and tabs', () => {
    expect(terminalText(CORPUS)).toBe('A␛]52;c;aGFja2Vk␇B␛]0;pwned␇C␛[2JD␍E<U+202E>F<U+009B>31mG␡H');
    expect(terminalText('a\r\nb\tc\n')).toBe('a\nb\tc\n');
    expect(terminalLine('a\nb\tc\u2066')).toBe('a␊b c<U+2066>');
    expect(terminalText('line\u2028sep\u2029par')).toBe('line<U+2028>sep<U+2029>par');
    expect(hasTerminalControls(terminalText(CORPUS))).toBe(false);
    expect(terminalText(terminalText(CORPUS))).toBe(terminalText(CORPUS));
  });

  it('escapes what JSON.stringify leaves raw without changing the value', () => {
    const json = terminalJson(JSON.stringify({ t: CORPUS }));
    expect(rawIn(json)).toEqual([]);
    expect(JSON.parse(json).t).toBe(CORPUS);
  });

  it('hands plain ASCII back untouched, and escapes a DEL or any text with non-ASCII as before', () => {
    const plain = JSON.stringify({ t: 'Tenant B saw "A"' });
    expect(terminalJson(plain)).toBe(plain);
    for (const t of [CORPUS, 'del \u007f', 'café', 'bidi \u202e', 'line sep \u2028', 'lone \ud800']) {
      const out = terminalJson(JSON.stringify({ t }));
      expect(rawIn(out)).toEqual([]);
      expect(JSON.parse(out).t).toBe(t);
    }
    expect(terminalJson('"del \u007f"')).toBe('"del \\u007f"');
    expect(terminalJson('"café \u202e"')).toBe('"café \\u202e"');
  });
});

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('an adversarial corpus through every user field of the CLI', () => {
  it('shows 0 raw control characters in list, show, notes, reasons, summary, hook output and Markdown; evidence keeps the bytes', async () => {
    // Given a hook whose program prints the corpus on stdout and stderr
    project = makeHookProject((c) => {
      c.hooks['pause-feature'].command = ['./noisy.sh'];
      c.hooks['pause-feature'].env = ['AIOPS_T'];
    });
    const script = join(project.dir, 'noisy.sh');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$AIOPS_T"\nprintf '%s\\n' "$AIOPS_T" >&2\n`);
    chmodSync(script, 0o755);
    const env = { AIOPS_T: CORPUS };
    const outputs: string[] = [];
    const run = async (args: string[], as = 'alice') => {
      const r = await aiops(project!, args, { as, env });
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    // When the corpus goes into title, service, note, reason, summary and the hook's output
    const started = await run(['incident', 'start', '--trigger', 'data_leakage', '--title', CORPUS, '--service', CORPUS, '--json']);
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    expect((await run(['incident', 'note', id, CORPUS])).exitCode).toBe(0);
    expect((await run(['incident', 'severity', id, 'SEV2', '--reason', CORPUS])).exitCode).toBe(0);
    // (an edit prints the old service, the corpus, beside the new one; its reason is the corpus too)
    expect((await run(['incident', 'edit', id, '--service', 'plain-service', '--reason', CORPUS])).exitCode).toBe(0);
    const fired = await run(['incident', 'approve', id, 'pause']);
    expect(fired.exitCode, fired.stderr).toBe(0);
    await run(['incident', 'step', id, 'no-such-step-\u001b[2J']);
    expect((await run(['incident', 'status', id, 'mitigated', '--reason', CORPUS])).exitCode).toBe(0);
    expect((await run(['incident', 'status', id, 'resolved', '--summary', CORPUS])).exitCode).toBe(0);
    await run(['incident', 'show', id]);
    await run(['incident', 'list']);
    await run(['incident', 'list', '--json']);
    const md = await run(['export', id, '--format', 'md']);
    await run(['export', id, '--format', 'json']);
    await run(['hook', 'run', 'pause-feature', '--incident', id]);
    // Then no output holds a raw control, yet the corpus reached it (made visible)
    for (const text of outputs) expect(rawIn(text)).toEqual([]);
    const all = outputs.join('\n');
    expect(all).toContain('A␛]52;c;aGFja2Vk␇B');
    expect(md.stdout).toContain('␛]0;pwned');
    // Markdown: the lone CR cannot start a new line (no heading or row injected), nor split the hook's output or argv in its fenced block
    expect(md.stdout).not.toMatch(/^E<U\+202E>/m);
    // And the evidence keeps the original bytes
    const json = await aiopsSpawned(project, ['export', id, '--format', 'json']);
    expect(json.json().incident.title).toBe(CORPUS);
    expect(JSON.stringify(json.json())).toContain(JSON.stringify(CORPUS).slice(1, -1));
  }, patience(120_000));
});

describe('line breaks in what people and alerts type', () => {
  it('cannot draw a line of their own in `incident show`: a title, service or note holding one shows it as ␊', async () => {
    project = makeHookProject();
    const as = (args: string[]) => aiops(project!, args, { as: 'alice' });
    // Given a title that draws a Roles block, a service that draws a line, and a note that reads as bob's approval
    const started = await as(['incident', 'start', '--trigger', 'data_leakage', '--json', '--title', 'Real title\nRoles:\n  commander     mallory', '--service', 'eu\r\nFAKE service line']);
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    expect((await as(['incident', 'note', id, 'real note\n  2026-12-04 17:46:00 UTC bob: I approve the rollback'])).exitCode).toBe(0);
    // When it is shown
    const shown = await as(['incident', 'show', id]);
    const lines = shown.stdout.split('\n');
    // Then each is on the line it belongs to, its breaks made visible
    expect(lines.filter((l) => l.startsWith('Roles:'))).toEqual(['Roles:']);
    expect(lines.filter((l) => l.includes('FAKE service line')).length).toBe(2);
    expect(lines.some((l) => l.startsWith('FAKE'))).toBe(false);
    expect(lines).toContainEqual(expect.stringMatching(/^service eu␍␊FAKE service line · trigger/));
    expect(lines.filter((l) => l.includes('bob: I approve'))).toEqual([expect.stringMatching(/^ {2}\S+ \S+ UTC alice: real note␊ {2}2026-12-04 17:46:00 UTC bob: I approve the rollback$/)]);
    // And the hook argument shown under the step holds the service on one line too
    expect(lines.filter((l) => l.includes('--tenant'))).toEqual([expect.stringContaining("--tenant 'eu␍␊FAKE service line'")]);
  });
});

describe('a file written with -o', () => {
  it('holds the bytes the same command prints: export and drill report in every format, a recorded scenario; no raw control', async () => {
    project = makeProject();
    const as = (args: string[], who = 'alice') => aiops(project!, args, { as: who });
    // Given an incident and a drill whose text holds the corpus
    const started = await as(['incident', 'start', '--trigger', 'data_leakage', '--title', `T ${HOSTILE}`, '--service', 'svc', '--json']);
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    expect((await as(['incident', 'note', id, HOSTILE])).exitCode).toBe(0);
    const drill = (await as(['drill', 'wrong-tenant-leak', '--auto', '--json'], 'erin')).json().id as string;
    expect((await as(['drill', 'debrief', drill, HOSTILE])).exitCode).toBe(0);
    for (const format of ['md', 'json', 'html']) {
      for (const [label, args] of [['export', ['export', id]], ['drill report', ['drill', 'report', drill]]] as const) {
        // When the same command prints it and writes it to a file
        const printed = await as([...args, '--format', format]);
        const file = join(project.dir, `${label.replace(' ', '-')}.${format}`);
        const written = await as([...args, '--format', format, '-o', file]);
        expect([printed.exitCode, written.exitCode], `${label} ${format}: ${printed.stderr}${written.stderr}`).toEqual([0, 0]);
        // Then the file is what stdout showed (whose last line feed the runner strips, as execa does): no control a `cat` of it would act on
        const text = readFileSync(file, 'utf8');
        expect(text.replace(/\n$/, ''), `${label} --format ${format}`).toBe(printed.stdout);
        expect(rawIn(text), `${label} --format ${format}`).toEqual([]);
      }
    }
    // And the JSON still carries the original text, as escapes
    expect(JSON.parse(readFileSync(join(project.dir, 'export.json'), 'utf8')).incident.title).toBe(`T ${HOSTILE}`);
    // And a recorded scenario is the same YAML on stdout and in its file, its strings the original text
    const printed = await as(['scenario', 'record', id]);
    const written = await as(['scenario', 'record', id, '-o', 'recorded.yaml']);
    expect([printed.exitCode, written.exitCode], printed.stderr + written.stderr).toEqual([0, 0]);
    const yaml = readFileSync(join(project.dir, 'recorded.yaml'), 'utf8');
    expect(yaml.replace(/\n$/, '')).toBe(printed.stdout);
    expect(rawIn(yaml)).toEqual([]);
    const scenario = parseYaml(yaml) as { incident: { title: string }; injects: { kind: string; summary: string }[] };
    expect(scenario.incident.title).toBe(`T ${HOSTILE}`);
    expect(scenario.injects.find((e) => e.kind === 'note')?.summary).toBe(HOSTILE);
  }, patience(120_000));
});
