import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/project.js';

// The golden page is the exporter's output byte for byte (test/export-golden.test.ts holds that).
const page = readFileSync(join(REPO, 'test', 'golden', 'recorded-incident.html'), 'utf8');
const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('the HTML export allows its own style and script by hash only (issue 17)', () => {
  it("has no 'unsafe-inline', and the CSP names the hash of each inline block, which nothing else matches", () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)![1]!;
    expect(csp).not.toMatch(/unsafe-inline/);
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`style-src ${hash(styles[0]!)};`);
    expect(csp).toContain(`script-src ${hash(scripts[0]!)};`);
    expect(csp).not.toContain(hash(`${scripts[0]!};alert(1)`));
    expect(page).not.toMatch(/\son[a-z]+=|\sstyle="/);
  });
});
