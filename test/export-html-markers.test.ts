import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('the HTML export and the characters the sanitiser marks', () => {
  it('escapes the marker itself: <U+202E> reaches the page as &lt;U+202E&gt;, so a browser cannot swallow it as a tag', async () => {
    // Given an incident whose title, service and note hold a bidi override, invisible characters and an ESC
    project = makeProject({ withScenarios: false });
    const p = project;
    const started = await aiops(p, ['incident', 'start', '--title', 'pay \u202eevil \u2066x\u2069', '--service', 'svc\u200bx\ufeff', '--no-tui', '--json'], { as: 'alice' });
    expect(started.exitCode, started.stderr).toBe(0);
    const id = started.json().incident.id as string;
    expect((await aiops(p, ['incident', 'note', id, 'see \u001b[31mred & <b>bold</b>'], { as: 'alice' })).exitCode).toBe(0);
    // When it is exported to HTML
    const file = join(p.dir, 'x.html');
    const r = await aiops(p, ['export', id, '-o', file]);
    expect(r.exitCode, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    // Then every marker is escaped text, in the title, the heading, the facts and the timeline
    expect(html).toContain('pay &lt;U+202E&gt;evil &lt;U+2066&gt;x&lt;U+2069&gt;');
    expect(html).toContain('svc&lt;U+200B&gt;x&lt;U+FEFF&gt;');
    expect(html).toContain('see ␛[31mred &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toMatch(/<U\+/);
    // And no raw control or invisible character is left in the file
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u001b\u202e\u2066\u2069\u200b\ufeff]/);
  });
});
