import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../src/core/events.js';
import { buildExport } from '../src/export/build-export.js';
import { timeFormatter } from '../src/export/format-time.js';
import { KEY_EVENTS_SHOWN, KeyEvents } from '../src/export/key-events.js';
import { renderExport } from '../src/export/render-export.js';

// The postmortem's key events are a condensed story: every one of a short incident, at most
// KEY_EVENTS_SHOWN of a long one, the most telling first, and the count of the rest said.

const ID = 'INC-2026-0042';
const at = (s: number) => new Date(Date.UTC(2026, 2, 14, 2, 0, 0) + s * 1000).toISOString();

/** An incident's events from their types and payloads, seq and times in order. */
type Body = { type: string; payload: object; actor?: string; role?: string | null };

function incident(body: Body[]): StoredEvent[] {
  const opened: Body = {
    type: 'incident.opened',
    payload: {
      title: 'Refund loop',
      service: 'billing-agent',
      severity: 'SEV2',
      trigger: 'unexpected_tool_call',
      playbook: { id: 'p', version: '1.0.0', sha256: 'a'.repeat(64) },
      playbookContent: { id: 'p', version: '1.0.0', title: 'P', owner: 'o', triggers: [], roles: ['commander'], steps: [{ id: 'triage', kind: 'check', owner: 'commander', title: 'Triage' }] },
      approvals: {},
      context: {},
      selection: { reason: 'explicit' },
    },
  };
  return [opened, ...body].map((e, i) => ({
    seq: i + 1,
    incidentId: ID,
    ts: at(i),
    actor: e.actor ?? 'alice',
    role: e.role === undefined ? 'commander' : e.role,
    type: e.type,
    payload: e.payload,
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  })) as StoredEvent[];
}

const VERIFIED = { scope: 'incident', ok: true, incidentEvents: 0, chainHead: null, firstBad: null } as const;
const build = (events: StoredEvent[]) => buildExport(events, { ...VERIFIED, incidentEvents: events.length }, { time: timeFormatter(undefined), redact: (s) => s });
const step = (n: number) => ({ type: 'step.completed', payload: { step: 'triage', note: `pass ${n}` } });
const hookRun = (n: number, ok: boolean) => [
  { type: 'hook.started', payload: { run: `r${n}`, hook: 'pause', step: 'triage', argv: ['./pause.sh'], env: [], cwd: '.', retry: n > 0 } },
  { type: 'hook.finished', payload: { run: `r${n}`, hook: 'pause', step: 'triage', ok, exitCode: ok ? 0 : 1, signal: null, timedOut: false, durationMs: 5, stdout: '', stderr: '', stdoutCut: 0, stderrCut: 0 } },
];

describe('key events in the postmortem', () => {
  it('keeps every key event of a short incident, in order, and says nothing is left out', () => {
    const doc = build(incident([step(1), ...hookRun(1, true), { type: 'severity.changed', payload: { from: 'SEV2', to: 'SEV1', reason: 'more tenants' } }, step(2)]));
    expect(doc.postmortem.keyEvents.map((k) => k.seq)).toEqual([1, 2, 4, 5, 6]);
    expect(doc.postmortem.keyEventsOmitted).toBe(0);
    const md = renderExport(doc, 'md');
    expect(md).not.toContain('more key event');
  });

  it('condenses a long incident to the most telling events, first and last of a kind that does not fit, and counts the rest', () => {
    const body: Body[] = [];
    for (let i = 0; i < 400; i++) body.push(step(i));
    body.push({ type: 'severity.changed', payload: { from: 'SEV2', to: 'SEV1', reason: 'more tenants' } });
    for (let i = 0; i < 150; i++) body.push(...hookRun(i, i % 5 !== 0));
    body.push({ type: 'status.changed', payload: { from: 'open', to: 'mitigated', reason: 'paused' } });
    for (let i = 400; i < 700; i++) body.push(step(i));
    const events = incident(body);
    const doc = build(events);
    const keys = doc.postmortem.keyEvents;
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    expect(keys).toHaveLength(KEY_EVENTS_SHOWN);
    // 700 steps + 150 hook ends + severity + status + the opening
    expect(doc.postmortem.keyEventsOmitted).toBe(700 + 150 + 3 - KEY_EVENTS_SHOWN);
    expect(keys.map((k) => k.seq)).toEqual([...keys.map((k) => k.seq)].sort((a, b) => a - b));
    const types = keys.map((k) => bySeq.get(k.seq)!.type);
    // The opening, the severity and the status change, and all 30 failed hook runs stay
    expect(types.filter((t) => t === 'incident.opened' || t === 'severity.changed' || t === 'status.changed')).toHaveLength(3);
    const failed = keys.filter((k) => bySeq.get(k.seq)!.type === 'hook.finished' && !(bySeq.get(k.seq)!.payload as { ok: boolean }).ok);
    expect(failed).toHaveLength(30);
    // The rest of the room: steps and successful runs, the first of them and the last
    const steps = keys.filter((k) => bySeq.get(k.seq)!.type === 'step.completed').map((k) => k.seq);
    const allSteps = events.filter((e) => e.type === 'step.completed').map((e) => e.seq);
    expect(steps[0]).toBe(allSteps[0]);
    expect(steps.at(-1)).toBe(allSteps.at(-1));
    for (const format of ['md', 'html'] as const) expect(renderExport(doc, format)).toContain(`${doc.postmortem.keyEventsOmitted} more key events are not listed here`);
    expect(JSON.parse(renderExport(doc, 'json')).postmortem.keyEventsOmitted).toBe(doc.postmortem.keyEventsOmitted);
  });

  it('picks from tiers of any size: at most the limit, in seq order, none twice, every one while they fit', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<0 | 1 | 2>(0, 1, 2), { maxLength: 600, size: 'max' }), (tiers) => {
        const keys = new KeyEvents();
        tiers.forEach((tier, i) => keys.add(tier, { seq: i + 1, at: at(i), time: '', sinceStart: '', text: String(tier) }));
        const { keyEvents, omitted } = keys.result();
        const seqs = keyEvents.map((k) => k.seq);
        expect(seqs.length).toBe(Math.min(KEY_EVENTS_SHOWN, tiers.length));
        expect(omitted).toBe(tiers.length - seqs.length);
        expect(new Set(seqs).size).toBe(seqs.length);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        for (const tier of [0, 1, 2] as const) {
          const listed = keyEvents.filter((k) => k.text === String(tier)).map((k) => k.seq);
          const all = tiers.flatMap((t, i) => (t === tier ? [i + 1] : []));
          if (listed.length === all.length || listed.length === 0) continue;
          // A more telling tier is never cut while a less telling one is listed
          expect(keyEvents.every((k) => Number(k.text) <= tier)).toBe(true);
          // A tier cut short keeps as many of its first events as of its last (one more when odd)
          const fromEnd = Math.floor(listed.length / 2);
          expect(listed).toEqual([...all.slice(0, listed.length - fromEnd), ...all.slice(all.length - fromEnd)]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
