import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../src/core/hash-chain.js';
import { openEventLog } from '../src/store/index.js';
// Every aiops command here runs in-process (one at a time, checked against the standalone tool, which
// is spawned); the umask test below runs the binary itself.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { aiops as aiopsBinary } from './helpers/cli.js';
import { BIN, makeProject, REPO, type TempProject } from './helpers/project.js';
import { appendTo } from './helpers/seed-log.js';

const VERIFIER = join(REPO, 'tools', 'verify-export.mjs');
let project: TempProject;
let incidentId: string;

function verifyExport(file: string): { code: number; out: string } {
  const r = spawnSync('node', [VERIFIER, file], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout.trim() };
}

/** The standalone tool and `aiops evidence verify-export` on one file: both verdicts, stderr and exit codes. */
async function bothVerify(file: string) {
  const tool = spawnSync('node', [VERIFIER, file], { encoding: 'utf8' });
  // (the CLI in this process: the same program as the binary, which the tests above run)
  const cli = await aiops(project, ['evidence', 'verify-export', file]);
  const json = await aiops(project, ['evidence', 'verify-export', file, '--json']);
  expect(json.exitCode).toBe(cli.exitCode);
  return { tool: { code: tool.status, out: tool.stdout.trim(), err: tool.stderr }, cli: { code: cli.exitCode, out: cli.stdout.trim(), err: cli.stderr }, json: json.json() };
}

/** Lines of an export file with the header's event count (and head) set to what the edited lines hold. */
function rewrite(src: string, dst: string, edit: (events: any[]) => any[], header: (h: any) => any = (h) => h): string {
  const [first, ...rest] = readFileSync(src, 'utf8').trimEnd().split('\n');
  const events = edit(rest.map((l) => JSON.parse(l)));
  const h = header({ ...JSON.parse(first!), events: events.length, head: events.at(-1)?.hash ?? null });
  writeFileSync(dst, [h, ...events].map((x) => `${JSON.stringify(x)}\n`).join(''));
  return dst;
}

function editLine(src: string, dst: string, edit: (lines: string[]) => string[]): string {
  const lines = readFileSync(src, 'utf8').trimEnd().split('\n');
  writeFileSync(dst, `${edit(lines).join('\n')}\n`);
  return dst;
}

beforeAll(async () => {
  project = makeProject();
  const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Tenant "B" saw Ä’s invoices', '--service', 'eu', '--json'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  incidentId = start.json().incident.id;
  await aiops(project, ['incident', 'start', '--trigger', 'unexpected_tool_call', '--title', 'Other', '--service', 'us'], { as: 'dan' });
  const note = await aiops(project, ['incident', 'note', incidentId, 'unicode ✓ \u2028 and "quotes" and \\ backslash 🚨'], { as: 'bob' });
  expect(note.exitCode, note.stderr).toBe(0);
  const approve = await aiops(project, ['incident', 'approve', incidentId, 'pause'], { as: 'alice' });
  expect(approve.exitCode, approve.stderr).toBe(0);
});
afterAll(() => project?.cleanup());

describe('evidence export + tools/verify-export.mjs (no aiops needed)', () => {
  it('the verifier is small and uses only the Node standard library', () => {
    const src = readFileSync(VERIFIER, 'utf8');
    expect(src.split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(90);
    const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((m) => m!.startsWith('node:'))).toBe(true);
  });

  it("README's copy of the verifier is the shipped file, as it says", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const copy = /<summary>tools\/verify-export\.mjs<\/summary>\n\n```js\n([\s\S]*?)```\n/.exec(readme)?.[1];
    expect(copy).toBe(readFileSync(VERIFIER, 'utf8'));
  });

  it('an incident export and a whole-log export both verify, and agree with aiops', async () => {
    // When one incident, and then the whole log, are exported to files
    const one = await aiops(project, ['evidence', 'export', incidentId, '-o', 'one.jsonl']);
    const all = await aiops(project, ['evidence', 'export', '-o', 'all.jsonl']);
    expect(one.exitCode, one.stderr).toBe(0);
    expect(all.exitCode, all.stderr).toBe(0);
    // Then the header states the algorithm and the head, and the standalone verifier accepts both
    const header = JSON.parse(readFileSync(join(project.dir, 'one.jsonl'), 'utf8').split('\n')[0]!);
    expect(header.aiops_evidence_export).toBe(1);
    expect(header.algorithm).toContain('RFC 8785');
    expect(header.incident).toBe(incidentId);
    const a = verifyExport(join(project.dir, 'one.jsonl'));
    const b = verifyExport(join(project.dir, 'all.jsonl'));
    // (a per-incident file passes, but says which links it could not check: another incident's events sit between its own)
    expect(a.code, a.out).toBe(0);
    expect(a.out).toMatch(new RegExp(`^ok: ${header.events} events, head ${header.head}\nnot checked: `));
    expect(b.code, b.out).toBe(0);
    const verify = await aiops(project, ['evidence', 'verify', '--json']);
    expect(b.out).toContain(verify.json().head.hash);
  });

  it('detects an edited line, a reordered line, a dropped line and a truncated tail in an export', async () => {
    await aiops(project, ['evidence', 'export', '-o', 'all.jsonl', '--force']);
    await aiops(project, ['evidence', 'export', incidentId, '-o', 'one.jsonl', '--force']);
    const src = join(project.dir, 'all.jsonl');
    const at = (name: string) => join(project.dir, name);
    const edited = editLine(src, at('edited.jsonl'), (l) => l.map((x, i) => (i === 3 ? x.replace('"actor":"', '"actor":"x') : x)));
    const swapped = editLine(src, at('swapped.jsonl'), (l) => [l[0]!, l[1]!, l[3]!, l[2]!, ...l.slice(4)]);
    const dropped = editLine(src, at('dropped.jsonl'), (l) => l.filter((_, i) => i !== 2));
    const truncated = editLine(src, at('truncated.jsonl'), (l) => l.slice(0, -2));
    expect(verifyExport(edited)).toEqual({ code: 1, out: 'TAMPERED: seq 3: hash mismatch (content edited)' });
    expect(verifyExport(swapped)).toEqual({ code: 1, out: 'TAMPERED: seq 2: missing or moved (found seq 3 in its place)' });
    expect(verifyExport(dropped)).toEqual({ code: 1, out: 'TAMPERED: seq 2: missing or moved (found seq 3 in its place)' });
    const oneSwapped = editLine(join(project.dir, 'one.jsonl'), at('one-swapped.jsonl'), (l) => [l[0]!, l[2]!, l[1]!, ...l.slice(3)]);
    expect(verifyExport(oneSwapped).out).toMatch(/^TAMPERED: seq \d+: out of order \(after seq \d+\)$/);
    expect(verifyExport(truncated).code).toBe(1);
    expect(verifyExport(truncated).out).toMatch(/^TAMPERED: header says \d+ events, file has \d+$/);
  });

  it('an unknown incident is refused with exit 2', async () => {
    const r = await aiops(project, ['evidence', 'export', 'INC-1999-0042']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('incident INC-1999-0042 not found');
  });
});

describe('what an export file can and cannot prove (tools/verify-export.mjs and aiops evidence verify-export agree)', () => {
  const at = (name: string) => join(project.dir, name);
  /** Seqs of `events` whose seq-1 is not among them: links a file cannot check. */
  const unlinked = (events: { seq: number }[]) => events.filter((e) => e.seq > 1 && !events.some((p) => p.seq === e.seq - 1)).map((e) => e.seq);
  const eventsOf = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l));

  beforeAll(async () => {
    expect((await aiops(project, ['evidence', 'export', '-o', 'all.jsonl', '--force'])).exitCode).toBe(0);
    expect((await aiops(project, ['evidence', 'export', incidentId, '-o', 'one.jsonl', '--force'])).exitCode).toBe(0);
  });

  it('an event removed from a per-incident export passes only saying which links it could not check', async () => {
    // Given an incident's export with its approval.granted line removed and the header's count made to match
    const intact = eventsOf(at('one.jsonl'));
    const granted = intact.find((e) => e.type === 'approval.granted')!.seq;
    expect(intact.some((e) => e.seq === granted + 1), 'the event after the approval is the same incident\'s').toBe(true);
    const removed = rewrite(at('one.jsonl'), at('one-removed.jsonl'), (evs) => evs.filter((e) => e.type !== 'approval.granted'));
    const kept = eventsOf(removed);
    const expected = unlinked(kept);
    expect(expected).toContain(granted + 1);
    // When both verifiers check it
    const r = await bothVerify(removed);
    // Then it passes (nothing in the file is wrong), but says which links were unchecked and what proves completeness
    expect(r.tool.code).toBe(0);
    expect(r.cli.code).toBe(0);
    expect(r.cli.out).toBe(r.tool.out);
    const [verdict, unchecked, note] = r.tool.out.split('\n');
    expect(verdict).toBe(`ok: ${kept.length} events, head ${kept.at(-1).hash}`);
    expect(unchecked).toBe(
      `not checked: ${expected.length} of ${kept.length} links, the seq before each is not in this file (another incident's event, or removed): seq ${expected.join(', ')}`,
    );
    expect(note).toContain(`cannot prove none of its events was removed: check the log (aiops evidence verify ${incidentId}), or a whole-log export against a kept head`);
    expect(r.json).toMatchObject({ ok: true, verdict: 'partial', incident: incidentId, events: kept.length, linksChecked: kept.length - expected.length, linksUnchecked: expected });
    // And the intact export has one unchecked link fewer: the removal is what added one
    const whole = await bothVerify(at('one.jsonl'));
    expect(whole.json.linksUnchecked).toEqual(unlinked(intact));
    expect(whole.json.linksUnchecked).not.toContain(granted + 1);
  });

  it('every link a per-incident file holds is checked, and another incident\'s event in it is refused', async () => {
    // Given an event whose previous seq is in the file, re-linked elsewhere with its hash recomputed
    const evs = eventsOf(at('one.jsonl'));
    const victim = evs.find((e, i) => i > 0 && i < evs.length - 1 && evs[i - 1].seq === e.seq - 1)!;
    const relinked = rewrite(at('one.jsonl'), at('one-relinked.jsonl'), (all) =>
      all.map((e) => {
        if (e.seq !== victim.seq) return e;
        const { prev_hash: _old, hash: _hash, ...fields } = e;
        const prev_hash = '1'.repeat(64);
        return { ...e, prev_hash, hash: eventHash(prev_hash, fields) };
      }),
    );
    const r = await bothVerify(relinked);
    expect([r.tool.code, r.cli.code]).toEqual([1, 1]);
    expect(r.tool.out).toBe(`TAMPERED: seq ${victim.seq}: prev_hash does not link to seq ${victim.seq - 1}`);
    expect(r.cli.out).toBe(r.tool.out);
    // Given another incident's (intact) event slipped in among this incident's
    const stranger = eventsOf(at('all.jsonl')).find((e) => e.incident_id !== incidentId)!;
    const mixed = rewrite(at('one.jsonl'), at('one-mixed.jsonl'), (all) => [...all, stranger].sort((a, b) => a.seq - b.seq));
    const m = await bothVerify(mixed);
    expect([m.tool.code, m.cli.code]).toEqual([1, 1]);
    expect(m.tool.out).toBe(`TAMPERED: seq ${stranger.seq}: of incident ${stranger.incident_id}, in an export of ${incidentId}`);
  });

  it('a whole-log export with a missing seq fails, even with its header made to match, and relabelled as one incident\'s', async () => {
    const gap = rewrite(at('all.jsonl'), at('all-gap.jsonl'), (evs) => evs.filter((e) => e.seq !== 3));
    const r = await bothVerify(gap);
    expect([r.tool.code, r.cli.code]).toEqual([1, 1]);
    expect(r.tool.out).toBe('TAMPERED: seq 3: missing or moved (found seq 4 in its place)');
    expect(r.cli.out).toBe(r.tool.out);
    expect(r.json).toMatchObject({ ok: false, verdict: 'tampered' });
    // A whole-log file claiming to be one incident's export holds other incidents' events: refused too
    const relabelled = rewrite(at('all.jsonl'), at('all-relabelled.jsonl'), (evs) => evs.filter((e) => e.seq !== 3), (h) => ({ ...h, incident: incidentId }));
    const l = await bothVerify(relabelled);
    expect([l.tool.code, l.cli.code]).toEqual([1, 1]);
    expect(l.tool.out).toMatch(/^TAMPERED: seq \d+: of incident INC-\d{4}-\d{4}, in an export of /);
    // And the intact whole-log export is a plain ok from both
    const ok = await bothVerify(at('all.jsonl'));
    expect([ok.tool.code, ok.cli.code]).toEqual([0, 0]);
    expect(ok.tool.out).toMatch(/^ok: \d+ events, head [0-9a-f]{64}$/);
    expect(ok.json).toMatchObject({ ok: true, verdict: 'ok', incident: null, linksUnchecked: [] });
  });

  it('an unknown export format is refused, not read as format 1', async () => {
    const v2 = rewrite(at('all.jsonl'), at('all-v2.jsonl'), (evs) => evs, (h) => ({ ...h, aiops_evidence_export: 2 }));
    const r = await bothVerify(v2);
    expect([r.tool.code, r.cli.code]).toEqual([1, 1]);
    expect(r.tool.out).toBe('UNSUPPORTED: export format 2; this verifier reads format 1 only (use the tools/verify-export.mjs of the aiops that wrote the file)');
    expect(r.cli.out).toBe(r.tool.out);
    expect(r.json).toMatchObject({ ok: false, verdict: 'unsupported' });
    const none = rewrite(at('all.jsonl'), at('all-noformat.jsonl'), (evs) => evs, ({ aiops_evidence_export: _, ...h }) => h);
    expect((await bothVerify(none)).tool.out).toBe('INVALID: line 1: not an aiops evidence export header (no "aiops_evidence_export")');
  });

  it('names the first 10 unchecked links on screen and all of them in JSON; text from the file reaches the screen escaped', async () => {
    // Given an incident's export (built here by the hash rule) whose 12 events each follow another incident's
    const id = 'INC-2026-\u001b[31mX';
    const events = Array.from({ length: 12 }, (_, i) => {
      const fields = { seq: 2 * (i + 1), incident_id: id, ts: '2026-01-01T00:00:00.000Z', actor: 'alice', role: null, type: 'note.added', payload: { text: 'x' } };
      const prev_hash = String(i % 10).repeat(64);
      return { ...fields, prev_hash, hash: eventHash(prev_hash, fields) };
    });
    const header = { aiops_evidence_export: 1, incident: id, events: 12, head: events.at(-1)!.hash, algorithm: 'x' };
    const file = at('many.jsonl');
    writeFileSync(file, [header, ...events].map((x) => `${JSON.stringify(x)}\n`).join(''));
    const r = await bothVerify(file);
    expect([r.tool.code, r.cli.code]).toEqual([0, 0]);
    expect(r.tool.out).toContain('not checked: 12 of 12 links, the seq before each is not in this file (another incident\'s event, or removed): seq 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 2 more\n');
    expect(r.json.linksUnchecked).toEqual(events.map((e) => e.seq));
    // The incident id's ESC is shown as an escape by the standalone tool, never sent raw
    expect(r.tool.out).toContain('aiops evidence verify INC-2026-\\u001b[31mX');
    expect(r.tool.out + r.cli.out).not.toContain('\u001b');
  });

  it('a cut-off line, an empty file, a non-event line, no file and a missing file get a message and an exit code, never a stack trace', async () => {
    const cut = editLine(at('all.jsonl'), at('cut.jsonl'), (l) => l.map((x, i) => (i === 2 ? x.slice(0, 40) : x)));
    writeFileSync(at('empty.jsonl'), '');
    const nonEvent = editLine(at('all.jsonl'), at('non-event.jsonl'), (l) => [l[0]!, 'null', ...l.slice(2)]);
    const cases: [string, RegExp][] = [
      [cut, /^INVALID: line 3: not JSON \(.+\): a cut-off or edited export, or not one at all$/],
      [at('empty.jsonl'), /^INVALID: empty file: no header line, so not an aiops evidence export$/],
      [nonEvent, /^INVALID: line 2: not an event \(no "seq" of 1 or more\)$/],
    ];
    for (const [file, expected] of cases) {
      const r = await bothVerify(file);
      expect([r.tool.code, r.cli.code], file).toEqual([1, 1]);
      expect(r.tool.out, file).toMatch(expected);
      expect(r.cli.out, file).toBe(r.tool.out);
      expect(r.tool.err + r.cli.err, file).toBe('');
      expect(r.json).toMatchObject({ ok: false, verdict: 'invalid' });
    }
    // No argument, or a file that is not there: a usage message on stderr, exit 2
    const bare = spawnSync('node', [VERIFIER], { encoding: 'utf8', input: '' });
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^usage: node verify-export\.mjs FILE/);
    const missing = spawnSync('node', [VERIFIER, at('no-such.jsonl')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^verify-export: cannot read .*no-such\.jsonl: ENOENT/);
    for (const r of [bare, missing]) expect(r.stderr).not.toMatch(/Error:|\n\s+at /);
    const cli = await aiops(project, ['evidence', 'verify-export', at('no-such.jsonl')]);
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr).toContain('cannot read');
  });
});

describe('an export line must be the text aiops writes: what its hash does not cover is refused (binary and tool agree)', () => {
  let own: TempProject;
  const at = (name: string) => join(own.dir, name);
  /** The binary's and the standalone tool's verdict on `file`, which must agree. */
  async function verdict(file: string): Promise<{ code: number; out: string }> {
    const cli = await aiops(own, ['evidence', 'verify-export', file]);
    const tool = verifyExport(file);
    expect({ code: cli.exitCode, out: cli.stdout.trim() }).toEqual(tool);
    return tool;
  }

  beforeAll(async () => {
    // Given a log whose payloads hold integer-like and other keys, escapes, controls and characters outside the BMP
    own = makeProject();
    // (integer-like keys come from an alert's labels: a --context key must be a name)
    const alert = JSON.parse(readFileSync(join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json'), 'utf8'));
    alert.alerts[0].labels = { ...alert.alerts[0].labels, 10: 'ten', 2: 'two' };
    writeFileSync(at('alert.json'), JSON.stringify(alert));
    const ctx = ['--context', 'b=\u001b-like', '--context', 'a=Ä ✓ 🚨 \u2028'];
    const start = await aiops(own, ['incident', 'start', '--from-alert', 'alert.json', '--title', 'Tab\tquote " and \\', ...ctx, '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id;
    expect((await aiops(own, ['incident', 'note', id, 'line\nbreak \u2028 \u202e bidi 1.50 1e21 -0 😀'], { as: 'bob' })).exitCode).toBe(0);
    expect((await aiops(own, ['evidence', 'export', '-o', 'all.jsonl'])).exitCode).toBe(0);
    expect((await aiops(own, ['evidence', 'export', id, '-o', 'one.jsonl'])).exitCode).toBe(0);
  });
  afterAll(() => own?.cleanup());

  it('a whole-log and a per-incident export as written pass, whatever their payloads hold', async () => {
    expect(await verdict(at('all.jsonl'))).toMatchObject({ code: 0, out: expect.stringMatching(/^ok: \d+ events, head [0-9a-f]{64}$/) });
    expect((await verdict(at('one.jsonl'))).code).toBe(0);
    // (the integer-like label keys kept the order the stored text gave them)
    const all = readFileSync(at('all.jsonl'), 'utf8');
    expect(all).toContain('"context":{"a":"Ä ✓ 🚨 \u2028","b":"\\u001b-like"}');
    expect(all).toMatch(/"labels":\{"2":"two","10":"ten",/);
  });

  it('a repeated key, anywhere in a line, fails naming the line and the key, though the hash still matches', async () => {
    // Given an event line whose actor is said twice: JSON.parse (and the hash) take alice, a grep or a first-key parser mallory
    const actor = editLine(at('all.jsonl'), at('dup-actor.jsonl'), (l) => l.map((x, i) => (i === 1 ? x.replace('"actor":"alice"', '"actor":"mallory","actor":"alice"') : x)));
    expect(await verdict(actor)).toEqual({ code: 1, out: 'TAMPERED: line 2 (seq 1): repeated key "actor" (one reader takes its first value, another its last)' });
    // A key repeated inside a payload, or in the header, is refused the same way
    const noteLine = readFileSync(at('all.jsonl'), 'utf8').trimEnd().split('\n').findIndex((l) => l.includes('"note.added"'));
    const text = editLine(at('all.jsonl'), at('dup-text.jsonl'), (l) => l.map((x, i) => (i === noteLine ? x.replace('"text":', '"text":"nothing happened","text":') : x)));
    expect(await verdict(text)).toEqual({ code: 1, out: `TAMPERED: line ${noteLine + 1} (seq ${noteLine}): repeated key "text" (one reader takes its first value, another its last)` });
    const header = editLine(at('all.jsonl'), at('dup-head.jsonl'), (l) => [l[0]!.replace('"head":', '"head":"0","head":'), ...l.slice(1)]);
    expect(await verdict(header)).toEqual({ code: 1, out: 'TAMPERED: line 1 (header): repeated key "head" (one reader takes its first value, another its last)' });
  });

  it('a field that is not part of an event or of the header fails, naming it', async () => {
    const extra = editLine(at('one.jsonl'), at('extra.jsonl'), (l) => l.map((x, i) => (i === 2 ? x.replace('"seq":', '"extra":"x","seq":') : x)));
    expect(await verdict(extra)).toEqual({ code: 1, out: `TAMPERED: line 3 (seq ${JSON.parse(readFileSync(extra, 'utf8').split('\n')[2]!).seq}): field "extra" is not part of an event` });
    const proto = editLine(at('all.jsonl'), at('proto.jsonl'), (l) => l.map((x, i) => (i === 1 ? x.replace('"seq":1,', '"seq":1,"__proto__":{"actor":"mallory"},') : x)));
    expect(await verdict(proto)).toEqual({ code: 1, out: 'TAMPERED: line 2 (seq 1): field "__proto__" is not part of an event' });
    const header = editLine(at('all.jsonl'), at('extra-head.jsonl'), (l) => [l[0]!.replace('"events":', '"signed_by":"ciso","events":'), ...l.slice(1)]);
    expect(await verdict(header)).toEqual({ code: 1, out: 'TAMPERED: line 1 (header): field "signed_by" is not part of the header' });
  });

  it('a moved field, spacing, another escape or number form, or converted line ends fail too', async () => {
    const differs = 'not the text aiops writes for it (a field missing or moved, or spacing, escapes or number forms changed)';
    const edits: [string, (l: string) => string, string][] = [
      ['moved', (l) => l.replace(/"ts":("[^"]*"),"actor":("[^"]*")/, '"actor":$2,"ts":$1'), differs],
      ['spaced', (l) => l.replace('"seq":1,', '"seq": 1,'), differs],
      ['escaped', (l) => l.replace('"actor":"alice"', '"actor":"\\u0061lice"'), differs],
      ['number', (l) => l.replace('"seq":1,', '"seq":1.0,'), differs],
      ['no-role', (l) => l.replace(/"role":("[^"]*"|null),/, ''), differs],
    ];
    for (const [name, edit, expected] of edits) {
      const file = editLine(at('all.jsonl'), at(`${name}.jsonl`), (l) => l.map((x, i) => (i === 1 ? edit(x) : x)));
      expect(await verdict(file), name).toEqual({ code: 1, out: `TAMPERED: line 2 (seq 1): ${expected}` });
    }
    writeFileSync(at('crlf.jsonl'), readFileSync(at('all.jsonl'), 'utf8').replaceAll('\n', '\r\n'));
    expect(await verdict(at('crlf.jsonl'))).toEqual({ code: 1, out: 'TAMPERED: line 1 (header): ends in a carriage return (its line ends were converted to CRLF; aiops writes LF)' });
  });

  it("an export from the first aiops (its header's algorithm text without login) still verifies", async () => {
    const first =
      'Each line after this header is one event. For each event: hash = sha256 hex of (prev_hash + JCS(obj)), where JCS is RFC 8785 canonical JSON and obj = {seq, incident_id, ts, actor, role, type, payload}. ' +
      "The first event of the database has prev_hash = 64 zeros; each event's prev_hash equals the hash of the event with seq - 1. An export of one incident holds that incident's events only: every hash can be recomputed, " +
      'and prev_hash links to events of other incidents are checkable against a full export (`aiops evidence export` with no id).';
    const old = rewrite(at('all.jsonl'), at('old.jsonl'), (evs) => evs, (h) => ({ ...h, algorithm: first }));
    expect((await verdict(old)).code).toBe(0);
  });
});

describe('file modes of the evidence log', () => {
  it('the database is created 0600 by the binary even under umask 000', () => {
    const p = makeProject();
    try {
      // When a command creates the log from a shell with a permissive umask
      execFileSync('sh', ['-c', `umask 000; exec node "${BIN}" --as alice incident start --trigger data_leakage --title t --service s`], {
        cwd: p.dir,
        env: { ...process.env, AIOPS_DB: '', AIOPS_STATE_DIR: p.stateDir },
        stdio: 'pipe',
      });
      // Then the file (and the -wal/-shm if left behind) is readable and writable by the owner only
      for (const f of [p.db, `${p.db}-wal`, `${p.db}-shm`]) if (existsSync(f)) expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
      expect(existsSync(p.db)).toBe(true);
    } finally {
      p.cleanup();
    }
  });

  it('an evidence export of a log that cannot be opened leaves no scratch directory behind', async () => {
    const p = makeProject();
    const scratch = join(p.dir, 'tmp');
    mkdirSync(scratch);
    try {
      // When the log named does not exist (and when it is no SQLite file), with the export's temp dir its own
      writeFileSync(join(p.dir, 'not-a-log.db'), 'hello');
      for (const db of ['missing.db', 'not-a-log.db']) {
        const r = await aiopsBinary(p, ['evidence', 'export', '--db', db, '-o', 'out.jsonl'], { env: { TMPDIR: scratch } });
        // Then the command fails, and nothing it made is left in the temp dir
        expect(r.exitCode, r.stderr).not.toBe(0);
        expect(readdirSync(scratch), db).toEqual([]);
      }
    } finally {
      p.cleanup();
    }
  });

  it('the -wal and -shm files of an open log are 0600 too', async () => {
    const p = makeProject();
    const old = process.umask(0);
    const log = await openEventLog(join(p.dir, 'modes', 'aiops.db'), { create: true });
    try {
      await appendTo(log, [{ incidentId: 'INC-T-1', ts: '2026-01-01T00:00:00.000Z', actor: 'system', role: null, type: 'note.added', payload: { text: 'x' } } as never]);
      for (const suffix of ['', '-wal', '-shm']) {
        const f = join(p.dir, 'modes', `aiops.db${suffix}`);
        expect(existsSync(f), f).toBe(true);
        expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
      }
    } finally {
      await log.close();
      process.umask(old);
      p.cleanup();
    }
  });
});
