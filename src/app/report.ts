import { MAX_DURATION_MS, parseDuration } from '../core/duration.js';
import { refuseBlank, UserError } from '../core/errors.js';
import { computeReport, REPORT_EVENT_TYPES, type ReportDocument } from '../export/report-metrics.js';
import type { EventLog } from '../store/index.js';

export interface ReportRequest {
  now: Date;
  /** `30d`, `2w`, `12h`…, or `all`; default 30d. */
  since?: string;
  service?: string;
  drills?: 'include' | 'only' | 'exclude';
}

/** Parses --since: a duration (`30d`, `2w`) or `all`. */
export function parseSince(text: string): { ms: number; text: string } | null {
  if (text === 'all') return null;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UserError(`--since ${text} is not a duration`, { hint: 'write e.g. 30d, 2w, 12h, or all' });
  // The cap every duration has (a window reaching before year 1 was printed as "opened since -271764-03").
  if (ms > MAX_DURATION_MS) throw new UserError(`--since ${text} is longer than a report window may be: at most 3650d (ten years)`, { hint: 'for every incident in the log: --since all' });
  return { ms, text };
}

/**
 * Reads the few event types the figures need from the session's log and computes the report. The
 * log is the session's: a project's own log not there yet reads as empty, one named with --db or
 * $AIOPS_DB that is not there was refused when the session opened, as every reader refuses it.
 */
export async function buildReport(log: Pick<EventLog, 'eventsOfTypes'>, req: ReportRequest): Promise<ReportDocument> {
  const since = parseSince(req.since ?? '30d');
  // Blank is not "all services" (a header saying so over zero incidents): leave --service out for that.
  refuseBlank('--service', req.service, 'name a service: --service shop-assistant, or leave --service out for every service');
  // An event the report cannot read (edited outside aiops) is left out with a warning: computeReport.
  const events = await log.eventsOfTypes(REPORT_EVENT_TYPES);
  return computeReport(events, { now: req.now, since, service: req.service, drills: req.drills ?? 'include' });
}

