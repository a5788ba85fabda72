import { z } from 'zod';
import { EXPORT_FORMAT, EXPORT_VERSION, TIMELINE_KINDS } from './export-constants.js';

/**
 * The JSON export: a documented, versioned shape for other tools. `format` and `version` say
 * what a document is; fields may be added in a minor revision, none renamed or removed without
 * a new `version`. schemas/export.schema.json is generated from this file.
 */
export { EXPORT_FORMAT, EXPORT_VERSION } from './export-constants.js';

const Iso = z.string().meta({ description: 'ISO-8601 instant in UTC with milliseconds, as stored in the evidence log' });
const Shown = z.string().meta({ description: 'The same instant as shown to readers, in the export time zone: YYYY-MM-DD HH:MM:SS, followed by the UTC offset in effect (UTC+01:00) when the export names a zone' });
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const Instant = z.object({ at: Iso, time: Shown });

const Span = z
  .object({
    ms: z.number().int().nullable().meta({ description: 'null when one of its ends is a time edited into the log that is no instant (the export then says verification FAILED)' }),
    text: z.string().meta({ description: 'Humanised, e.g. "1 hour 5 minutes"' }),
  })
  .meta({ description: 'A duration in milliseconds and in words' });

export const ExportAttachment = z.object({
  sha256: Sha256,
  name: z.string(),
  size: z.number().int().nonnegative(),
  seq: z.number().int().meta({ description: 'The event that carried it' }),
  at: Iso,
  by: z.string(),
  via: z.enum(['note', 'alert']),
});

export const HookDetail = z.object({
  run: z.string(),
  name: z.string(),
  step: z.string().nullable(),
  argv: z.array(z.string()).meta({ description: 'The exact argv that ran (or would have, when simulated), secrets redacted' }),
  simulated: z.boolean(),
  ok: z.boolean().nullable().meta({ description: 'null while no outcome is recorded' }),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  durationMs: z.number().int().nullable(),
  output: z.string().meta({ description: 'stdout then stderr, secrets redacted, trimmed to the first lines' }),
  outputOmitted: z.number().int().nonnegative().meta({ description: 'Lines left out of output by the trim' }),
  error: z.string().nullable(),
  undoOf: z.string().nullable(),
});

export { TIMELINE_KINDS } from './export-constants.js';

export const TimelineEntry = z.object({
  seq: z.number().int(),
  at: Iso,
  time: Shown,
  sinceStart: z.string().meta({ description: 'Offset from the opening, e.g. T+4m05s' }),
  actor: z.string(),
  role: z.string().nullable(),
  type: z.string().meta({ description: 'The evidence-log event type, e.g. approval.granted' }),
  kind: z.enum(TIMELINE_KINDS).meta({ description: 'What the entry is about, for filtering' }),
  text: z.string().meta({ description: 'What happened, one line, secrets redacted' }),
  step: z.string().nullable(),
  reason: z.string().nullable().meta({ description: 'The reason given (denials, skips, overrides, severity and status changes, refusals)' }),
  run: z.string().nullable().meta({ description: 'On hook entries: the run id, detailed in `hooks`' }),
  attachments: z.array(z.string()).meta({ description: 'sha256 of attachments this event carried' }),
});

export const ExportDocument = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    timeZone: z.string().meta({ description: 'The zone `time` fields are shown in (UTC unless --tz)' }),
    incident: z.object({
      id: z.string(),
      title: z.string(),
      service: z.string(),
      trigger: z.string().nullable(),
      severity: z.string().meta({ description: 'Severity now' }),
      peakSeverity: z.string(),
      status: z.enum(['open', 'mitigated', 'resolved', 'closed', 'cancelled', 'duplicate']),
      summary: z.string().nullable().meta({ description: 'The closing summary' }),
      selection: z.string().meta({ description: 'Why this playbook and severity were chosen' }),
      playbook: z.object({
        id: z.string(),
        version: z.string(),
        sha256: Sha256.or(z.literal('')).meta({ description: 'Empty only when the opening was edited by hand and holds no sha256 (the export then says verification FAILED)' }),
      }),
      context: z.record(z.string(), z.string()),
      openedBy: z.string(),
      drill: z
        .object({
          scenario: z.string(),
          title: z.string(),
          speed: z.number().nullable(),
          auto: z.boolean().meta({ description: 'Played by `aiops drill --auto`: its times are the drill clock, not when people acted' }),
          injects: z.number().int(),
          score: z.number().nullable().meta({ description: 'Score when the drill ended, else null' }),
        })
        .nullable()
        .meta({ description: 'Set when this incident is a drill' }),
    }),
    times: z.object({
      opened: Instant,
      mitigated: Instant.nullable(),
      resolved: Instant.nullable(),
      closed: Instant.nullable(),
      lastEvent: Instant,
      reopened: z.number().int().meta({ description: 'How many times the status went back to open' }),
    }),
    durations: z.object({
      toMitigate: Span.nullable().meta({ description: 'opened → first mitigated (or resolved, when it went straight there)' }),
      toResolve: Span.nullable().meta({ description: 'opened → first resolved' }),
      toClose: Span.nullable().meta({ description: 'opened → first closed' }),
      correction: Span.nullable().meta({ description: 'first resolved → first closed after it (post-incident correction)' }),
      open: Span.meta({ description: 'opened → last event' }),
    }),
    severityHistory: z.array(
      z.object({ at: Iso, time: Shown, from: z.string().nullable(), to: z.string(), reason: z.string(), actor: z.string() }),
    ),
    statusHistory: z.array(
      z.object({ at: Iso, time: Shown, from: z.string().nullable(), to: z.string(), reason: z.string().nullable(), actor: z.string() }),
    ),
    roles: z.array(
      z.object({
        role: z.string(),
        person: z.string(),
        from: Instant,
        to: Instant.nullable().meta({ description: 'null while still held' }),
        handoff: z.boolean(),
        source: z.enum(['manual', 'oncall', 'starter', 'owner']),
      }),
    ),
    counts: z.object({
      events: z.number().int(),
      approvals: z.number().int(),
      denials: z.number().int(),
      overrides: z.number().int(),
      refusals: z.number().int(),
      hookRuns: z.number().int(),
      hookFailures: z.number().int(),
      notes: z.number().int(),
    }),
    postmortem: z
      .object({
        impact: z
          .object({ text: z.string().nullable(), affected: z.string().nullable(), duration: z.string().nullable(), by: z.string() })
          .nullable()
          .meta({ description: 'As the commander recorded it with `aiops incident impact`' }),
        cause: z.string().nullable(),
        factors: z.array(z.string()),
        wentWell: z.array(z.string()),
        wentBadly: z.array(z.string()),
        actionItems: z.array(
          z.object({
            id: z.string(),
            text: z.string(),
            owner: z.string(),
            due: Instant,
            addedBy: z.string(),
            closed: z.object({ by: z.string(), at: Instant, note: z.string().nullable() }).nullable(),
          }),
        ),
        mitigationsInEffect: z
          .array(z.object({ run: z.string(), hook: z.string(), undo: z.string(), step: z.string().nullable(), since: Instant, simulated: z.boolean() }))
          .meta({ description: 'Hook runs that succeeded, whose hook has an undo in aiops.yaml, never undone' }),
        keyEvents: z
          .array(z.object({ seq: z.number().int(), at: Iso, time: Shown, sinceStart: z.string(), text: z.string() }))
          .meta({
            description:
              'One row per decision or action, in seq order; at most 100: past that the most telling (opening, severity, status, decisions, overrides, denials; then failed hook runs and role changes; then the rest), and of a tier that does not fit whole, its first and last events. The full audit trail is `timeline`',
          }),
        keyEventsOmitted: z.number().int().nonnegative().meta({ description: 'Key events left out of keyEvents for its length; every event is in `timeline`' }),
      })
      .meta({ description: 'What a postmortem leads with, beside the log’s own facts' }),
    timeline: z.array(TimelineEntry),
    hooks: z.array(HookDetail),
    attachments: z.array(ExportAttachment),
    verification: z.object({
      ok: z.boolean().meta({ description: "Whether this incident's events passed the chain check at export time (see scope)" }),
      scope: z.literal('incident').meta({
        description:
          "What was checked: every event of this incident re-hashed, its links to the events just before and after it in the chain, and the recorded chain head. Other incidents' events were not re-walked; `aiops evidence verify` checks the whole chain",
      }),
      checkedEvents: z.number().int().meta({ description: 'Events that were re-hashed: those of this incident' }),
      incidentEvents: z.number().int(),
      chainHead: z.object({ seq: z.number().int(), hash: Sha256 }).nullable().meta({ description: 'The recorded head of the whole chain (checked to be its last event); null when none is recorded, or what is recorded is no head (the check then fails)' }),
      incidentHead: z
        .object({ seq: z.number().int(), hash: Sha256.or(z.literal('')).meta({ description: 'Empty only when its stored hash was edited into something that is no sha256' }) })
        .meta({ description: "This incident's last event" }),
      firstBad: z.object({ seq: z.number().int(), kind: z.string(), message: z.string() }).nullable(),
      command: z.string().meta({ description: 'How to re-check, walking the whole chain' }),
    }),
  })
  .meta({ title: 'aiops incident export', description: 'A postmortem timeline projected from the evidence log' });

export type ExportDocument = z.infer<typeof ExportDocument>;
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export type HookDetail = z.infer<typeof HookDetail>;
export type ExportAttachment = z.infer<typeof ExportAttachment>;

/** JSON Schema (draft 2020-12) of the JSON export, generated from the zod schema above. */
export function exportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ExportDocument, { target: 'draft-2020-12', io: 'output' });
  return { $id: 'https://aiops.dev/schemas/export.schema.json', ...schema };
}
