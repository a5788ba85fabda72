import { UserError } from '../core/errors.js';
import type { IncidentState } from '../core/incident-state.js';
import { createDriftWatch, type DriftFiring, type DriftWatch } from '../core/watch/drift.js';
import { formatFigure, METRIC_DEFINITIONS } from '../core/watch/metrics.js';
import { parseTelemetryLine } from '../core/watch/telemetry.js';
import { act } from './act.js';
import { type FileTurn, isFileTurn } from './follow-file.js';
import { loadIncident } from './live-incident.js';
import type { Session } from './session.js';
import { startIncident } from './start-incident.js';

/** The incident context key that ties a drift incident to its rule: one open incident per rule and service. */
export const WATCH_RULE_KEY = 'watch_rule';

export interface DriftRaised extends DriftFiring {
  outcome: 'opened' | 'appended';
  incidentId: string;
  warnings: string[];
}

export interface DriftFailed extends DriftFiring {
  error: string;
}

export interface WatchSummary {
  records: number;
  /** Lines that were not telemetry, by line number (1-based) in the file read (`file`: 2 after the first restart, …), with why. */
  bad: { line: number; reason: string; file?: number }[];
  firings: DriftRaised[];
  /** Records that arrived too late for a rule's window (older than its start): counted in none. */
  late: number;
  /** Firings that opened or added to no incident (a trigger no playbook answers, …), with why: the watch goes on. */
  failed: DriftFailed[];
  /** Each time a followed file was rotated or truncated, in turn: reading restarted at line 1 of the file then at its path. */
  restarts: FileTurn['turn'][];
}

/** A bad line as watch and serve print it: `file:line: skipped: why`, naming which file read at the path once there were more. */
export const badLineText = (file: string, b: WatchSummary['bad'][number]) =>
  `${file}:${b.line}: skipped: ${b.reason}${b.file ? ` (file ${b.file} read at that path)` : ''}`;

/** The longest telemetry line read (characters); a longer one is skipped as a bad line. */
export const MAX_LINE = 1024 * 1024;

/** How many offending request ids the note lists; all of them are in its attachment. */
const NOTE_IDS = 20;

/** The open incident (not a drill) a drift rule opened for this service, if any. */
export async function openDriftIncident(session: Session, rule: string, service: string): Promise<IncidentState | undefined> {
  const rows = (await session.log.summaries()).filter((r) => !r.drill && r.service === service && (r.status === 'open' || r.status === 'mitigated'));
  for (const r of rows.reverse()) {
    const state = await loadIncident(session, r.id);
    if (state.context[WATCH_RULE_KEY] === rule && (state.status === 'open' || state.status === 'mitigated')) return state;
  }
  return undefined;
}

function noteText(f: DriftFiring): string {
  const what = f.metric === 'output_class_share' ? `${f.metric} of ${f.class}` : f.metric;
  const ids = f.offending.slice(0, NOTE_IDS).join(', ') + (f.offending.length > NOTE_IDS ? ` … (+${f.offending.length - NOTE_IDS} more in the attachment)` : '');
  return `drift rule ${f.rule}: ${what} ${formatFigure(f.value)} above ${f.above} over ${f.window} (${f.hits} of ${f.count} requests, ${f.from} to ${f.to}); offending requests: ${ids || 'none'}`;
}

/**
 * A firing rule opens an incident with its trigger and service (context watch_rule = the rule id), or adds
 * to the one it already has open for that service; either way a note carries the window's figures, and
 * an attachment the figures with every offending request id.
 */
export async function raiseDrift(session: Session, f: DriftFiring): Promise<DriftRaised> {
  const figures = { ...f, definition: METRIC_DEFINITIONS[f.metric] };
  const attachment = await session.log.putAttachment(Buffer.from(`${JSON.stringify(figures, null, 2)}\n`), `drift-${f.rule}.json`);
  const open = await openDriftIncident(session, f.rule, f.service);
  const warnings: string[] = [];
  let id: string;
  if (open) id = open.id;
  else {
    const started = await startIncident(session, {
      trigger: f.trigger,
      service: f.service,
      title: `Drift: ${f.metric === 'output_class_share' ? `${f.class} share` : f.metric} above ${f.above} on ${f.service} (rule ${f.rule})`,
      context: { [WATCH_RULE_KEY]: f.rule },
    });
    id = started.state.id;
    warnings.push(...started.warnings);
  }
  const noted = await act(session, id, { kind: 'note', text: noteText(f), attachments: [attachment] });
  warnings.push(...noted.warnings);
  return { ...f, outcome: open ? 'appended' : 'opened', incidentId: id, warnings };
}

/**
 * `aiops watch`: reads JSON Lines telemetry from chunks (a file, stdin, a followed file), applies the
 * drift rules of aiops.yaml, and raises what fires. A bad line is counted with its number, never fatal.
 * `aiops serve` passes its one `drift` for every POST /telemetry and its followed file, so windows span them.
 */
export async function watchTelemetry(
  session: Session,
  chunks: AsyncIterable<Buffer | string | FileTurn> | Iterable<Buffer | string | FileTurn>,
  onFiring?: (r: DriftRaised) => void,
  drift: DriftWatch = createDriftWatch(session.project.config.watch ?? []),
  onFailed?: (f: DriftFailed) => void,
): Promise<WatchSummary> {
  const summary: WatchSummary = { records: 0, bad: [], firings: [], failed: [], late: 0, restarts: [] };
  const lateBefore = drift.late;
  let line = 0;
  let rest = '';
  const tooLong = `line longer than ${MAX_LINE / (1024 * 1024)} MiB`;
  const bad = (reason: string) => summary.bad.push({ line, reason, ...(summary.restarts.length ? { file: summary.restarts.length + 1 } : {}) });
  const take = async (text: string) => {
    line++;
    if (text.length > MAX_LINE) {
      bad(tooLong);
      return;
    }
    if (text.trim() === '') return;
    const parsed = parseTelemetryLine(text);
    if (!parsed.ok) {
      bad(parsed.reason);
      return;
    }
    summary.records++;
    for (const f of drift.push(parsed.record)) {
      let raised: DriftRaised;
      try {
        raised = await raiseDrift(session, f);
      } catch (err) {
        // One rule that cannot open its incident (a trigger no playbook answers) must not blind the others.
        if (!(err instanceof UserError)) throw err;
        const failed = { ...f, error: err.message };
        summary.failed.push(failed);
        onFailed?.(failed);
        continue;
      }
      summary.firings.push(raised);
      onFiring?.(raised);
    }
  };
  // Inside a line over MAX_LINE: its bytes are dropped up to its newline, so memory stays bounded.
  let overlong = false;
  const skipOverlong = () => {
    line++;
    overlong = false;
    bad(tooLong);
  };
  // A file's last line may lack its newline: it is a line of its own, never glued to what comes next.
  const endOfFile = async () => {
    if (overlong) skipOverlong();
    else if (rest !== '') await take(rest);
    rest = '';
  };
  for await (const chunk of chunks) {
    if (isFileTurn(chunk)) {
      await endOfFile();
      summary.restarts.push(chunk.turn);
      line = 0;
      continue;
    }
    const text = rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      if (overlong) skipOverlong();
      else await take(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
    if (rest.length > MAX_LINE) overlong = true;
    if (overlong) rest = '';
  }
  await endOfFile();
  summary.late = drift.late - lateBefore;
  return summary;
}
