import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../src/core/events.js';
import { EVENT_FIELDS } from '../src/core/event-fields.js';
import { buildExport } from '../src/export/build-export.js';
import { ExportDocument } from '../src/export/export-document.js';
import { timeFormatter } from '../src/export/format-time.js';
import { renderExport } from '../src/export/render-export.js';
import { makeRedactor } from '../src/hooks/redact.js';
import { openEventLog } from '../src/store/index.js';
import type { IncidentVerifyReport } from '../src/store/types.js';
import { type RecordedIncident, recordIncident } from './helpers/recorded-incident.js';

// A log edited by hand can hold any JSON where aiops wrote a payload. Whatever was edited in, the
// export is written in every format beside its FAILED VERIFICATION line, the JSON export still
// matches its own schema, and no page shows JavaScript's words for a missing value.

let rec: RecordedIncident;
let events: StoredEvent[];
let failed: IncidentVerifyReport;

beforeAll(async () => {
  rec = await recordIncident();
  const log = await openEventLog(rec.db, { readonly: true });
  try {
    const read = await log.readVerifiedIncident(rec.id);
    events = read.events;
    failed = { ...read.report, ok: false, firstBad: { seq: 2, incidentId: rec.id, kind: 'hash-mismatch', message: 'seq 2: content does not match its hash (edited after it was written)' } };
  } finally {
    await log.close();
  }
});
afterAll(() => rec?.cleanup());

const ODD_VALUES: [string, unknown][] = [
  ['gone', undefined],
  ['a number', 42],
  ['an object', { x: 1 }],
  ['null', null],
  ['an array of numbers', [1, 2]],
];
const ODD_PAYLOADS: [string, unknown][] = [
  ['null', null],
  ['a number', 7],
  ['an array', []],
  ['a string', 'text'],
];
const JS_WORDS = /\bundefined\b|\[object Object\]|\bNaN\b/;

/** Exports the incident with event `at`'s payload replaced, in every format; what went wrong, or null. */
function exportWith(at: number, payload: unknown): string | null {
  const edited = events.map((e, i) => (i === at ? ({ ...e, payload } as StoredEvent) : e));
  const doc = buildExport(edited, failed, { time: timeFormatter(undefined), redact: makeRedactor([]) });
  for (const format of ['md', 'html', 'json'] as const) {
    const text = renderExport(doc, format);
    const words = JS_WORDS.exec(text);
    if (words) return `${format} shows "${words[0]}" near: ${text.slice(Math.max(0, words.index - 80), words.index + 20)}`;
    if (format === 'json') {
      const parsed = ExportDocument.safeParse(JSON.parse(text));
      if (!parsed.success) return `json fails its schema: ${parsed.error.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
    }
  }
  return null;
}

describe('nested fields and values out of their range, edited by hand', () => {
  const hex = 'ab'.repeat(32);
  const cases: [string, string, (p: Record<string, unknown>) => Record<string, unknown>][] = [
    ['a hook run of 1.5 ms', 'hook.finished', (p) => ({ ...p, durationMs: 1.5 })],
    ['an exit code of 0.5', 'hook.finished', (p) => ({ ...p, exitCode: 0.5 })],
    ['a status no incident has', 'status.changed', (p) => ({ ...p, to: 'bogus' })],
    ['a role given by no known way', 'role.assigned', (p) => ({ ...p, source: 'bogus' })],
    ['an attachment whose sha256 is no sha256', 'note.added', (p) => ({ ...p, attachments: [{ sha256: 'zz', name: 'a.txt', size: 1 }] })],
    ['an attachment without its size', 'note.added', (p) => ({ ...p, attachments: [{ sha256: hex, name: 'a.txt' }] })],
    ['an opening alert without its format', 'incident.opened', (p) => ({ ...p, alert: { attachment: { sha256: hex, name: 'alert.json', size: 2 } } })],
    ['an opening inventory whose version is an object', 'incident.opened', (p) => ({ ...p, inventory: { service: 'eu', live: { model: { x: 1 } }, previous: {}, recent: [] } })],
  ];
  for (const [what, type, edit] of cases) {
    it(`${what}: written, in schema, no "undefined"`, () => {
      const at = events.findLastIndex((e) => e.type === type);
      expect(at, `the recorded incident has a ${type}`).toBeGreaterThanOrEqual(0);
      expect(exportWith(at, edit(events[at]!.payload as Record<string, unknown>))).toBeNull();
    });
  }
});

describe('a chain head or event hash edited into something that is no sha256', () => {
  it('the JSON export still matches its schema: the recorded head is null, the incident head empty', () => {
    const edited = [...events.slice(0, -1), { ...events.at(-1)!, hash: 'zz' } as StoredEvent];
    const report = { ...failed, chainHead: { seq: -1.5, hash: 'zz' } };
    const doc = buildExport(edited, report, { time: timeFormatter(undefined), redact: makeRedactor([]) });
    expect(ExportDocument.safeParse(JSON.parse(renderExport(doc, 'json'))).success).toBe(true);
    expect(doc.verification.chainHead).toBeNull();
    expect(doc.verification.incidentHead.hash).toBe('');
  });
});

describe('an incident opened without a trigger (a playbook named by hand)', () => {
  it('exports its trigger as null, not as the text "null"', () => {
    const opening = events[0]!;
    const edited = [{ ...opening, payload: { ...(opening.payload as object), trigger: null } } as StoredEvent, ...events.slice(1)];
    const doc = buildExport(edited, failed, { time: timeFormatter(undefined), redact: makeRedactor([]) });
    expect(doc.incident.trigger).toBeNull();
    expect(renderExport(doc, 'md')).not.toMatch(/\| Trigger \| null/);
  });
});

describe('export of events whose payloads were edited into shapes aiops never writes', () => {
  it('the recorded incident, untouched, shows none of the words the checks look for', () => {
    expect(exportWith(-1, null)).toBeNull();
  });

  it('covers many kinds of event', () => {
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(12);
  });

  it('every field of the first event of each type, gone or of another kind: written, in schema, no "undefined"', () => {
    const problems: string[] = [];
    const firstOfType = new Map<string, number>();
    events.forEach((e, i) => {
      if (!firstOfType.has(e.type)) firstOfType.set(e.type, i);
    });
    for (const [type, at] of firstOfType) {
      const original = events[at]!.payload as Record<string, unknown>;
      for (const field of EVENT_FIELDS[type as keyof typeof EVENT_FIELDS]) {
        for (const [what, value] of ODD_VALUES) {
          const payload: Record<string, unknown> = { ...original };
          if (value === undefined) delete payload[field];
          else payload[field] = value;
          const problem = exportWith(at, payload);
          if (problem) problems.push(`${type}.${field} ${what}: ${problem}`);
        }
      }
      for (const [what, payload] of ODD_PAYLOADS) {
        const problem = exportWith(at, payload);
        if (problem) problems.push(`${type} payload ${what}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
