import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIncident } from '../src/app/export-incident.js';
import { renderExport } from '../src/export/render-export.js';
import type { NewEvent, StoredEvent } from '../src/core/events.js';
import { buildExport } from '../src/export/build-export.js';
import type { ExportDocument, TimelineEntry } from '../src/export/export-document.js';
import { timeFormatter } from '../src/export/format-time.js';
import { cutEscaped } from '../src/export/html-swimlanes.js';
import { makeRedactor } from '../src/hooks/redact.js';
import { jsonWriter } from '../src/export/render-json.js';
import { drillClockNote } from '../src/export/render-markdown.js';
import { renderThrough } from '../src/export/timeline-writer.js';
import { openEventLog } from '../src/store/index.js';
import { appendEvents } from './helpers/seed-log.js';

// Long incidents cross the page (1,000 rows) the check reads and the chunk (256 rows) a format
// writes: a log built here, two incidents interleaved, with text that needs escaping.

const MINE = 'INC-2026-0007';
const OTHER = 'INC-2026-0008';
const NOTES = 1_300;
let dir: string;
let db: string;

function opened(incidentId: string, ts: string): NewEvent {
  return {
    incidentId,
    ts,
    actor: 'alice',
    role: 'commander',
    type: 'incident.opened',
    payload: {
      title: `Incident ${incidentId}`,
      service: 'svc',
      severity: 'SEV2',
      trigger: 'data_leakage',
      playbook: { id: 'p', version: '1.0.0', sha256: 'a'.repeat(64) },
      playbookContent: { id: 'p', version: '1.0.0', title: 'P', owner: 'o', triggers: [], roles: ['commander'], steps: [{ id: 'triage', kind: 'check', owner: 'commander', title: 'Triage & scope' }] },
      approvals: {},
      context: {},
      selection: { reason: 'explicit' },
    },
  } as NewEvent;
}

/** A note whose text needs escaping in HTML and Markdown, and is sometimes longer than a tooltip. */
const noteText = (i: number) => `note ${i}: <b>tenant</b> & 'quoted' "text" ${'😀 long '.repeat(i % 3 === 0 ? 30 : 1)}end ${i}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aiops-stream-'));
  db = join(dir, 'aiops.db');
  const ts = (s: number) => new Date(Date.UTC(2026, 2, 14, 2, 0, 0) + s * 1000).toISOString();
  const events: NewEvent[] = [opened(MINE, ts(0)), opened(OTHER, ts(0))];
  for (let i = 0; i < NOTES; i++) {
    const who = i % 2 === 0 ? { actor: 'bob', role: 'reviewer' } : { actor: 'carol', role: 'model_owner' };
    events.push({ incidentId: MINE, ts: ts(i + 1), ...who, type: 'note.added', payload: { text: noteText(i), attachments: [] } } as NewEvent);
    // Every seventh of mine is followed by one of the other incident's, so links cross incidents,
    // and so is my 1,000th row (the last of the first page the check reads)
    if (i % 7 === 6 || i === 998) events.push({ incidentId: OTHER, ts: ts(i + 1), actor: 'dan', role: null, type: 'note.added', payload: { text: `other ${i}`, attachments: [] } } as NewEvent);
  }
  await appendEvents(db, events);
  const raw = new Database(db);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seqsOf = (path: string, id: string) => {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare('SELECT seq FROM events WHERE incident_id = ? ORDER BY seq').pluck().all(id) as number[];
  } finally {
    raw.close();
  }
};

describe('an export of an incident longer than a page and a chunk', () => {
  it('checks and shows every event, across pages', async () => {
    const { parts, verification } = await exportIncident({ dbPath: db, id: MINE, format: 'json' });
    const doc = JSON.parse(parts.join('')) as ExportDocument;
    expect(verification).toMatchObject({ ok: true, incidentEvents: NOTES + 1, firstBad: null });
    expect(doc.timeline.map((e) => e.seq)).toEqual(seqsOf(db, MINE));
  });

  it('reads a copy of the log that is not in WAL mode (VACUUM INTO, .backup) without writing to it', async () => {
    const copy = join(dir, 'vacuumed.db');
    const raw = new Database(db);
    raw.exec(`VACUUM INTO '${copy}'`);
    raw.close();
    const { verification } = await exportIncident({ dbPath: copy, id: MINE, format: 'md' });
    expect(verification).toMatchObject({ ok: true, incidentEvents: NOTES + 1 });
    const check = new Database(copy, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('finds a deleted event of the other incident right at a page boundary', async () => {
    // Given the other incident's row that follows my 1,000th row deleted behind the triggers
    const copy = join(dir, 'gap.db');
    copyFileSync(db, copy);
    const mine = seqsOf(copy, MINE);
    const boundary = mine[999]!;
    const t = new Database(copy);
    t.exec('DROP TRIGGER events_no_delete');
    const next = t.prepare('SELECT seq, incident_id FROM events WHERE seq > ? ORDER BY seq LIMIT 1').get(boundary) as { seq: number; incident_id: string };
    expect(next.incident_id, 'the fixture puts the other incident after a page boundary').toBe(OTHER);
    t.prepare('DELETE FROM events WHERE seq = ?').run(next.seq);
    t.close();
    // When it is exported, the gap is named where it is
    const { verification } = await exportIncident({ dbPath: copy, id: MINE, format: 'md' });
    expect(verification.firstBad).toMatchObject({ seq: next.seq, kind: 'gap' });
  });

  it('gives every swimlane dot the start of its own row’s text, in every chunk', async () => {
    const html = (await exportIncident({ dbPath: db, id: MINE, format: 'html' })).parts.join('');
    const rowText = new Map<string, string>();
    for (const m of html.matchAll(/<tr id="e(\d+)"[^>]*><td>[^<]*<\/td><td>[^<]*<\/td><td>.*?<\/td><td>([\s\S]*?)<\/td><\/tr>/g)) rowText.set(m[1]!, m[2]!);
    expect(rowText.size).toBe(NOTES + 1);
    const dots = [...html.matchAll(/<a href="#e(\d+)"[^>]*><circle[^>]*><title>[^<]* (?:bob|carol|alice): (.*?)(?: \(\+\d+ more \w+ here\))?<\/title>/g)];
    expect(dots.length).toBeGreaterThan(100);
    for (const [, seq, title] of dots) {
      const text = rowText.get(seq!)!;
      const shown = title!.endsWith('…') ? title!.slice(0, -1) : title!;
      expect(text.startsWith(shown), `dot e${seq}`).toBe(true);
      // Uncut, the tooltip has the whole text (the cell may go on with a reason or a link)
      if (!title!.endsWith('…')) expect(text.split('\n<span class="reason">')[0]).toBe(shown);
    }
  });

  it('writes the JSON export exactly as JSON.stringify(doc, null, 2) would, for any entry', async () => {
    const log = await openEventLog(db, { readonly: true });
    const { events, report } = await log.readVerifiedIncident(MINE);
    await log.close();
    const doc = buildExport(events.slice(0, 5), report, { time: timeFormatter(undefined), redact: makeRedactor([]) });
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\u2028', '\ud800', '😀', '\u0000\u001f\u007f'));
    const odd = fc.oneof(text, fc.constant(null), fc.integer(), fc.double(), fc.boolean(), fc.constant(undefined));
    const entry = fc.record({
      seq: fc.oneof(fc.integer(), fc.double()),
      at: text,
      time: text,
      sinceStart: text,
      actor: text,
      role: fc.option(text, { nil: null }),
      type: text,
      kind: fc.oneof(fc.constantFrom('note', 'step'), odd),
      text: fc.oneof(text, odd),
      step: fc.oneof(fc.option(text, { nil: null }), odd),
      reason: fc.option(text, { nil: null }),
      run: fc.option(text, { nil: null }),
      attachments: fc.array(fc.oneof(text, odd), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), (timeline) => {
        const d = { ...doc, timeline: timeline as unknown as TimelineEntry[] };
        expect(renderThrough(jsonWriter(), d)).toBe(`${JSON.stringify(d, null, 2)}\n`);
      }),
      { numRuns: 400 },
    );
  });

  it('renders the same text streamed as from the whole document, in every format', async () => {
    const log = await openEventLog(db, { readonly: true });
    const { events, report } = await log.readVerifiedIncident(MINE);
    await log.close();
    const doc = buildExport(events, report, { time: timeFormatter(undefined), redact: makeRedactor([]) });
    for (const format of ['md', 'json', 'html'] as const) {
      expect((await exportIncident({ dbPath: db, id: MINE, format })).parts.join(''), format).toBe(renderExport(doc, format));
    }
  });
});

describe('times in an export', () => {
  it('show their UTC offset in a --tz zone, so the hour that repeats at a clock change is told apart', () => {
    const berlin = timeFormatter('europe/berlin');
    expect(berlin.zone).toBe('Europe/Berlin');
    expect(berlin.dateTime('2026-10-25T00:30:00.000Z')).toBe('2026-10-25 02:30:00 UTC+02:00');
    expect(berlin.dateTime('2026-10-25T01:30:00.000Z')).toBe('2026-10-25 02:30:00 UTC+01:00');
    expect(timeFormatter('utc').zone).toBe('UTC');
  });

  it('count "since start" and durations between the times as shown, to the second', () => {
    // Opened at .964 of a second; the next events 12.2 s and 16.1 s later
    const at = (ms: number) => new Date(Date.UTC(2026, 10, 26, 9, 30, 2, 964) + ms).toISOString();
    const events = [
      { ...opened(MINE, at(0)), seq: 1, prevHash: '', hash: '' },
      { incidentId: MINE, ts: at(12_200), actor: 'alice', role: 'commander', type: 'note.added', payload: { text: 'n', attachments: [] }, seq: 2, prevHash: '', hash: '' },
      { incidentId: MINE, ts: at(16_100), actor: 'alice', role: 'commander', type: 'status.changed', payload: { from: 'open', to: 'mitigated', reason: 'paused' }, seq: 3, prevHash: '', hash: '' },
    ] as unknown as StoredEvent[];
    const doc = buildExport(events, { ok: true, scope: 'incident', incidentEvents: 3, chainHead: null, firstBad: null }, { time: timeFormatter(undefined), redact: (t) => t });
    // Shown 09:30:02 -> 09:30:15 -> 09:30:19
    expect(doc.timeline.map((e) => [e.time.slice(11), e.sinceStart])).toEqual([['09:30:02', 'T+0s'], ['09:30:15', 'T+13s'], ['09:30:19', 'T+17s']]);
    expect(doc.durations.toMitigate).toEqual({ ms: 16_100, text: '17 seconds' });
  });
});

describe('a drill export', () => {
  it('says when its times are the drill clock rather than when people acted', () => {
    expect(drillClockNote({ speed: null, auto: true })).toContain('--auto played it at once');
    expect(drillClockNote({ speed: 60, auto: false })).toContain('ran at 60x');
    expect(drillClockNote({ speed: null, auto: false })).toBe('');
    expect(drillClockNote({ speed: 1, auto: false })).toBe('');
  });
});

describe('cutEscaped, for tooltips', () => {
  it('counts an entity as one character and never splits an entity or a surrogate pair', () => {
    expect(cutEscaped('a&amp;b', 1)).toBe('a…');
    expect(cutEscaped('a&amp;b', 2)).toBe('a&amp;…');
    expect(cutEscaped('a&amp;b', 3)).toBe('a&amp;b');
    expect(cutEscaped(`${'x'.repeat(139)}😀y`, 140)).toBe(`${'x'.repeat(139)}…`);
    expect(cutEscaped('abc', 3)).toBe('abc');
  });
});

describe('the export redactor', () => {
  it('applies case-sensitive patterns from aiops.yaml beside the built-in case-insensitive ones', () => {
    const redact = makeRedactor(['Tok[0-9]{4}']);
    expect(redact('keys Tok1234 and PASSWORD=hunter2hunter2')).toBe('keys [REDACTED] and PASSWORD=[REDACTED]');
    expect(redact('tok1234 is not a token')).toBe('tok1234 is not a token');
  });
});
