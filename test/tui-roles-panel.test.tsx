import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentState } from '../src/core/incident-state.js';
import type { RosterFile } from '../src/core/schemas/roster.js';
import RolesPanel, { roleColumnWidth } from '../src/ui/components/RolesPanel.js';
import { textWidth } from '../src/ui/fit-line.js';
import { mount, type Mounted } from './tui-harness.js';

const SINCE = '2026-03-01T10:00:00.000Z';
const ROLES = ['commander', 'model_owner', 'incident_commander_deputy_for_emea', 'communicator', 'legal'];

/** The two fields the panel reads, with a custom role held by someone whose id, name and contact are all long. */
const state = {
  roles: {
    commander: { person: 'priya', since: SINCE },
    incident_commander_deputy_for_emea: { person: 'bartholomew-featherstonehaugh', since: '2026-03-01T10:01:00.000Z' },
    legal: { person: 'ghost', since: SINCE },
  },
  roleHistory: [{ role: 'commander', person: 'priya', from: SINCE, to: null, handoff: true }],
} as unknown as IncidentState;

const roster = {
  people: {
    priya: { name: 'Priya Raghunathan-Venkataraman', contact: 'slack:@priya.raghunathan-venkataraman', roles: ['commander'] },
    'bartholomew-featherstonehaugh': { name: 'Bartholomew Featherstonehaugh-Cholmondeley', contact: 'pager:+4420794600000', roles: [] },
  },
  oncall: { commander: ['priya', 'sam', 'lee'], communicator: ['dan'] },
} as unknown as RosterFile;

function panel(width: number): string[] {
  const ui = render(<RolesPanel state={state} roles={ROLES} roster={roster} selected={0} width={width} height={16} focused />);
  const lines = stripVTControlCharacters(ui.lastFrame() ?? '').split('\n');
  ui.unmount();
  return lines;
}

describe('the Roles panel lays out cleanly at any width', () => {
  for (const width of [40, 80, 120, 160, 200]) {
    it(`at ${width} columns: one line per role and one for its backups, holders in one column, nothing run together`, () => {
      const lines = panel(width);
      const roleW = roleColumnWidth(ROLES, width);
      const col = 2 + roleW + 2;
      for (const l of lines) expect(textWidth(l), `${width}: ${l}`).toBeLessThanOrEqual(width);
      expect(lines[0]).toBe('Roles  (Enter assign · h hand off)');
      ROLES.forEach((role, i) => {
        const row = lines[1 + 2 * i]!;
        const backups = lines[2 + 2 * i]!;
        // The role fills its column (whole, or cut with …) and two spaces part it from the holder
        const cell = row.slice(2, 2 + roleW).trimEnd();
        expect(role.length <= roleW ? cell === role : cell.endsWith('…') && role.startsWith(cell.slice(0, -1)), `${width}: ${row}`).toBe(true);
        expect(row.slice(2 + roleW, col), `${width}: ${row}`).toBe('  ');
        expect(row[col], `${width}: ${row}`).not.toBe(' ');
        expect(backups.slice(0, col).trim(), `${width}: ${backups}`).toBe('');
        expect(backups.slice(col)).toMatch(/^backups: /);
      });
      expect(lines[1]!.startsWith('› commander')).toBe(true);
      expect(lines[1]!.slice(col)).toMatch(/^priya /);
      expect(lines[3]!.slice(col)).toBe('UNASSIGNED');
      expect(lines[5]!.slice(col)).toMatch(/^bartholomew-feather/);
      // Someone not in the roster says so
      if (width >= 80) expect(lines[9]!.slice(col)).toMatch(/^ghost {2}\(not in roster\)/);
      expect(lines[11]).toBe('handoffs: commander→priya 10:00:00');
    });
  }

  it('keeps the contact over the name and the name over the time when space runs short', () => {
    expect(panel(200)[1]).toMatch(/priya Priya Raghunathan-Venkataraman {2}slack:@priya\.raghunathan-venkataraman {2}since 10:00:00$/);
    expect(panel(120)[1]).toMatch(/priya Priya Raghunathan-Venkataraman {2}slack:@priya\.raghunathan-venkataraman$/);
    expect(panel(80)[1]).toMatch(/priya {2}slack:@priya\.raghunathan-venkataraman$/);
    expect(panel(40)[1]).toMatch(/priya {2}slack:@priya\.rag…$/);
  });
});

describe('the Roles panel on the incident screen', () => {
  let m: Mounted | undefined;
  afterEach(async () => {
    await m?.cleanup();
    m = undefined;
  });

  for (const columns of [80, 120, 160, 200]) {
    it(`at ${columns} columns shows each role with its holder apart from it, beside the steps from 120 and on its own tab`, async () => {
      m = await mount({ size: { columns, rows: 30 }, start: { trigger: 'data_leakage', title: 'Tenant B saw Tenant A invoices', service: 'assistant-eu', assignOncall: true } });
      const framed = async () => {
        const f = await m!.waitFor(/commander +alice/);
        for (const l of f.split('\n')) expect(textWidth(l), `${columns}: ${l}`).toBeLessThanOrEqual(columns);
        expect(f).not.toMatch(/commander(alice|dan)/);
        expect(f).toMatch(/model_owner +carol/);
        return f;
      };
      if (columns >= 120) {
        const f = await framed();
        // Beside the steps: the panel's rows all start in one column
        const row = / {2}(commander|model_owner|reviewer|communicator) {2,}\S/;
        const starts = f.split('\n').filter((l) => row.test(l)).map((l) => l.search(row));
        expect(starts, f).toHaveLength(4);
        expect(new Set(starts).size, `${JSON.stringify(starts)}\n${f}`).toBe(1);
      }
      // On its own tab, at the screen's full width
      await m.press('2');
      await m.waitFor('Roles  (Enter assign · h hand off)');
      const tab = await framed();
      expect(tab).toMatch(/› commander +alice Alice Ng {2}slack:@alice {2}since 10:00:00/);
    });
  }
});
