import { z } from 'zod';
import { DurationText, Identifier, RoleName, Severity, TimerDurationText } from './common.js';
import { WatchRules } from './watch.js';
import { ConfigSeverityPolicy } from './severity-policy.js';
import { MAX_BODY_LIMIT, PAGE_REASONS } from '../constants.js';

/** A shell-style `command: ./x.sh a b` shown as the argv list it should be. */
function argvHint(line: string): string {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const item = (w: string) => (/^[\w./@%+=-]+$/.test(w) && !/^[-?]$/.test(w) ? w : JSON.stringify(w));
  const shell = /[|&;<>$`'"\\*]/.test(line) ? '; shell syntax (pipes, quotes, $VARS) does not work here: put it in a script' : '';
  return `a hook command is an argv list, never a shell string: write command: [${words.map(item).join(', ')}]${shell}`;
}

export const HookSpec = z
  .strictObject({
    description: z.string().optional(),
    command: z
      .array(z.string(), { error: (iss) => (iss.code === 'invalid_type' && typeof iss.input === 'string' ? argvHint(iss.input) : undefined) })
      .min(1, 'a hook command is an argv array with at least the program, e.g. [./ops/flag.sh, disable]'),
    timeout: TimerDurationText.optional(),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an env allowlist entry is a variable name')).optional(),
    cwd: z.string().optional(),
    undo: Identifier.optional(),
    approve: z.array(RoleName).optional(),
    drill: z.enum(['simulate', 'run']).optional(),
  })
  .meta({ description: 'A named hook: an argv command, never a shell string' });
export type HookSpec = z.infer<typeof HookSpec>;

/** Severity read from the alert: the value at `from` (labels.severity, priority, …) looked up in `map`. */
export const SeverityFromAlert = z.strictObject({
  from: z.string().min(1),
  map: z.record(z.string(), Severity),
});

export const TriggerMapping = z.strictObject({
  /** Field → value; fields are the alert's labels, plus `status` (firing | resolved) and `format`. */
  match: z.record(z.string(), z.string()),
  trigger: Identifier,
  service: z.string().optional(),
  /** A fixed severity, or one read from the alert (the most severe of it and the trigger's wins). */
  severity: z.union([Severity, SeverityFromAlert]).optional(),
  title: z.string().optional(),
  /** Template of the key that groups repeats into one open incident, e.g. "{{labels.alertname}}/{{labels.service}}". */
  dedup: z.string().optional(),
});
export type SeverityFromAlert = z.infer<typeof SeverityFromAlert>;

/**
 * A webhook shape aiops does not know (Opsgenie, Datadog, Sentry, …), read by JSON path: `match`
 * says which payloads it is (path → value), `labels` which fields become the alert's labels.
 */
export const AlertSource = z.strictObject({
  name: Identifier,
  match: z.record(z.string(), z.string()),
  labels: z.record(z.string(), z.string()),
  title: z.string().optional(),
  /** The path whose value says resolved, and the values that mean it. */
  resolved: z.strictObject({ from: z.string(), values: z.array(z.string()).min(1) }).optional(),
  /** The path of the source's own id for the alert: repeats with the same value go to one incident. */
  key: z.string().optional(),
});
export type AlertSource = z.infer<typeof AlertSource>;

/** `aiops serve`: where its token lives (else $AIOPS_SERVE_TOKEN) and the hooks it runs on an opened incident. */
export const ServeConfig = z.strictObject({
  token_file: z.string().optional(),
  pagerduty_secret_file: z.string().optional(),
  max_body: z.number().int().positive().max(MAX_BODY_LIMIT, { message: `at most ${MAX_BODY_LIMIT} bytes (64 MiB)` }).optional(),
  rate_per_minute: z.number().int().positive().optional(),
  on_open: z.array(Identifier).optional(),
  /** A JSON Lines telemetry file serve follows (relative to aiops.yaml) through the watch: drift rules, beside POST /telemetry. */
  watch_file: z.string().min(1).optional(),
});
export type ServeConfig = z.infer<typeof ServeConfig>;
export type TriggerMapping = z.infer<typeof TriggerMapping>;

export { PAGE_REASONS };

/**
 * Paging (issue 16): the hook that carries a page to a person (`{{person.contact}}`, `{{message}}`,
 * `{{incident.id}}` in its argv), when it fires, and how long a page waits for `aiops ack` before
 * it escalates to the person's backup.
 */
export const NotifyConfig = z.strictObject({
  hook: Identifier,
  /** Which moments page someone (default: all of them). */
  on: z.array(z.enum(PAGE_REASONS)).optional(),
  /** How long a page waits for an ack before the backup is paged (default 5m). */
  ack_within: DurationText.optional(),
  /** The first wait before a failed page is tried again; it doubles each try (default 30s, at most 10m). */
  retry_after: DurationText.optional(),
  /** Tries of one page before it counts as unanswered and escalates (default 5). */
  attempts: z.number().int().positive().optional(),
});
export type NotifyConfig = z.infer<typeof NotifyConfig>;

export const Authority = z.strictObject({
  severity: z.array(RoleName).optional(),
  status: z.array(RoleName).optional(),
  close: z.array(RoleName).optional(),
  assign: z.array(RoleName).optional(),
});
export type Authority = z.infer<typeof Authority>;

export const ConfigFile = z
  .strictObject({
    roster: z.string().optional(),
    playbooks: z.string().optional(),
    scenarios: z.string().optional(),
    db: z.string().optional(),
    tz: z.string().optional().meta({ description: 'The IANA time zone (Europe/Berlin) times show in on terminals and in exports (a zone given to the command, then $TZ, come first), and notify templates render {{now}} in; the log and JSON stay UTC' }),
    redact: z.array(z.string()).optional(),
    assign: z.enum(['oncall', 'none']).optional(),
    triggers: z.array(TriggerMapping).optional(),
    alert_sources: z.array(AlertSource).optional(),
    serve: ServeConfig.optional(),
    notify: NotifyConfig.optional(),
    hooks: z.record(Identifier, HookSpec).optional(),
    authority: Authority.optional(),
    /** Drift rules `aiops watch` applies to AI telemetry (issue 19). */
    watch: WatchRules.optional(),
    /** What reaching a severity sets off in every incident (issue 19); playbooks may add their own. */
    severity_policies: z.array(ConfigSeverityPolicy).optional(),
    /**
     * Who is acting: `database` (the default on PostgreSQL) the roster person whose login is
     * connected; `os` the OS user (a shared host), `claimed` whatever --as says (today's SQLite default).
     */
    identity: z.enum(['database', 'os', 'claimed']).optional(),
  })
  .meta({ title: 'aiops.yaml', description: "The team's aiops environment" });
export type ConfigFile = z.infer<typeof ConfigFile>;
