import { mapAlert } from '../core/alert-mapping.js';
import { parseAlert, type ParsedAlert } from '../core/alerts.js';
import type { IncidentState } from '../core/incident-state.js';
import { OperationFailed } from '../core/errors.js';
import { sha256Hex } from '../core/hash-chain.js';
import { act } from './act.js';
import { loadIncident } from './live-incident.js';
import { AlertGroupOpened } from './pipeline.js';
import type { Session } from './session.js';
import { alertJson, assertNotBlank, startIncident, type StartOptions } from './start-incident.js';

/**
 * What became of one alert notification: it opened an incident, was appended to the open one it
 * belongs to (a repeat, or the source saying it resolved), or concerned nothing open and was
 * not recorded (a resolved notification never opens an incident).
 */
export type AlertOutcome =
  /** `replay`: the payload repeats the incident's last notification byte for byte, which is not counted again (ReceiveOptions.replays). */
  | { outcome: 'opened' | 'appended' | 'resolved'; incidentId: string; state: IncidentState; warnings: string[]; key: string | null; replay?: boolean }
  | { outcome: 'ignored'; incidentId: null; reason: string; warnings: string[]; key: string | null };

export interface ReceiveOptions extends Omit<StartOptions, 'alert'> {
  /** Where the payload came from, for messages: a file name, `stdin`, `POST /alerts`. */
  file: string;
  /**
   * serve: a payload byte for byte the same as the open incident's last notification is the
   * sender retrying it (perhaps to another serve on the same log): answered as then, not counted again.
   */
  replays?: boolean;
}

/** PagerDuty events that say an incident exists; the rest (acknowledged, priority_updated, …) only add to one. */
const PD_OPENS = new Set(['incident.triggered', 'incident.reopened', 'incident.unacknowledged']);

/** The open (or mitigated) incident, not a drill, whose alert has this key. */
export async function openIncidentForKey(session: Session, key: string): Promise<IncidentState | undefined> {
  const rows = (await session.log.summaries()).filter((r) => !r.drill && (r.status === 'open' || r.status === 'mitigated'));
  for (const r of rows.reverse()) {
    const state = await loadIncident(session, r.id);
    if (state.alert?.key === key && (state.status === 'open' || state.status === 'mitigated')) return state;
  }
  return undefined;
}

/** How often an alert is decided again when other writers keep opening incidents of its group first. */
const MAX_ATTEMPTS = 50;

/**
 * The one way an alert payload comes in, from `incident start --from-alert` and `aiops serve`:
 * parse it (any supported shape), find the open incident it belongs to by its group key, and
 * append it there as alert.received; otherwise open an incident from it, unless it says resolved.
 * The open expects no incident of the group opened since the look (checked in the append's
 * transaction), so notifications racing in from several processes or hosts open one incident and
 * the others join it. The raw bytes are stored first (an orphaned blob is harmless, a lost one is not).
 */
export async function receiveAlert(session: Session, raw: Buffer, opts: ReceiveOptions): Promise<AlertOutcome> {
  assertNotBlank(opts);
  const config = session.project.config;
  const parsed: ParsedAlert = parseAlert(alertJson(raw, opts.file), opts.file, config.alert_sources ?? []);
  const mapped = mapAlert(parsed, config.triggers ?? []);
  const key = mapped.key;
  const { replays, ...start } = opts;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Read before the look: an incident of this group opened after it is one the open's own check finds.
    const seenAt = key !== null ? ((await session.log.head())?.seq ?? 0) : undefined;
    const open = key !== null ? await openIncidentForKey(session, key) : undefined;
    if (open) {
      const replay = replays ? await replayOf(session, open, raw, parsed) : undefined;
      if (replay) return { outcome: replay, incidentId: open.id, state: open, warnings: mapped.warnings, key, replay: true };
      return joinIncident(session, open, raw, parsed, key, mapped.warnings);
    }
    if (parsed.status === 'resolved') {
      return { outcome: 'ignored', incidentId: null, reason: `a resolved ${parsed.format} notification${key ? ` for ${key}` : ''} with no open incident: nothing recorded (resolved never opens an incident)`, warnings: mapped.warnings, key };
    }
    if (parsed.format === 'pagerduty' && parsed.eventType && !PD_OPENS.has(parsed.eventType)) {
      return { outcome: 'ignored', incidentId: null, reason: `PagerDuty ${parsed.eventType} for ${key ?? 'an incident'} with no open incident: nothing recorded`, warnings: mapped.warnings, key };
    }
    try {
      const { state, warnings } = await startIncident(session, { ...start, alert: { file: opts.file, raw, parsed, ...(seenAt !== undefined ? { seenAt } : {}) } });
      return { outcome: 'opened', incidentId: state.id, state, warnings, key };
    } catch (err) {
      // Another writer opened an incident for this group since the look: decide again, and join it.
      if (!(err instanceof AlertGroupOpened)) throw err;
    }
  }
  throw new OperationFailed(`incidents kept opening for alert group ${key} under this notification (${MAX_ATTEMPTS} tries); nothing was recorded`, { hint: 'send it again' });
}

/** Appends the notification to the open incident of its group as alert.received. */
async function joinIncident(session: Session, open: IncidentState, raw: Buffer, parsed: ParsedAlert, key: string | null, mappedWarnings: string[]): Promise<AlertOutcome> {
  const attachment = await session.log.putAttachment(raw, `alert-${parsed.format}.json`);
  const { state, warnings } = await act(session, open.id, {
    kind: 'alert',
    received: {
      format: parsed.format,
      ...(parsed.source ? { source: parsed.source } : {}),
      attachment,
      key,
      status: parsed.status,
      ...(parsed.eventType ? { eventType: parsed.eventType } : {}),
      // What the notification says; decide settles it against what the source said before (settleAlerts).
      firing: parsed.alerts.filter((a) => a.status === 'firing').length,
      alerts: parsed.alerts,
      ...(parsed.status === 'resolved' ? { resolvedAt: parsed.resolvedAt } : {}),
    },
  });
  return { outcome: resolvedBy(parsed, state), incidentId: state.id, state, warnings: [...mappedWarnings, ...warnings], key };
}

/**
 * What the incident's last notification came to, when `raw` is byte for byte that notification:
 * a sender's retry (to this serve or another one on the same log) of what is already recorded.
 */
async function replayOf(session: Session, open: IncidentState, raw: Buffer, parsed: ParsedAlert): Promise<'opened' | 'appended' | 'resolved' | undefined> {
  const [last] = await session.log.readIncident(open.id, { types: ['alert.received'], newestFirst: true, limit: 1 });
  const lastSha = last?.type === 'alert.received' ? last.payload.attachment.sha256 : open.alert?.attachment.sha256;
  if (lastSha !== sha256Hex(raw)) return undefined;
  if (!last) return 'opened';
  return resolvedBy(parsed, open);
}

/** `resolved` when the notification says so and the alert is resolved now (a late one, older than a re-fire, is only appended). */
const resolvedBy = (parsed: ParsedAlert, state: IncidentState): 'resolved' | 'appended' => (parsed.status === 'resolved' && state.alert?.resolvedAt ? 'resolved' : 'appended');
