import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiops } from './helpers/cli.js';
// The incident with markers is written in-process; the exports chromium renders come from the binary.
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { type RecordedIncident, recordIncident } from './helpers/recorded-incident.js';
import { needProgram } from './helpers/system-programs.js';

// Skips (said once for the run) without chromium; under CI=true a missing chromium fails here instead.
const browser = needProgram('chromium');
const CHROMIUM = browser.path ?? 'chromium';
let rec: RecordedIncident;
let work: string;
let html: string;

/** Runs Debian's chromium headless on a local file, offline, in a throwaway profile. */
async function chromium(file: string, mode: string[]): Promise<{ stdout: string; stderr: string }> {
  const profile = mkdtempSync(join(work, 'profile-'));
  const r = await execa(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--enable-logging=stderr',
      '--v=0',
      ...mode,
      `file://${file}`,
    ],
    { reject: false, timeout: 60_000, cwd: work },
  );
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return { stdout: String(r.stdout), stderr: String(r.stderr) };
}

const consoleLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes(':CONSOLE'));

beforeAll(async () => {
  if (browser.skip) return;
  work = mkdtempSync(join(tmpdir(), 'aiops-html-'));
  rec = await recordIncident();
  html = join(work, 'postmortem.html');
  const r = await aiops({ dir: rec.dir, stateDir: join(rec.dir, 'state') }, ['export', rec.id, '-o', html]);
  expect(r.exitCode, r.stderr).toBe(0);
});
afterAll(() => {
  rec?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(browser.skip)('the HTML export in headless chromium', () => {
  it('is one self-contained file: no external scripts, styles, images or links', () => {
    const text = readFileSync(html, 'utf8');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain("default-src 'none'");
    expect(text).not.toMatch(/<link\b/i);
    expect(text).not.toMatch(/\bsrc\s*=/i);
    for (const [, href] of text.matchAll(/href="([^"]*)"/g)) expect(href!.startsWith('#')).toBe(true);
  });

  it('renders, runs its script without console errors, and shows every event', async () => {
    const { stdout, stderr } = await chromium(html, ['--dump-dom']);
    expect(consoleLines(stderr)).toEqual([]);
    expect(stdout).toContain('data-ready="yes"');
    expect(stdout).toMatch(/id="shown">40</);
    expect(stdout).toContain('Evidence verified');
    expect(stdout).toContain('<svg class="lanes"');
  });

  it('takes a non-empty screenshot', async () => {
    const png = join(work, 'shot.png');
    await chromium(html, ['--window-size=1280,1600', `--screenshot=${png}`]);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(1280);
    // A blank page compresses to a few KB; text, tables and lanes do not
    expect(statSync(png).size).toBeGreaterThan(40_000);
  });

  it('filters the timeline by role and by type in the browser', async () => {
    // Given the export plus a script that unticks the "note" type and the "system" lane, as a reader would
    const driven = join(work, 'filtered.html');
    const clicks = `
      for (const v of ['note']) document.querySelector('input[name="kind"][value="' + v + '"]').click();
      for (const v of ['system']) document.querySelector('input[name="lane"][value="' + v + '"]').click();
      document.body.setAttribute('data-rows', String(document.querySelectorAll('tbody tr[data-kind]:not(.off)').length));
    `;
    // The page's CSP allows only its own script by hash: the reader's script is allowed by its own hash
    const hash = createHash('sha256').update(clicks).digest('base64');
    const page = readFileSync(html, 'utf8').replace("script-src ", `script-src 'sha256-${hash}' `).replace('</body>', `<script>${clicks}</script></body>`);
    writeFileSync(driven, page);
    // When chromium runs it
    const { stdout, stderr } = await chromium(driven, ['--dump-dom']);
    // Then 1 note and the 2 system entries are hidden from the table and the count says so
    expect(consoleLines(stderr)).toEqual([]);
    expect(stdout).toContain('data-rows="37"');
    expect(stdout).toMatch(/id="shown">37</);
  });

  it('shows a bidi override or an invisible character in a title or note as its marker, which the browser keeps as text', async () => {
    // Given an incident whose title and note hold a right-to-left override, a zero-width space and an ESC
    const p = { dir: rec.dir, stateDir: join(rec.dir, 'state') };
    const started = await aiopsInProcess(p, ['incident', 'start', '--title', 'pay \u202eevil', '--service', 'svc\u200bx', '--no-tui', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    expect((await aiopsInProcess(p, ['incident', 'note', id, 'see \u001b[31mred'], { as: 'alice' })).exitCode).toBe(0);
    const file = join(work, 'markers.html');
    expect((await aiops(p, ['export', id, '-o', file])).exitCode).toBe(0);
    // When chromium renders it
    const { stdout } = await chromium(file, ['--dump-dom']);
    // Then each marker is text on the page (serialised escaped), never an element that hides it
    expect(stdout).toContain('pay &lt;U+202E&gt;evil');
    expect(stdout).toContain('svc&lt;U+200B&gt;x');
    expect(stdout).toContain('see ␛[31mred');
    expect(stdout).not.toMatch(/<u\+/i);
  });
});
