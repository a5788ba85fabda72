import { afterEach, describe, expect, it } from 'vitest';
import { LiveLines } from '../src/hooks/output-capture.js';
import { makeRedactor } from '../src/hooks/redact.js';
import { makeFullRedactor, presetFinder, presetRanges } from '../src/hooks/redact-preset.js';
import { aiopsInProcess as cli } from './helpers/cli-in-process.js';
import { runPrintingHook } from './helpers/printing-hook.js';
import type { TempProject } from './helpers/project.js';

// Secrets in the formats of secretlint's recommended preset (none of them is in our supplement list).
const AWS_KEY_ID = 'AKIAZ7Q3XK2MPL4RT9VW';
const AWS_SECRET = 'Zq8vLm2pRtXw4Yb6Nc0Ud3Ke5Jf7Hg9Ia1Sb2Tc3';
const GITHUB = 'ghp_Zq8vLm2pRtXw4Yb6Nc0Ud3Ke5Jf7Hg9Ia1Sb';
const GITHUB_FINE = `github_pat_${'Zq8vLm2pRtXw4Yb6Nc0Ud3Ke5Jf7Hg9Ia1Sb2Tc3Ud4'.repeat(2)}`.slice(0, 93);
const SLACK = 'xoxb-1234567890-Zq8vLm2pRtXw';
const SLACK_HOOK = 'https://hooks.slack.com/services/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';
const OPENAI = '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';
const ANTHROPIC = `sk-ant-api03-${'Zq8_'.repeat(24)}AA`;
const NPM = 'npm_Zq8vLm2pRtXw4Yb6Nc0Ud3Ke5Jf7Hg9Ia1Sb';
const BASIC_AUTH = 'https://deploy:Zq8vLm2pRt@git.example.com';
const KEY_BODY = `MIIEowIBAAKCAQEA${'u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun'.repeat(4)}`.match(/.{1,64}/g)!;
const PRIVATE_KEY = ['-----BEGIN RSA PRIVATE KEY-----', ...KEY_BODY, '-----END RSA PRIVATE KEY-----'].join('\n');

const ORDINARY = [
  'deploy step 42 updated web-frontend to 1.2.3 (see https://status.example.com/incidents/42)',
  '3 pods restarted; sha 4f2a9c1e at 2026-03-14T02:00:00Z; user=bob; /var/log/app.log',
  'curl https://api.internal:8443/v1/health -> 200 OK',
];

const OUTPUT = [
  ORDINARY[0],
  // Hostile output cannot switch redaction off with secretlint's own comments
  '# secretlint-disable',
  `aws key ${AWS_KEY_ID}`,
  `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`,
  `github ${GITHUB} and ${GITHUB_FINE}`,
  `slack ${SLACK} via ${SLACK_HOOK}`,
  `openai ${OPENAI}`,
  `anthropic ${ANTHROPIC}`,
  `npm ${NPM}`,
  `clone ${BASIC_AUTH}/team/repo.git done`,
  PRIVATE_KEY,
  ORDINARY[1],
  ORDINARY[2],
].join('\n');

const ALL = [AWS_KEY_ID, AWS_SECRET, GITHUB, GITHUB_FINE, SLACK, SLACK_HOOK.slice('https://hooks.slack.com/services/'.length), OPENAI, ANTHROPIC, NPM, 'Zq8vLm2pRt', ...KEY_BODY];
/** No run of 8 characters of any secret is left. */
function expectNoSecret(text: string): void {
  for (const s of ALL) for (let i = 0; i + 8 <= s.length; i += 4) expect(text, s).not.toContain(s.slice(i, i + 8));
}

const EXPECTED = [
  ORDINARY[0],
  '# secretlint-disable',
  'aws key [REDACTED]',
  '[REDACTED]',
  'github [REDACTED] and [REDACTED]',
  'slack [REDACTED] via [REDACTED]',
  'openai [REDACTED]',
  'anthropic [REDACTED]',
  'npm [REDACTED]',
  'clone [REDACTED]/team/repo.git done',
  ...Array(KEY_BODY.length + 2).fill('[REDACTED]'),
  ORDINARY[1],
  ORDINARY[2],
].join('\n');

describe("secretlint's recommended preset redacts hook output", () => {
  it('finds every category of the preset, leaves ordinary text as it was', async () => {
    // Without the preset (the supplement list alone) these secrets would stay
    expect(makeRedactor()(OUTPUT)).toContain(GITHUB);
    expect(await makeFullRedactor()(OUTPUT)).toBe(EXPECTED);
    const plain = `${ORDINARY.join('\n')}\n\u001b[32mgreen\u001b[0m\r\n`;
    expect(await makeFullRedactor()(plain)).toBe(plain);
  });

  it('hides the whole AWS secret key although secretlint reports a range starting at its name', async () => {
    const text = `export aws_secret_access_key = "${AWS_SECRET}" # rotated`;
    const [[s, e]] = await presetRanges(text);
    expect(text.slice(s, e)).toContain(AWS_SECRET);
    expect(await makeFullRedactor()(text)).toBe('export [REDACTED]" # rotated');
  });

  it('keeps ranges right after a byte-order mark, which secretlint strips', async () => {
    expect(await makeFullRedactor()(`\ufeff${GITHUB} x`)).toBe('\ufeff[REDACTED] x');
  });

  it('shows live lines in order, redacted, whether a secret came in one chunk or two', async () => {
    const shown: string[] = [];
    const live = new LiveLines((t) => shown.push(t), makeFullRedactor());
    live.push(Buffer.from(`ok\naws ${AWS_KEY_ID.slice(0, 9)}`));
    live.push(Buffer.from(`${AWS_KEY_ID.slice(9)} done\n${ORDINARY[2]}\nwrapped ${GITHUB.slice(0, 12)}\n${GITHUB.slice(12)}\n`));
    live.push(Buffer.from('tail'));
    live.end();
    await live.drained();
    expect(shown).toEqual(['ok\n', 'aws [REDACTED] done\n', `${ORDINARY[2]}\n`, 'wrapped [REDACTED]\n', '[REDACTED]\n', 'tail\n']);
  });

  it('hides live lines it could not redact rather than show them as they came', async () => {
    const shown: string[] = [];
    const failing = Object.assign(makeFullRedactor(), { lines: () => Promise.reject(new Error('secretlint did not load')) });
    const live = new LiveLines((t) => shown.push(t), failing);
    live.push(Buffer.from(`aws ${AWS_KEY_ID}\nok\n`));
    await live.drained();
    expect(shown).toEqual(['[REDACTED]\n', '[REDACTED]\n']);
  });
});

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('the preset finder (what the export scans an incident with)', () => {
  it('scans a repeated text once and still reports every secret, in the first text or the thousandth', async () => {
    const finder = presetFinder();
    // A hook's output repeated on every retry, an alert's labels on every repeat
    for (let i = 0; i < 2000; i++) finder.add({ stdout: `${ORDINARY[i % 3]}\ntoken ${GITHUB}`, labels: { team: 'billing' } });
    finder.add({ note: `late: ${NPM}` });
    expect((await finder.finds()).sort()).toEqual([GITHUB, NPM].sort());
  });

  it('keeps scanning after the memory of scanned texts is full: a secret past 4 MB of distinct text is found', async () => {
    const finder = presetFinder();
    const filler = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 70; i++) finder.add(`${i} ${filler}`);
    finder.add(`deploy with ${SLACK}`);
    // The same text again after the memory started over is harmless: found once
    for (let i = 0; i < 70; i++) finder.add(`${i} ${filler}`);
    finder.add(`deploy with ${SLACK}`);
    expect(await finder.finds()).toEqual([SLACK]);
  });
});

describe('a hook printing secrets in the preset categories, through the CLI', () => {
  it('records and shows them redacted, and its ordinary lines as they were', async () => {
    // Given a hook that prints them
    const run = await runPrintingHook(OUTPUT);
    project = run.project;
    const { id, ran } = run;
    expect(ran.exitCode, ran.stderr).toBe(0);
    // Then the log holds its output redacted, ordinary lines untouched
    const evidence = await cli(project, ['evidence', 'export', id]);
    const finished = evidence.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.type === 'hook.finished');
    expect(finished.payload.stdout).toBe(`${EXPECTED}\n`);
    // And nothing shown live, stored or exported holds a secret
    const md = await cli(project, ['export', id, '--format', 'md']);
    for (const text of [ran.stdout, ran.stderr, evidence.stdout, md.stdout]) expectNoSecret(text);
    expect(ran.stderr).toContain('github [REDACTED] and [REDACTED]');
    expect(ran.stderr).toContain(ORDINARY[1]);
  });
});
