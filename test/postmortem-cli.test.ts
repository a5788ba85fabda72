import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiops, type CliResult } from './helpers/cli.js';
import { aiopsInProcess } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

// One incident worked through the CLI as a commander would after the fact: the postmortem fields,
// action items, a mitigation left in place, then the export. In-process (a walk of many commands);
// the approval that runs the pause hook goes through the built binary itself.
let project: TempProject;
let id: string;
const T0 = '2026-03-14T02:00:00.000Z';
const run = (args: string[], as = 'alice', now = T0): Promise<CliResult> => aiopsInProcess(project, args, { as, env: { AIOPS_NOW: now } });
const ok = async (args: string[], as?: string, now?: string) => {
  const r = await run(args, as, now);
  expect(r.exitCode, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
};

beforeAll(async () => {
  project = makeProject({ withScenarios: false });
  id = (await ok(['incident', 'start', '--trigger', 'data_leakage', '--title', 'Invoices leak', '--service', 'assistant-eu', '--json'])).json().incident.id;
  // The pause hook runs (pause-feature has an undo in aiops.yaml) and is never undone.
  const approved = await aiops(project, ['incident', 'approve', id, 'pause'], { as: 'alice', env: { AIOPS_NOW: T0 } });
  expect(approved.exitCode, approved.stderr).toBe(0);
}, patience(60_000));
afterAll(() => project?.cleanup());

describe('the postmortem through the CLI', () => {
  it('records impact, findings and action items; lists them with overdue flags; refuses people without a role', async () => {
    // Given the commander records impact and findings
    const impact = await ok(['incident', 'impact', id, 'Tenant B saw Tenant A invoices', '--affected', 'tenant-b users', '--duration', '42 minutes']);
    expect(impact.stdout).toContain('Impact recorded by alice: Tenant B saw Tenant A invoices - affected: tenant-b users - for 42 minutes');
    await ok(['incident', 'review', id, '--cause', 'Chunker v2.14 dropped tenant_id', '--factor', 'no tenant filter test', '--went-well', 'paused within 2 minutes', '--went-badly', 'reviewer paged late']);
    // When two action items are added, one closed by its id in lower case
    const added = (await ok(['action', 'add', id, 'Add a tenant filter test', '--owner', 'carol', '--due', '7d', '--json'])).json();
    expect(added.action).toBe('A1');
    await ok(['action', 'add', id, 'Alert on metadata loss', '--owner', 'bob', '--due', '2026-03-15']);
    await ok(['action', 'close', id, 'a1', '--note', 'test merged']);
    // Then the list shows both, the open one overdue a week later
    const list = await ok(['action', 'list', id], 'alice', '2026-03-21T00:00:00.000Z');
    expect(list.stdout).toContain('[x] A1  Add a tenant filter test — owner carol, due 2026-03-21, closed by alice: test merged');
    expect(list.stdout).toContain('[ ] A2  Alert on metadata loss — owner bob, due 2026-03-15 (OVERDUE)');
    const open = (await ok(['action', 'list', id, '--open', '--json'])).json();
    expect(open.actions.map((a: { id: string }) => a.id)).toEqual(['A2']);
    // And bad input and people holding no role are told why
    const badDue = await run(['action', 'add', id, 'x', '--owner', 'bob', '--due', 'soon']);
    expect(badDue.exitCode).toBe(2);
    expect(badDue.stderr).toContain('--due soon is neither a duration from now');
    const again = await run(['action', 'close', id, 'A1']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('action item A1 was already closed by alice');
    const noRole = await run(['incident', 'impact', id, 'x'], 'bob');
    expect(noRole.exitCode).toBe(3);
    expect(noRole.stderr).toContain('bob holds no role in');
  }, patience(60_000));

  it('flags the mitigation still in effect at close, and the export leads with the postmortem', async () => {
    // Given the incident is resolved and closed with pause-feature never undone
    await ok(['incident', 'status', id, 'resolved']);
    const close = await ok(['incident', 'close', id, '--summary', 'Index rebuild dropped tenant metadata']);
    expect(close.stderr).toMatch(/warning: mitigation still in effect: pause-feature since 2026-03-14 \d\d:\d\d UTC \(run-1 of step pause\), its undo resume-feature never ran/);
    // And a refusal after close (it stays in the audit appendix)
    expect((await run(['incident', 'severity', id, 'SEV3', '--reason', 'late'])).exitCode).toBe(3);
    // When it is exported as Markdown
    const md = (await ok(['export', id])).stdout;
    // Then the reader meets summary, impact, cause, findings, action items and mitigations before any detail
    const order = ['## Summary', '## Impact', '## Root cause and contributing factors', '## Action items', '## Mitigations still in effect', '## What went well', '## What went badly', '## Key events', '## Details', '## Appendix A: full audit timeline', '## Appendix B: evidence'];
    const at = order.map((h) => md.indexOf(h));
    expect(at.every((i) => i >= 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const body = md.slice(0, md.indexOf('## Appendix A'));
    expect(body).toContain('Index rebuild dropped tenant metadata');
    expect(body).toContain('- **Affected:** tenant-b users');
    expect(body).toContain('**Root cause:** Chunker v2.14 dropped tenant\\_id');
    expect(body).toContain('- [x] **A1** Add a tenant filter test — owner carol, due 2026-03-21');
    expect(body).toContain('- [ ] **A2** Alert on metadata loss — owner bob, due 2026-03-15');
    expect(body).toMatch(/- \*\*pause-feature\*\* still in effect since 2026-03-14 \d\d:\d\d:\d\d \(run-1\); its undo is resume-feature/);
    expect(body).toContain('alice took commander (started the incident)');
    expect(body).not.toContain('Refused');
    expect(md.slice(md.indexOf('## Appendix A'))).toContain('Refused by policy (incident.closed)');
    // And the JSON export carries the same, in version 2
    const doc = (await ok(['export', id, '--format', 'json'])).json();
    expect(doc.version).toBe(2);
    expect(doc.postmortem.impact).toEqual({ text: 'Tenant B saw Tenant A invoices', affected: 'tenant-b users', duration: '42 minutes', by: 'alice' });
    expect(doc.postmortem.factors).toEqual(['no tenant filter test']);
    expect(doc.postmortem.actionItems.map((a: { id: string; closed: unknown }) => [a.id, a.closed !== null])).toEqual([['A1', true], ['A2', false]]);
    expect(doc.postmortem.mitigationsInEffect.map((m: { hook: string; undo: string }) => `${m.hook}/${m.undo}`)).toEqual(['pause-feature/resume-feature']);
    expect(doc.postmortem.keyEvents.some((k: { text: string }) => k.text.startsWith('Refused'))).toBe(false);
    // And the HTML export has the checklist
    const html = (await ok(['export', id, '--format', 'html'])).stdout;
    expect(html).toContain('<input type="checkbox" disabled checked> <strong>A1</strong>');
    expect(html).toContain('<h2>Mitigations still in effect</h2>');
  }, patience(60_000));
});
