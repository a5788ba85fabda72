import { z } from 'zod';
import { ACT_OUTPUTS } from './output-acts.js';
import { COMMAND_OUTPUTS, ExpectationResult, Nullable, Person, Time, Version } from './output-commands.js';

/**
 * What `--json` prints: one document with `schemaVersion`. schemas/output.schema.json is generated
 * from this file (`npm run schemas`); a field is only ever added within a schemaVersion.
 */

const Attachment = z.object({ sha256: z.string(), name: z.string(), size: z.number() });

const Run = z.object({
  run: z.string(),
  hook: z.string(),
  argv: z.array(z.string()),
  simulated: z.boolean(),
  startedAt: Time,
  startedBy: Person,
  outcome: z.enum(['ok', 'failed', 'unknown']),
  exitCode: Nullable(z.number()),
  timedOut: z.boolean(),
  durationMs: Nullable(z.number()),
  recorded: Nullable(z.string()).meta({ description: 'The note of an outcome recorded by hand (`hook record`, for a run nobody saw finish); null when the hook reported it' }),
});

const Approval = z.object({
  role: z.string(),
  person: Person,
  ts: Time,
  note: Nullable(z.string()),
  override: Nullable(z.object({ reason: z.string(), missing: z.array(z.string()) })),
});

const Step = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  owner: z.string(),
  status: z.enum(['pending', 'done', 'skipped', 'bypassed']),
  display: z.enum(['pending', 'current', 'done', 'skipped', 'bypassed', 'waiting-approval', 'denied', 'failed', 'outcome-unknown']),
  overdue: z.boolean(),
  dueAt: Nullable(Time),
  option: Nullable(z.string()),
  doneAt: Nullable(Time),
  doneBy: Nullable(Person),
  skipReason: Nullable(z.string()),
  hook: Nullable(z.string()),
  argv: Nullable(z.array(z.string())).meta({ description: "What the step's hook would run now on this host, templates filled (pending steps with a defined hook; null otherwise)" }),
  command: Nullable(z.array(z.string())).meta({
    description: 'The same command as aiops.yaml gives it (the program as written, e.g. project-relative), templates filled: what an approval pins, the same on every host',
  }),
  needs: z.array(z.string()),
  requestedAt: Nullable(Time),
  approvals: z.array(Approval).meta({ description: 'The approvals that count for the command as it is now' }),
  lapsed: Nullable(
    z.object({ approvals: z.array(Approval), changes: z.array(z.string()) }).meta({
      description: 'Approvals given for another command (context, title, service or aiops.yaml changed since): they no longer count, and what changed',
    }),
  ),
  missing: z.array(z.string()),
  denied: Nullable(z.object({ by: Person, role: z.string(), reason: z.string(), ts: Time })),
  runs: z.array(Run),
});

/** The incident view (its own `version: 1`), as README's "--json output" describes it. */
export const IncidentViewOutput = z.object({
  version: z.literal(1),
  id: z.string(),
  title: z.string(),
  service: z.string(),
  severity: z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']),
  trigger: Nullable(z.string()),
  status: z.enum(['open', 'mitigated', 'resolved', 'closed', 'cancelled', 'duplicate']),
  drill: Nullable(
    z.object({
      scenario: z.string(),
      title: z.string(),
      ended: Nullable(z.object({ at: Time, score: Nullable(z.number()) })).optional().meta({ description: 'When the drill ended (drill time) and its score (null when its end cannot be read); null while it is played' }),
    }),
  ),
  playbook: z.object({ id: z.string(), version: z.string(), sha256: z.string() }),
  selection: z.object({ reason: z.string(), candidates: z.array(z.string()).optional() }),
  alert: Nullable(z.object({ format: z.enum(['alertmanager', 'pagerduty']), attachment: Attachment })),
  openedAt: Time,
  openedBy: Person,
  context: z.record(z.string(), z.string()),
  roles: z.record(
    z.string(),
    z.object({ person: Person, since: Time, source: z.enum(['starter', 'manual', 'oncall', 'owner']), contact: Nullable(z.string()), backups: z.array(Person) }),
  ),
  roleHistory: z.array(z.object({ role: z.string(), person: Person, from: Time, to: Nullable(Time), handoff: z.boolean() })),
  current: Nullable(z.string()),
  path: z.array(z.string()),
  steps: z.array(Step),
  notes: z.array(z.object({ seq: z.number(), ts: Time, actor: Person, text: z.string(), attachments: z.array(Attachment) })),
  severityHistory: z.array(z.object({ ts: Time, from: Nullable(z.string()), to: z.string(), reason: z.string(), actor: Person })),
  statusHistory: z.array(z.object({ ts: Time, from: Nullable(z.string()), to: z.string(), reason: z.string().optional(), actor: Person })),
  summary: Nullable(z.string()),
  /** Set while the status is `duplicate`: the incident this one duplicates. */
  duplicateOf: z.string().optional(),
  refusals: z.number(),
  overrides: z.number(),
  events: z.number(),
  lastSeq: z.number(),
});

const ErrorOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(false),
  error: z.object({
    kind: z.enum(['invalid-input', 'refused', 'failed', 'bug']),
    message: z.string(),
    rule: z.string().optional(),
    hint: z.string().optional(),
    details: z.array(z.string()).optional(),
  }),
});

const IncidentOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  warnings: z.array(z.string()).optional(),
  missing: z.array(z.string()).optional(),
  hook: z.object({ ok: z.boolean(), simulated: z.boolean() }).loose().optional(),
  notesOmitted: z.number().optional(),
  /** What severity policies the command set off came to (incident start, severity, ack). */
  policies: z
    .array(z.object({ policy: z.string(), step: z.string(), hook: z.string(), outcome: z.enum(['ran', 'failed', 'simulated', 'held', 'awaiting-approval', 'refused', 'withdrawn']), run: z.string().optional(), detail: z.string().optional() }))
    .optional(),
  incident: IncidentViewOutput,
});

const IncidentListOutput = z.object({
  schemaVersion: Version,
  incidents: z.array(
    z
      .object({
        id: z.string(),
        title: z.string(),
        service: z.string(),
        severity: z.string(),
        status: z.string(),
        trigger: Nullable(z.string()),
        openedAt: Time,
        commander: Nullable(Person).optional(),
        closedAt: Nullable(Time).optional(),
        dues: z.record(z.string(), z.number()).optional().meta({ description: 'Pending steps with a due time (real incidents): step → seconds after openedAt when it falls due' }),
        awaiting: z.record(z.string(), z.array(z.string())).optional().meta({ description: 'Steps waiting for approval: step → the roles still to approve (absent when none)' }),
      })
      .loose(),
  ),
});

const Problem = z.object({ file: z.string(), line: z.number().optional(), col: z.number().optional(), message: z.string() }).loose();

const ValidateOutput = z.object({
  schemaVersion: Version,
  ok: z.boolean(),
  files: z.array(z.object({ file: z.string(), ok: z.boolean() })),
  problems: z.array(Problem),
  warnings: z.array(Problem).optional().meta({ description: 'Worth fixing, never failing a file (a hook value pasted into a shell script); absent when none' }),
});

const VerifyOutput = z
  .object({
    schemaVersion: Version,
    ok: z.boolean(),
    events: z.number(),
    head: Nullable(z.object({ seq: z.number(), hash: z.string() })),
    firstBad: Nullable(z.object({ seq: z.number(), kind: z.string(), message: z.string() }).loose()),
  })
  .loose();

const Trend = z.object({
  runs: z.array(z.object({ id: z.string(), startedAt: Time, score: z.number(), playbook: z.string(), auto: z.boolean() })),
  best: Nullable(z.number()),
  worst: Nullable(z.number()),
  mean: Nullable(z.number()),
  change: Nullable(z.number()).meta({ description: 'Score change from the first run to the last' }),
  expectations: z.array(z.object({ id: z.string(), outcomes: z.array(z.string()), missed: z.number() })),
});

/** `drill report --json` (and `--format json`): the after-action report, its own `version: 1` and `kind` beside `schemaVersion`. */
export const DrillReportOutput = z.object({
  schemaVersion: Version,
  version: z.literal(1),
  kind: z.literal('aiops-drill-report'),
  id: z.string(),
  scenario: z.object({ id: z.string(), title: z.string(), description: Nullable(z.string()) }),
  incident: z.object({ title: z.string(), service: z.string(), severity: z.string(), status: z.string() }),
  playbook: z.object({ id: z.string(), version: z.string(), sha256: z.string() }),
  startedAt: Time,
  startedBy: Person,
  speed: z.number(),
  auto: z.boolean(),
  ended: Nullable(z.object({ at: Time, early: z.boolean(), elapsedMs: z.number() })),
  score: Nullable(z.number()).meta({ description: 'The score now, 0..100 (judgments made after the end included); null when the last drill end cannot be read' }),
  earned: z.number(),
  possible: z.number(),
  expectations: z.array(ExpectationResult),
  measures: z.object({
    firstRoleAssignment: Nullable(z.object({ role: z.string(), person: Person, atMs: z.number() })),
    mitigatedMs: Nullable(z.number()),
    resolvedMs: Nullable(z.number()),
    approvals: z.array(
      z.object({
        step: z.string(),
        hook: Nullable(z.string()),
        roles: z.array(z.string()),
        requestedMs: z.number(),
        grantedMs: Nullable(z.number()),
        waitedMs: Nullable(z.number()),
        approvers: z.array(z.object({ role: z.string(), person: Person, atMs: z.number(), override: z.boolean() })),
        denied: Nullable(z.object({ by: Person, reason: z.string(), atMs: z.number() })),
      }),
    ),
    hooks: z.array(z.object({ hook: z.string(), step: Nullable(z.string()), argv: z.array(z.string()), simulated: z.boolean(), ok: Nullable(z.boolean()), atMs: z.number() })),
    refusals: z.number(),
  }).meta({ description: 'Offsets (…Ms) are milliseconds of drill time from the start' }),
  wentWell: z.array(z.string()),
  missed: z.array(z.string()),
  notJudged: z.array(z.string()),
  timeline: z.array(z.object({ seq: z.number(), atMs: z.number(), ts: Time, actor: Person, role: Nullable(z.string()), type: z.string(), inject: z.boolean(), text: z.string() })),
  injectsHeldBack: z.array(z.object({ key: z.string(), atMs: z.number(), summary: z.string(), reason: z.string() })),
  debrief: z.array(z.object({ by: Person, ts: Time, text: z.string() })),
  trend: Trend.extend({
    scriptChecks: Trend.meta({ description: 'The unattended (auto) runs, apart: they check the script, they are no rehearsal' }),
    current: z.string(),
  }).meta({ description: 'Every drill people played of the scenario, oldest first' }),
  warnings: z.array(z.string()).optional().meta({ description: 'Drill ends left out because they are not as aiops writes them (each names its seq); absent when none' }),
});

/**
 * The documents not yet described field by field (drill start/status/--auto/run, hook test/output,
 * playbook show/diff, export -o, db init/copy, an ignored alert): README lists them. Remove this
 * branch once each has its own, so a document no schema names fails the union.
 */
// A document holding an incident view (an object under `incident`) or an error is one of the shapes
// above, never "any other": without this the union accepted every document with a schemaVersion.
const OtherOutput = z
  .object({
    schemaVersion: Version,
    incident: Nullable(z.string()).optional().meta({ description: 'An incident id; an incident view is IncidentOutput' }),
    error: z.never().optional(),
  })
  .loose();

export const JsonOutput = z
  .union([ErrorOutput, IncidentOutput, IncidentListOutput, ValidateOutput, VerifyOutput, DrillReportOutput, ...COMMAND_OUTPUTS, ...ACT_OUTPUTS, OtherOutput])
  .meta({ title: 'aiops JSON output', description: 'One JSON document on stdout for every command asked for JSON output' });
