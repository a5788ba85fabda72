import { afterEach, describe, expect, it } from 'vitest';
import { makeFullRedactor } from '../src/hooks/redact-preset.js';
import { aiopsInProcess as cli } from './helpers/cli-in-process.js';
import { runPrintingHook } from './helpers/printing-hook.js';
import type { TempProject } from './helpers/project.js';

// What a terminal shows whole, though the bytes are not contiguous.
const ESC = '\u001b';
const SPLIT_OUTPUT = [
  'wrapped AKIAZ7Q3XK2M',
  'PL4RT9VW and more',
  `* colour sk-abcdefghij${ESC}[1m0123456789T3Blbk${ESC}[0mFJabcdefghij0123456789`,
  `* hidden ghp_abcdefghijklmno\u200bpqrstuvwxyz0123456789`,
  `* title ghp_ZYXWVUTSRQPONML${ESC}]0;x${ESC}\\KJIHGFEDCBA9876543210`,
  '* config password=correct-horse-battery',
  'user=bob',
].join('\n');
// The secret each line hides, reassembled as a reader would see it.
// (secretlint's own formats: an AWS access key id, an OpenAI key, GitHub tokens of exactly 36 characters)
const SEEN = ['sk-abcdefghij0123456789T3BlbkFJabcdefghij0123456789', 'AKIAZ7Q3XK2MPL4RT9VW', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210'];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b\[[0-?]*[ -/]*[@-~]/g;
// What a reader sees, reassembled: escapes as a terminal, JSON (\u001b, \n) or markdown (\[, \_) spell them removed.
const seen = (text: string) =>
  text
    .replace(ANSI, '')
    .replace(/\\u001b/g, '␛')
    .replace(/\\[nr]/g, '')
    .replace(/\\(?=[^\w\s])/g, '')
    .replace(/[\u200b\r\n]|␛\[[0-9;]*m|␛\]0;x␛\\?/g, '');
// An Anthropic API key as secretlint's preset knows it
const ANTHROPIC = `sk-ant-api03-${'Ab3_'.repeat(24)}AA`;

describe('the one redactor finds secrets a terminal shows whole', () => {
  it('redacts across colour codes, other escapes, zero-width characters and a wrapped line, keeping the lines', async () => {
    const redact = makeFullRedactor();
    const out = await redact(SPLIT_OUTPUT);
    for (const s of SEEN) expect(seen(out), s).not.toContain(s);
    expect(out.split('\n')).toEqual([
      'wrapped [REDACTED]',
      '[REDACTED] and more',
      '* colour [REDACTED]',
      '* hidden [REDACTED]',
      '* title [REDACTED]',
      '* config password=[REDACTED]',
      // a key=value never reaches into the next line
      'user=bob',
    ]);
    // A line ending in a whole secret does not swallow the start of the next line
    expect(await redact('key ghp_abcdefghijklmnopqrstuvwxyz0123456789\nDone')).toBe('key [REDACTED]\nDone');
    expect(await redact('key xoxb-1234567890-abcdefghij\nDone')).toBe('key [REDACTED]\nDone');
    // Text without secrets is left exactly as it was, escapes and all
    const plain = `ok ${ESC}[32mgreen${ESC}[0m\nnext line\r\n`;
    expect(await redact(plain)).toBe(plain);
    // The shell's working directory in a hook's `env` is not a secret; a connection string's Pwd= is
    const env = 'PWD=/srv/hooks/run\nOLDPWD=/home/ops\nDSN=Server=db;Uid=app;Pwd=s3cr3t-pw;\n';
    expect(await redact(env)).toBe('PWD=/srv/hooks/run\nOLDPWD=/home/ops\nDSN=Server=db;Uid=app;Pwd=[REDACTED];\n');
  });

  it('redacts lines of live output seeing the lines beside them', async () => {
    const redact = makeFullRedactor();
    expect(await redact.lines('', ['wrapped AKIAZ7Q3XK2M\n'], 'PL4RT9VW and more\n')).toEqual(['wrapped [REDACTED]\n']);
    expect(await redact.lines('wrapped AKIAZ7Q3XK2M\n', ['PL4RT9VW and more\n'], '')).toEqual(['[REDACTED] and more\n']);
    expect(await redact.lines('', ['wrapped AKIAZ7Q3XK2M\n', 'PL4RT9VW and more\n', 'plain\n'], '')).toEqual(['wrapped [REDACTED]\n', '[REDACTED] and more\n', 'plain\n']);
  });
});

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('a hook printing split secrets, through the CLI', () => {
  it('shows none of them live, stores none, exports none; a note keeps its bytes in the evidence but not in the export', async () => {
    // Given a hook that prints secrets broken by escapes and wrapped lines
    const run = await runPrintingHook(SPLIT_OUTPUT);
    project = run.project;
    const { id, ran } = run;
    expect(ran.exitCode, ran.stderr).toBe(0);
    const note = `key ${ANTHROPIC.slice(0, 30)}${ESC}[1m${ANTHROPIC.slice(30)}${ESC}[0m`;
    expect((await cli(project, ['incident', 'note', id, note], { as: 'alice' })).exitCode).toBe(0);
    const evidence = await cli(project, ['evidence', 'export', id]);
    const finished = evidence.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.type === 'hook.finished');
    const stored = finished.payload.stdout as string;
    const md = await cli(project, ['export', id, '--format', 'md']);
    const json = await cli(project, ['export', id, '--format', 'json']);
    // Then no reader sees a secret: not live, not in the stored output, not in an export
    for (const text of [ran.stdout, ran.stderr, stored, md.stdout, json.stdout]) {
      for (const s of SEEN) expect(seen(text), s).not.toContain(s);
      expect(seen(text)).not.toContain(ANTHROPIC.slice(20));
    }
    expect(stored).toContain('wrapped [REDACTED]');
    expect(stored).toContain('user=bob');
    // live output goes to stderr, line by line
    expect(ran.stderr).toContain('[REDACTED] and more');
    expect(ran.stderr).toContain('wrapped [REDACTED]');
    // And the evidence keeps the note as typed
    expect(evidence.stdout).toContain(JSON.stringify(note).slice(1, -1));
  });
});
