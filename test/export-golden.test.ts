import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIncident } from '../src/app/export-incident.js';
import { renderExport } from '../src/export/render-export.js';
import { buildExport } from '../src/export/build-export.js';
import { ExportDocument, exportJsonSchema } from '../src/export/export-document.js';
import { timeFormatter } from '../src/export/format-time.js';
import { makeRedactor } from '../src/hooks/redact.js';
import { openEventLog } from '../src/store/index.js';
import { aiops } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { expectGolden } from './helpers/golden.js';
import { REPO } from './helpers/project.js';
import { type RecordedIncident, recordIncident } from './helpers/recorded-incident.js';

let rec: RecordedIncident;
// The three format goldens are exported through the binary, byte for byte; the other checks export in-process.
const runBinary = (args: string[]) => aiops({ dir: rec.dir, stateDir: join(rec.dir, 'state') }, args);
const run = (args: string[]) => aiopsInProcess({ dir: rec.dir, stateDir: join(rec.dir, 'state') }, args);

beforeAll(async () => {
  rec = await recordIncident();
});
afterAll(() => rec?.cleanup());

describe('aiops export on the recorded fixture incident (fixed clock)', () => {
  it('records the same incident id and chain on every run', () => {
    expect(rec.id).toBe('INC-2026-0001');
  });

  for (const format of ['md', 'json', 'html'] as const) {
    it(`matches the ${format} golden file byte for byte`, async () => {
      // Given the recorded incident in its own database
      // When it is exported as a user would
      const r = await runBinary(['export', rec.id, '--format', format]);
      // Then the output is exactly the reviewed golden file
      expect(r.exitCode, r.stderr).toBe(0);
      expectGolden(`recorded-incident.${format}`, r.stdout);
    });
  }

  it("answers on its first screen (40 lines) what happened, the impact, the cause and what is left to do", async () => {
    // Given the shipped example incident, closed with impact, review, action items and the pause still on
    // When it is exported as a manager would paste it
    const r = await run(['export', rec.id]);
    expect(r.exitCode, r.stderr).toBe(0);
    const screen = r.stdout.split('\n').slice(0, 40).join('\n');
    // Then the first screen says what happened
    expect(screen).toContain('## Summary\n\nIndex rebuild dropped tenant metadata; 37 cross-tenant answers.');
    // And who was hurt, and for how long
    expect(screen).toContain('## Impact\n\n37 answers to tenant-b users quoted Tenant A invoices');
    expect(screen).toContain('- **Affected:** tenant-b assistant users');
    expect(screen).toContain('- **For how long:** 41 minutes of exposure');
    // And why
    expect(screen).toContain('**Root cause:** Chunker v2.14 dropped tenant\\_id metadata');
    // And what is left to do: the open action items with owners and due dates, and the pause still in effect
    expect(screen).toContain('- [ ] **A2** Make the retrieval filter fail closed when tenant\\_id is missing — owner carol, due 2026-03-29');
    expect(screen).toContain('- [ ] **A3** Re-enable the assistant for tenant-b once the filter fix ships — owner alice, due 2026-03-18');
    expect(screen).toMatch(/## Mitigations still in effect\n\n- \*\*pause-feature\*\* still in effect since 2026-03-14 01:54:00 \(run-1\); its undo is resume-feature/);
    // And the audit log is not what leads
    expect(screen).not.toContain('## Appendix');
  });

  it('writes the same text when rows are rendered as they are read as when the whole document is rendered', async () => {
    const log = await openEventLog(rec.db, { readonly: true });
    try {
      const { events, report } = await log.readVerifiedIncident(rec.id);
      for (const tz of [undefined, 'Europe/Berlin']) {
        const doc = buildExport(events, report, { time: timeFormatter(tz), redact: makeRedactor([]) });
        for (const format of ['md', 'json', 'html'] as const) {
          expect((await exportIncident({ dbPath: rec.db, id: rec.id, format, tz })).parts.join(''), `${format} ${tz ?? 'UTC'}`).toBe(renderExport(doc, format));
        }
      }
    } finally {
      await log.close();
    }
  });

  it('shows local times with --tz and keeps UTC in the JSON instants', async () => {
    const md = await run(['export', rec.id, '--tz', 'Europe/Berlin']);
    expect(md.exitCode, md.stderr).toBe(0);
    expectGolden('recorded-incident.europe-berlin.md', md.stdout);
    expect(md.stdout).toContain('Times are Europe/Berlin local time, each with its offset from UTC.');
    // 01:52:00 UTC on 14 March is 02:52:00 in Berlin (CET, UTC+1)
    expect(md.stdout).toContain('| Opened | 2026-03-14 02:52:00 UTC+01:00 |');
    const json = await run(['export', rec.id, '--format', 'json', '--tz', 'Europe/Berlin']);
    const doc = JSON.parse(json.stdout);
    expect(doc.timeZone).toBe('Europe/Berlin');
    expect(doc.times.opened).toEqual({ at: '2026-03-14T01:52:00.000Z', time: '2026-03-14 02:52:00 UTC+01:00' });
  });

  it('writes a JSON document that its zod schema and the shipped JSON Schema both describe', async () => {
    const r = await run(['export', rec.id, '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = ExportDocument.parse(JSON.parse(r.stdout));
    expect(doc.format).toBe('aiops.incident-export');
    expect(doc.version).toBe(2);
    // The committed schema file is generated from the zod schema (UPDATE_GOLDEN=1 rewrites it), never edited by hand
    const file = join(REPO, 'schemas', 'export.schema.json');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, `${JSON.stringify(exportJsonSchema(), null, 2)}\n`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(exportJsonSchema());
  });

  it('summarises what a postmortem needs: milestones, durations, roles, approvals, hooks', async () => {
    const doc = ExportDocument.parse(JSON.parse((await run(['export', rec.id, '--json'])).stdout));
    expect(doc.durations.toMitigate).toEqual({ ms: 150_000, text: '2 minutes 30 seconds' });
    expect(doc.durations.toResolve).toEqual({ ms: 53 * 60_000, text: '53 minutes' });
    expect(doc.durations.correction?.text).toBe('1 day 1 hour');
    expect(doc.severityHistory.map((s) => s.to)).toEqual(['SEV2', 'SEV1']);
    expect(doc.incident.peakSeverity).toBe('SEV1');
    expect(doc.roles.map((r) => `${r.role}=${r.person}`)).toEqual(['commander=alice', 'reviewer=bob', 'model_owner=carol', 'communicator=dan']);
    expect(doc.counts).toMatchObject({ approvals: 4, denials: 1, overrides: 1, refusals: 1, hookRuns: 3, hookFailures: 1 });
    const denial = doc.timeline.find((e) => e.kind === 'denial')!;
    expect(denial.reason).toBe('Rollback drops two days of documents; fix the filter instead');
    const override = doc.timeline.find((e) => e.kind === 'override')!;
    expect(override.reason).toContain('Bob is on the customer call');
    expect(doc.hooks.map((h) => [h.run, h.ok, h.exitCode])).toEqual([
      ['run-1', true, 0],
      ['run-2', false, 3],
      ['run-3', true, 0],
    ]);
    expect(doc.hooks[0]!.argv).toEqual(['sh', 'hooks/flag.sh', 'disable', '--tenant', 'tenant-b']);
    expect(doc.attachments).toHaveLength(1);
    expect(doc.attachments[0]!.name).toBe('flagged-outputs.txt');
    expect(doc.verification.ok).toBe(true);
    expect(doc.verification.incidentHead.seq).toBe(doc.counts.events);
  });
});
