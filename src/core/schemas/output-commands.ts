import { z } from 'zod';
import { OUTPUT_SCHEMA_VERSION } from '../output-version.js';
import { OVERSIGHT_METRICS } from '../watch/oversight.js';
import { WATCH_METRICS } from './watch.js';

/**
 * The `--json` documents of the commands that print neither an incident view nor an error: one
 * schema each, named by the fields it requires (`format: "aiops.report"`, `services`, `drills`, …),
 * so the union in output.ts tells them apart and a document no schema names fails it.
 */
export const Version = z.literal(OUTPUT_SCHEMA_VERSION).meta({ description: 'The shape of this document; raised when a field changes meaning or goes' });
export const Time = z.string().meta({ description: 'ISO 8601 time' });
export const Person = z.string();
export const Nullable = <T extends z.ZodType>(t: T) => t.nullable();
const Count = z.number();

/** `aiops version --json` (also `aiops -v --json`). */
export const VersionOutput = z.object({
  schemaVersion: Version,
  version: z.string().meta({ description: 'The aiops package version' }),
  node: z.string().meta({ description: 'The Node.js version running it' }),
});

const Stat = z.object({ n: Count, medianMs: Nullable(z.number()), p90Ms: Nullable(z.number()) });

const Figures = z.object({
  count: Count,
  bySeverity: z.record(z.string(), Count).meta({ description: 'Incidents by the most severe level each reached' }),
  byTrigger: z.record(z.string(), Count),
  timeToAcknowledge: Stat,
  timeToMitigate: Stat,
  timeToResolve: Stat,
  approvalLatency: Stat,
  correctionTime: Stat,
  correctionPending: Count.meta({ description: 'Incidents not resolved or closed with no fix live yet' }),
  approvals: z.object({ granted: Count, byPolicy: Count, denied: Count, overrides: Count, incidentsWithOverride: Count, overrideRate: Nullable(z.number()) }),
  disagreement: z.object({ total: Count, denyAfterApproval: Count, decisionsReversed: Count, incidents: Count }),
  hooks: z.object({ runs: Count, failed: Count, failureRate: Nullable(z.number()), byHook: z.record(z.string(), z.object({ runs: Count, failed: Count })) }),
  escalations: z.object({ total: Count, incidents: Count }),
  weeks: z.array(z.object({ week: z.string().meta({ description: 'The Monday (UTC) the week starts, YYYY-MM-DD' }), opened: Count, escalations: Count })),
  leftOut: z.object({ cancelled: Count, duplicate: Count }).meta({ description: 'Incidents in the window no figure counts: cancelled, or duplicates of another' }),
});

const ScenarioScores = z.object({
  scenario: z.string(),
  runs: z.array(z.object({ id: z.string(), at: Time, score: z.number() })),
  latest: Nullable(z.number()),
  median: Nullable(z.number()),
});

const MetricFigures = z.object({
  count: Count.meta({ description: 'Records the rate counts (its denominator)' }),
  hits: Count,
  value: Nullable(z.number()).meta({ description: 'hits / count; null when count is 0 (no data, not a rate of 0)' }),
});
const BadLine = z.object({ line: z.number().meta({ description: '1-based line number' }), reason: z.string() });

const Oversight = z
  .object({
    file: z.string(),
    records: Count.meta({ description: "Records in the figures: of the service, inside the report's window" }),
    outsideWindow: z
      .object({ before: Count, after: Count })
      .meta({ description: "Records of the service left out of the figures for their ts: before the window's start, or dated after now" }),
    bad: z.array(BadLine),
    service: Nullable(z.string()),
    definitions: z.record(z.string(), z.string()),
    rows: z.array(
      z.object({
        service: z.string(),
        week: z.string(),
        drill: z.boolean(),
        requests: Count,
        escalations: Count,
        figures: z.record(z.enum(OVERSIGHT_METRICS), MetricFigures),
      }),
    ),
  })
  .meta({ description: 'When a telemetry file is given: the oversight figures of that JSON Lines file, by service and week' });

/** `aiops report --json`: incident and drill figures over a window (`format: "aiops.report"`, its own `version: 1`). */
export const ReportOutput = z.object({
  schemaVersion: Version,
  format: z.literal('aiops.report'),
  version: z.literal(1),
  generatedAt: Time,
  window: z.object({ since: Nullable(z.string()).meta({ description: '--since as given; null for all' }), from: Nullable(Time), to: Time }),
  service: Nullable(z.string()),
  drills: z.enum(['include', 'only', 'exclude']),
  incidents: Nullable(Figures).meta({ description: 'Real incidents; null when only drills are asked for' }),
  drillFigures: Nullable(Figures.extend({ scenarios: z.array(ScenarioScores) })).meta({ description: 'Drills people played; null when drills are left out' }),
  scriptChecks: Nullable(z.object({ count: Count, scenarios: z.array(ScenarioScores) })).meta({ description: 'Unattended (auto) runs, never counted as drills; null when drills are left out' }),
  definitions: z.record(z.string(), z.string()).meta({ description: 'What each figure means, in words' }),
  warnings: z.array(z.string()).optional().meta({ description: 'Events left out because they are not as aiops writes them (each names its seq); absent when none' }),
  oversight: Oversight.optional(),
});

/** A drift rule's firing: the window's figures and the requests that put it over. */
const DriftFigures = z.object({
  rule: z.string(),
  metric: z.enum(WATCH_METRICS),
  class: z.string().optional(),
  service: z.string(),
  trigger: z.string(),
  above: z.number(),
  window: z.string(),
  value: z.number(),
  count: Count,
  hits: Count,
  from: Time.meta({ description: "The window's first counted record" }),
  to: Time.meta({ description: 'The record that made the rule fire' }),
  offending: z.array(z.string()).meta({ description: "Request ids of the window's hits, oldest first" }),
});

/** `aiops watch FILE --json`: what was read and what the drift rules did. */
export const WatchOutput = z.object({
  schemaVersion: Version,
  records: Count,
  bad: z
    .array(BadLine.extend({ file: z.number().optional().meta({ description: 'When following, after the file at the path was rotated or truncated: which file read there (2 for the second), its lines numbered from 1 again' }) }))
    .meta({ description: 'Lines that were not telemetry, every one' }),
  restarts: z.array(z.enum(['rotated', 'truncated'])).meta({ description: 'When following: each time the file at the path was replaced (rotated) or cut short (truncated), in order; reading started again from its first byte' }),
  firings: z.array(
    DriftFigures.extend({
      outcome: z.enum(['opened', 'appended']),
      incidentId: z.string(),
      warnings: z.array(z.string()),
    }),
  ),
  late: Count.meta({ description: "Records older than a rule's window start (the newest record seen, less the window) when they arrived: counted in no window" }),
  failed: z
    .array(DriftFigures.extend({ error: z.string().meta({ description: 'Why no incident was opened or added to' }) }))
    .meta({ description: 'Firings that opened or added to no incident (a trigger no playbook answers); the watch read on, and exits 1' }),
});

const Versions = z.object({ model: z.string().optional(), prompt: z.string().optional(), tools: z.string().optional(), policy: z.string().optional() });
const InventoryChange = z.object({ seq: z.number(), ts: Time, actor: Person, service: z.string(), set: Versions, previous: Versions, reason: z.string() });

/** `aiops inventory [SERVICE] --json`. */
export const InventoryOutput = z.object({
  schemaVersion: Version,
  services: z.array(z.object({ service: z.string(), live: Versions, previous: Versions, history: z.array(InventoryChange).meta({ description: 'Newest first, as the text listing' }) })),
});

/** `aiops inventory set … --json`: the change logged, or null when every version given was live already. */
export const InventorySetOutput = z.object({
  schemaVersion: Version,
  change: Nullable(InventoryChange).meta({ description: 'The change logged; null when every version given was live already and nothing was written' }),
  unchanged: z.array(z.enum(['model', 'prompt', 'tools', 'policy'])).meta({ description: 'Fields given with the version already live: not part of the change' }),
});

const InboxBase = { incident: z.string(), title: z.string() };

/** `aiops inbox --json`: what waits on `person`. */
export const InboxOutput = z.object({
  schemaVersion: Version,
  ok: z.literal(true),
  person: Person,
  items: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('approval'), ...InboxBase, step: z.string(), role: z.string(), requestedAt: Time }),
      z.object({ kind: z.literal('step'), ...InboxBase, step: z.string(), role: z.string(), current: z.boolean(), overdue: z.boolean(), dueAt: Nullable(Time) }),
      z.object({ kind: z.literal('page'), ...InboxBase, page: z.string(), reason: z.string(), message: z.string(), sentAt: Nullable(Time), escalatedFrom: Nullable(z.string()) }),
    ]),
  ),
});

/** `aiops drill list --json`. */
export const DrillListOutput = z.object({
  schemaVersion: Version,
  drills: z.array(
    z.object({
      id: z.string(),
      scenario: z.string(),
      title: z.string(),
      playbook: z.string(),
      startedAt: Time,
      startedBy: Person,
      auto: z.boolean(),
      speed: z.number(),
      status: z.string().meta({ description: '`ended` once the drill was scored, else the incident status' }),
      incidentStatus: z.string().meta({ description: "The drill incident's own status, ended or not" }),
      endedAt: Nullable(Time),
      score: Nullable(z.number()),
      early: Nullable(z.boolean()),
    }),
  ),  warnings: z.array(z.string()).optional().meta({ description: 'Events left out because they are not as aiops writes them (each names its seq); absent when none' }),
});

/** `aiops evidence verify-export FILE --json`: the verdict of tools/verify-export.mjs. */
export const VerifyExportOutput = z.object({
  schemaVersion: Version,
  ok: z.boolean(),
  verdict: z.enum(['ok', 'partial', 'tampered', 'invalid', 'unsupported']),
  line: z.string().meta({ description: 'What the standalone verifier prints' }),
  incident: Nullable(z.string()).optional().meta({ description: 'The incident a per-incident export holds, null for the whole log; absent for invalid/unsupported' }),
  events: Count.optional(),
  head: Nullable(z.string()).optional(),
  linksChecked: Count.optional(),
  linksUnchecked: z.array(z.number()).optional().meta({ description: 'Seqs whose link to seq-1 is not in the file, so unchecked' }),
  file: z.string().meta({ description: 'The file as given (- for stdin)' }),
});

/** `aiops evidence head --json`. */
export const EvidenceHeadOutput = z.object({
  schemaVersion: Version,
  db: z.string(),
  head: Nullable(z.object({ seq: z.number(), hash: z.string() })).meta({ description: 'null while the log is empty' }),
});

/** `aiops hook list --json`. */
export const HookListOutput = z.object({
  schemaVersion: Version,
  hooks: z.array(
    z.object({
      name: z.string(),
      description: Nullable(z.string()),
      command: z.array(z.string()),
      timeout: z.string(),
      env: z.array(z.string()),
      approve: z.array(z.string()),
      runNeeds: z.array(z.string()).meta({ description: 'The roles `hook run` needs: approve, or the commander when empty' }),
      drill: z.enum(['simulate', 'run']),
      undo: Nullable(z.string()),
      undoOf: z.array(z.string()),
      usedBy: z.array(z.object({ playbook: z.string(), version: z.string(), step: z.string(), kind: z.string() })),
      problems: z.array(z.string()),
      warnings: z.array(z.string()),
    }),
  ),
});

/** How one expectation of a drill came out (drill report, drill end). */
export const ExpectationResult = z.object({
  id: z.string(),
  title: Nullable(z.string()),
  manual: z.boolean(),
  weight: z.number(),
  wants: z.string(),
  withinMs: Nullable(z.number()),
  after: Nullable(z.string()),
  outcome: z.enum(['met', 'met_late', 'missed', 'not_judged', 'not_reached']),
  tookMs: Nullable(z.number()),
  lateByMs: Nullable(z.number()),
  seq: Nullable(z.number()),
  reason: z.string(),
  judgedBy: Nullable(Person),
  note: Nullable(z.string()),
});

const DrillRecord = z.object({ incidentId: z.string(), playbook: z.string(), version: z.string(), date: z.string(), startedAt: Time, auto: z.boolean(), score: Nullable(z.number()) });
export const Problem = z.object({ file: z.string(), line: z.number().optional(), col: z.number().optional(), message: z.string() });

/** `aiops playbook list --json`. */
export const PlaybookListOutput = z.object({
  schemaVersion: Version,
  playbooks: z.array(
    z.object({
      id: z.string(),
      version: z.string(),
      title: z.string(),
      file: z.string(),
      sha256: z.string(),
      latest: z.boolean(),
      triggers: z.array(z.object({ id: z.string(), severity: z.string() })),
      steps: Count,
      reviewBy: Nullable(z.string()),
      reviewOverdue: z.boolean(),
      flags: z.array(z.string()),
      lastDrill: Nullable(DrillRecord).meta({ description: 'The last rehearsal by people of this version' }),
      lastScriptCheck: Nullable(DrillRecord).meta({ description: 'The last unattended (auto) run of this version' }),
    }),
  ),
  problems: z.array(Problem),
  warnings: z.array(z.string()).optional().meta({ description: 'Events left out because they are not as aiops writes them (each names its seq); absent when none' }),
});

/** The branches of this module, for the union in output.ts. */
export const COMMAND_OUTPUTS = [
  ReportOutput,
  WatchOutput,
  InventoryOutput,
  InventorySetOutput,
  InboxOutput,
  DrillListOutput,
  VersionOutput,
  VerifyExportOutput,
  EvidenceHeadOutput,
  HookListOutput,
  PlaybookListOutput,
] as const;
