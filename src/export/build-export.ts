import type { EventOf, StoredEvent } from '../core/events.js';
import type { Severity } from '../core/constants.js';
import { isoMillis } from '../core/iso-time.js';
import type { IncidentVerifyReport } from '../store/types.js';
import { byKey, describeEvent } from './describe-event.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-constants.js';
import type { ExportAttachment, ExportDocument, HookDetail, TimelineEntry } from './export-document.js';
import { humanDuration, shownSpanMs, sinceStart, type TimeFormatter } from './format-time.js';
import { incidentMilestones } from './incident-milestones.js';
import { postmortemSection } from './postmortem-section.js';
import { HookRunTally } from './hook-run-tally.js';
import { isSha256Hex } from '../core/hash-chain.js';
import { readablePayload } from '../core/payload-shape.js';
import { isObject } from '../core/value-checks.js';
import { textOf } from '../core/text-of.js';

export interface BuildExportOptions {
  time: TimeFormatter;
  /** Replaces secret-looking strings in every piece of free text that reaches the export. */
  redact: (text: string) => string;
  /**
   * Hands each timeline entry over as it is made (with its instant in ms) instead of keeping
   * it: the document's timeline is then left empty, and a TimelineWriter renders the rows as
   * they come, so a 10,000-event export never holds 10,000 entries at once.
   */
  onEntry?: (entry: TimelineEntry, ms: number) => void;
  /** The undo hook aiops.yaml gives a hook, if any: a run never undone is a mitigation still in effect. */
  undoOf?: (hook: string) => string | undefined;
}

export const OUTPUT_LINES_KEPT = 20;
const OUTPUT_LINE_CHARS = 300;

type Opening = EventOf<'incident.opened'>['payload'];

/**
 * The opening's fields the document shows. In a log aiops wrote they are as written; a
 * hand-edited opening (null, a number, fields of other types) still gives a document, beside its
 * FAILED VERIFICATION line: what is there shown as text, what is missing empty.
 */
function readableOpening(payload: unknown): Pick<Opening, 'title' | 'service' | 'severity' | 'trigger' | 'selection' | 'playbook' | 'drill' | 'context'> {
  const objectOr = (v: unknown) => (isObject(v) ? v : undefined);
  const o = (objectOr(payload) ?? {}) as Partial<Record<keyof Opening, unknown>>;
  const field = (v: unknown) => (v === undefined || v === null ? '' : textOf(v));
  const pb = objectOr(o.playbook) ?? {};
  const selection = objectOr(o.selection) ?? {};
  const drill = objectOr(o.drill);
  // A context holds names and texts; anything else edited in is left out.
  const context = Object.fromEntries(Object.entries(objectOr(o.context) ?? {}).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
  return {
    title: field(o.title),
    service: field(o.service),
    severity: field(o.severity) as Opening['severity'],
    trigger: (o.trigger === null ? null : field(o.trigger)) as Opening['trigger'],
    selection: { ...selection, reason: field(selection.reason) } as Opening['selection'],
    // The JSON export promises a sha256 here: one edited into something else is left out.
    playbook: { id: field(pb.id), version: field(pb.version), sha256: isSha256Hex(pb.sha256) ? pb.sha256 : '' },
    drill: drill ? ({ ...drill, scenario: field(drill.scenario), title: field(drill.title) } as Opening['drill']) : undefined,
    context,
  };
}

/** A recorded chain head as the JSON export promises one (a seq, a sha256), or null. */
function shownHead(h: { seq: number; hash: string } | null): { seq: number; hash: string } | null {
  return h && Number.isInteger(h.seq) && isSha256Hex(h.hash) ? { seq: h.seq, hash: h.hash } : null;
}

/**
 * Projects one incident's events (in seq order) and the incident's chain check into the export
 * document. Pure: the same events, verification and time zone always give the same document.
 */
/** describeEvent, or for a payload it cannot read (tampered: in no shape aiops writes) the payload as stored. */
function describeSafely(e: StoredEvent, stepTitle: (id: string) => string | undefined, shownTime: (iso: string) => string): ReturnType<typeof describeEvent> {
  try {
    if (readablePayload(e)) return describeEvent(e, stepTitle, shownTime);
  } catch {
    // as below
  }
  return { kind: 'unreadable', text: `unreadable ${e.type} payload: ${JSON.stringify(e.payload)}`, step: null, reason: null, run: null, attachments: [] };
}

export function buildExport(events: Iterable<StoredEvent>, verification: IncidentVerifyReport, opts: BuildExportOptions): ExportDocument {
  const builder = exportBuilder(opts);
  for (const e of events) builder.add(e);
  return builder.finish(verification);
}

export interface ExportBuilder {
  /** Takes the next event (seq order); events before the incident's opening are left out. */
  add(e: StoredEvent): void;
  /** Whether an incident.opened came first (false: nothing, or not an incident, was added). */
  readonly opened: boolean;
  finish(verification: IncidentVerifyReport): ExportDocument;
}

/**
 * buildExport one event at a time, so an export can project events while they are read and
 * checked, without holding them all (only the timeline it produces stays in memory).
 */
export function exportBuilder(opts: BuildExportOptions): ExportBuilder {
  const { time, redact } = opts;
  const onEntry = opts.onEntry;
  const instant = (at: string) => ({ at, time: time.dateTime(at) });
  const timeline: TimelineEntry[] = [];
  const hooks = new Map<string, HookDetail>();
  const attachments: ExportAttachment[] = [];
  const roles: ExportDocument['roles'] = [];
  const holding = new Map<string, ExportDocument['roles'][number]>();
  const severityHistory: ExportDocument['severityHistory'] = [];
  const statusHistory: ExportDocument['statusHistory'] = [];
  const postmortem = postmortemSection({ time, redact, undoOf: opts.undoOf ?? (() => undefined) });
  const counts = { events: 0, approvals: 0, denials: 0, overrides: 0, refusals: 0, hookRuns: 0, hookFailures: 0, notes: 0 };
  // Runs and failures are counted as `aiops report` counts them, by the one tally.
  const runTally = new HookRunTally();
  let opened: EventOf<'incident.opened'> | null = null;
  let titles = new Map<string, string>();
  const stepTitle = (id: string) => titles.get(id);
  let start = 0;
  let context: Record<string, string> = {};
  let severity: Severity = 'SEV4';
  let peak: Severity = 'SEV4';
  let status: ExportDocument['incident']['status'] = 'open';
  let summary: string | null = null;
  // What `incident edit` changed the opening's title and service to, if it did.
  let edited: { title?: string; service?: string } = {};
  let score: number | null = null;
  let injects = 0;
  let last: StoredEvent | null = null;

  const open = (e: EventOf<'incident.opened'>) => {
    opened = e;
    try {
      openWith(e);
    } catch {
      // A tampered opening (a payload in no shape aiops writes) leaves the defaults; the verification line says why.
    }
  };
  const openWith = (e: EventOf<'incident.opened'>) => {
    const p = e.payload;
    const r = readableOpening(p);
    start = isoMillis(e.ts);
    context = { ...r.context };
    severity = r.severity;
    peak = r.severity;
    severityHistory.push({ at: e.ts, time: time.dateTime(e.ts), from: null, to: r.severity, reason: redact(r.selection.reason), actor: e.actor });
    statusHistory.push({ at: e.ts, time: time.dateTime(e.ts), from: null, to: 'open', reason: null, actor: e.actor });
    titles = new Map(p.playbookContent.steps.map((s) => [s.id, s.title]));
    if (p.alert) attachments.push(attachmentOf(p.alert.attachment, e, 'alert'));
  };

  const add = (e: StoredEvent) => {
    // Nothing comes before an incident's opening in a log aiops wrote; a row planted ahead of it
    // is left out here (the export's verification line names it).
    if (opened === null) {
      if (e.type !== 'incident.opened') return;
      open(e);
    }
    const o = opened;
    if (!o || e.incidentId !== o.incidentId) return;
    last = e;
    counts.events += 1;
    const desc = describeSafely(e, stepTitle, time.dateTime);
    const time_ = time.dateTime(e.ts);
    const ms = isoMillis(e.ts);
    const entry: TimelineEntry = {
      seq: e.seq,
      at: e.ts,
      time: time_,
      sinceStart: sinceStart(shownSpanMs(start, ms)),
      actor: e.actor,
      role: e.role,
      type: e.type,
      kind: desc.kind,
      text: redact(desc.text),
      step: desc.step,
      reason: desc.reason === null ? null : redact(desc.reason),
      run: desc.run,
      attachments: desc.attachments,
    };
    if (onEntry) onEntry(entry, ms);
    else timeline.push(entry);
    // A payload edited into a shape aiops never writes counts for nothing; the verification line says why.
    if (desc.kind === 'unreadable') return;
    try {
      if (e.type === 'alert.received') attachments.push(attachmentOf(e.payload.attachment, e, 'alert'));
      postmortem.add(e);
      postmortem.entry(e, entry);
      tally(e, time_);
    } catch {
      // as above: the entry stands, its figures are not counted
    }
  };

  /** `time_` is the event's time as shown (its entry's), worked out once per event. */
  const tally = (e: StoredEvent, time_: string) => {
    switch (e.type) {
      case 'role.assigned': {
        const held = holding.get(e.payload.role);
        if (held) held.to = { at: e.ts, time: time_ };
        const entry = { role: e.payload.role, person: e.payload.person, from: { at: e.ts, time: time_ }, to: null, handoff: e.payload.handoff, source: e.payload.source };
        roles.push(entry);
        holding.set(e.payload.role, entry);
        break;
      }
      case 'approval.granted':
        counts.approvals += 1;
        if (e.payload.override) counts.overrides += 1;
        break;
      case 'approval.denied':
        counts.denials += 1;
        break;
      case 'policy.refused':
        counts.refusals += 1;
        break;
      case 'note.added':
        counts.notes += 1;
        for (const a of e.payload.attachments) attachments.push(attachmentOf(a, e, 'note'));
        if (e.payload.context) Object.assign(context, e.payload.context);
        break;
      case 'severity.changed':
        severity = e.payload.to;
        if (severity < peak) peak = severity;
        severityHistory.push({ at: e.ts, time: time_, from: e.payload.from, to: e.payload.to, reason: redact(e.payload.reason), actor: e.actor });
        break;
      case 'incident.edited':
        edited = { ...edited, ...(typeof e.payload.title === 'string' ? { title: e.payload.title } : {}), ...(typeof e.payload.service === 'string' ? { service: e.payload.service } : {}) };
        break;
      case 'status.changed':
        status = e.payload.to;
        if (e.payload.summary !== undefined) summary = redact(e.payload.summary);
        statusHistory.push({ at: e.ts, time: time_, from: e.payload.from, to: e.payload.to, reason: e.payload.reason === undefined ? null : redact(e.payload.reason), actor: e.actor });
        break;
      case 'hook.started':
      case 'hook.simulated':
        runTally.add(e);
        hooks.set(e.payload.run, startedRun(e, redact));
        break;
      case 'hook.finished': {
        const run = hooks.get(e.payload.run);
        if (run) finishRun(run, e, redact);
        runTally.add(e);
        break;
      }
      case 'hook.outcome_recorded': {
        runTally.add(e);
        const run = hooks.get(e.payload.run);
        if (run && run.ok === null) {
          run.ok = e.payload.ok;
          run.error = redact(`outcome recorded by hand: ${e.payload.note}`);
        }
        break;
      }
      case 'drill.inject':
        injects += 1;
        break;
      case 'drill.ended':
        score = e.payload.score;
        break;
      default:
        break;
    }
  };

  const finish = (verification: IncidentVerifyReport): ExportDocument => {
    const o = opened as EventOf<'incident.opened'> | null;
    const end = last as StoredEvent | null;
    if (!o || !end) throw new Error('an incident export needs its incident.opened event first');
    const p = readableOpening(o.payload);
    const m = incidentMilestones(o.ts, statusHistory.slice(1).map((s) => ({ ts: s.at, to: s.to as ExportDocument['incident']['status'] })));
    // In words between the times as shown, so the words agree with the table.
    const span = (ms: number | null, from: string | null, to: string | null) =>
      ms === null || from === null || to === null ? null : { ms: Number.isFinite(ms) ? ms : null, text: humanDuration(shownSpanMs(isoMillis(from), isoMillis(to))) };
    const at = (ts: string | null) => (ts ? instant(ts) : null);
    const shownContext = Object.fromEntries(byKey(context).map(([k, v]) => [k, redact(v)]));
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      timeZone: time.zone,
      incident: {
        id: o.incidentId,
        title: redact(edited.title ?? p.title),
        service: edited.service ?? p.service,
        trigger: p.trigger,
        severity,
        peakSeverity: peak,
        status,
        summary,
        selection: redact(p.selection.reason),
        playbook: { id: p.playbook.id, version: p.playbook.version, sha256: p.playbook.sha256 },
        context: shownContext,
        openedBy: o.actor,
        drill: p.drill ? { scenario: p.drill.scenario, title: p.drill.title, speed: typeof p.drill.speed === 'number' ? p.drill.speed : null, auto: p.drill.auto === true, injects, score } : null,
      },
      times: {
        opened: instant(o.ts),
        mitigated: at(m.mitigated),
        resolved: at(m.resolved),
        closed: at(m.closed),
        lastEvent: instant(end.ts),
        reopened: m.reopened,
      },
      durations: {
        toMitigate: span(m.toMitigateMs, o.ts, m.mitigated),
        toResolve: span(m.toResolveMs, o.ts, m.resolved),
        toClose: span(m.toCloseMs, o.ts, m.closed),
        correction: span(m.correctionMs, m.resolved, m.closed),
        open: span(isoMillis(end.ts) - start, o.ts, end.ts)!,
      },
      severityHistory,
      statusHistory,
      roles,
      counts: { ...counts, hookRuns: runTally.total().runs, hookFailures: runTally.total().failed },
      postmortem: postmortem.finish(),
      timeline,
      hooks: [...hooks.values()],
      attachments,
      verification: {
        ok: verification.ok,
        scope: verification.scope,
        checkedEvents: verification.incidentEvents,
        incidentEvents: counts.events,
        // A head edited into something that is no head (the check above names it) is not repeated as one.
        chainHead: shownHead(verification.chainHead),
        incidentHead: { seq: end.seq, hash: isSha256Hex(end.hash) ? end.hash : '' },
        firstBad: verification.firstBad ? { seq: verification.firstBad.seq, kind: verification.firstBad.kind, message: verification.firstBad.message } : null,
        command: 'aiops evidence verify',
      },
    };
  };

  return {
    add,
    get opened() {
      return opened !== null;
    },
    finish,
  };
}

/** Fields in the documented order, whatever order the log's payload has them in. */
function attachmentOf(a: { sha256: string; name: string; size: number }, e: StoredEvent, via: ExportAttachment['via']): ExportAttachment {
  return { sha256: a.sha256, name: a.name, size: a.size, seq: e.seq, at: e.ts, by: e.actor, via };
}

function startedRun(e: EventOf<'hook.started'> | EventOf<'hook.simulated'>, redact: (s: string) => string): HookDetail {
  const simulated = e.type === 'hook.simulated';
  return {
    run: e.payload.run,
    name: e.payload.hook,
    step: e.payload.step,
    argv: e.payload.argv.map(redact),
    simulated,
    ok: simulated ? true : null,
    exitCode: null,
    signal: null,
    timedOut: false,
    durationMs: simulated ? 0 : null,
    output: '',
    outputOmitted: 0,
    error: null,
    undoOf: e.payload.undoOf ?? null,
  };
}

function finishRun(run: HookDetail, e: EventOf<'hook.finished'>, redact: (s: string) => string): void {
  const p = e.payload;
  run.ok = p.ok;
  run.exitCode = p.exitCode;
  run.signal = p.signal;
  run.timedOut = p.timedOut;
  run.durationMs = p.durationMs;
  run.error = p.error === undefined ? null : redact(p.error);
  const trimmed = trimOutput(redact(joinOutput(p.stdout, p.stderr)));
  run.output = trimmed.text;
  run.outputOmitted = trimmed.omitted;
}

function joinOutput(stdout: string, stderr: string): string {
  const out = stdout.replace(/\s+$/, '');
  const err = stderr.replace(/\s+$/, '');
  if (!err) return out;
  return out ? `${out}\n[stderr]\n${err}` : `[stderr]\n${err}`;
}

/** The first lines of a hook's output, each cut to a readable width; says how many lines were left out. */
export function trimOutput(text: string): { text: string; omitted: number } {
  if (!text) return { text: '', omitted: 0 };
  const lines = text.split('\n');
  const kept = lines.slice(0, OUTPUT_LINES_KEPT).map((l) => (l.length > OUTPUT_LINE_CHARS ? `${l.slice(0, OUTPUT_LINE_CHARS)}…` : l));
  return { text: kept.join('\n'), omitted: Math.max(0, lines.length - OUTPUT_LINES_KEPT) };
}
