import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { act } from '../src/app/act.js';
import { fitParts, textWidth } from '../src/ui/fit-line.js';
import { identityLine } from '../src/ui/components/Header.js';
import { CURSOR_BAR, CURSOR_BLOCK } from '../src/ui/components/TextPrompt.js';
import { REPO } from './helpers/project.js';
import { mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

const longStart = {
  trigger: 'wrong_tenant_context',
  title: 'Tenant B saw Tenant A invoices in the assistant',
  service: 'assistant-eu-west-tenant-b',
  assignOncall: true,
};

describe('the header keeps to one line per row', () => {
  for (const size of [{ columns: 80, rows: 24 }, { columns: 50, rows: 20 }]) {
    it(`cuts a long title and service with … at ${size.columns}x${size.rows}, and the tab bar stays on row 3`, async () => {
      m = await mount({ start: longStart, size });
      const lines = m.frame().split('\n');
      for (const l of lines.slice(0, 3)) expect(textWidth(l)).toBeLessThanOrEqual(size.columns);
      expect(lines[0]).toMatch(/^INC-2026-0001 {2}SEV1 {2}OPEN/);
      expect(lines[1]).toContain('…');
      expect(lines[1]).toMatch(/alice \(commander\)$/);
      expect(lines[2]).toMatch(/^ 1 Step/);
      expect(lines[2]).toMatch(/\? help$/);
    });
  }

  it('keeps the incident id whole at 40 columns, dropping the alert badge and the clock first', async () => {
    const raw = readFileSync(join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json'));
    m = await mount({ start: { alert: { file: 'alert.json', raw } }, size: { columns: 40, rows: 20 } });
    const first = m.frame().split('\n')[0]!;
    expect(textWidth(first)).toBeLessThanOrEqual(40);
    expect(first).toMatch(/^INC-2026-0001 {2}SEV1 {2}OPEN/);
  });

  it('fits every width from 40 to 160 columns', () => {
    const title = 'Tenant B saw Tenant A invoices in the assistant — 请求 📄';
    const service = 'assistant-eu-west-tenant-b';
    for (let w = 40; w <= 160; w++) {
      const { left, right } = identityLine(`${title} · ${service}`, title, service, 'alice', ['commander', 'model_owner'], w);
      expect(textWidth(left) + 1 + textWidth(right), `width ${w}`).toBeLessThanOrEqual(w);
      expect(right).toContain('alice');
      const parts = fitParts(
        [
          { id: 'id', text: 'DRILL-2026-0001', priority: 5 },
          { id: 'sev', text: ' SEV1 ', priority: 4, gap: 1 },
          { id: 'status', text: 'MITIGATED', priority: 3, gap: 1 },
          { id: 'elapsed', text: '123:00:00', priority: 1 },
          { id: 'playbook', text: 'data-leakage-with-a-long-name@1.2.0', priority: 0, minWidth: 8 },
        ],
        w,
      );
      const used = parts.reduce((n, p, i) => n + textWidth(p.text) + (i ? (p.gap ?? 2) : 0), 0);
      expect(used, `width ${w}`).toBeLessThanOrEqual(w);
      expect(parts.map((p) => p.id).slice(0, 3)).toEqual(['id', 'sev', 'status']);
    }
  });
});

describe('text prompts', () => {
  it('show where typing goes, at the end and after moving left (NO_COLOR: a glyph)', async () => {
    m = await mount();
    await m.press('n');
    const empty = await m.waitFor('What should the log remember?');
    expect(empty).toContain(`│${CURSOR_BLOCK} `);
    await m.press('hello');
    await m.waitFor(`hello${CURSOR_BLOCK}`);
    await m.press('\u001B[D', '\u001B[D');
    await m.waitFor(`hel${CURSOR_BAR}lo`);
    await m.press('p');
    await m.waitFor(`help${CURSOR_BAR}lo`);
  });
});

describe('leaving', () => {
  it('leaves one clean line on the terminal instead of the last dialog', async () => {
    m = await mount();
    await m.press('q');
    await m.waitFor('Leave INC-2026-0001? It stays open.');
    await m.press('y');
    const f = await m.waitFor('left INC-2026-0001');
    expect(f.trim()).toBe('left INC-2026-0001 (open); resume with: aiops incident resume INC-2026-0001');
  });

  it('leaves a closed incident at once with the same line', async () => {
    m = await mount({
      setup: async (s, id) => {
        await act(s, id, { kind: 'status', to: 'resolved' });
        await act(s, id, { kind: 'status', to: 'closed', summary: 'done' });
      },
    });
    await m.waitFor('CLOSED');
    await m.press('q');
    const f = await m.waitFor('left INC-2026-0001 (closed)');
    expect(f.split('\n')).toHaveLength(1);
  });
});
