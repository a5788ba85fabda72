import { mapAlert } from '../core/alert-mapping.js';
import { parseAlert, type ParsedAlert } from '../core/alerts.js';
import type { IncidentState } from '../core/incident-state.js';
import { act } from './act.js';
import { loadIncident } from './live-incident.js';
import type { Session } from './session.js';
import { alertJson, assertNotBlank, startIncident, type StartOptions } from './start-incident.js';

/**
 * What became of one alert notification: it opened an incident, was appended to the open one it
 * belongs to (a repeat, or the source saying it resolved), or concerned nothing open and was
 * not recorded (a resolved notification never opens an incident).
 */
export type AlertOutcome =
  | { outcome: 'opened' | 'appended' | 'resolved'; incidentId: string; state: IncidentState; warnings: string[]; key: string | null }
  | { outcome: 'ignored'; incidentId: null; reason: string; warnings: string[]; key: string | null };

export interface ReceiveOptions extends Omit<StartOptions, 'alert'> {
  /** Where the payload came from, for messages: a file name, `stdin`, `POST /alerts`. */
  file: string;
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

/**
 * The one way an alert payload comes in, from `incident start --from-alert` and `aiops serve`:
 * parse it (any supported shape), find the open incident it belongs to by its group key, and
 * append it there as alert.received; otherwise open an incident from it, unless it says resolved.
 * The raw bytes are stored first (an orphaned blob is harmless, a lost one is not).
 */
export async function receiveAlert(session: Session, raw: Buffer, opts: ReceiveOptions): Promise<AlertOutcome> {
  assertNotBlank(opts);
  const config = session.project.config;
  const parsed: ParsedAlert = parseAlert(alertJson(raw, opts.file), opts.file, config.alert_sources ?? []);
  const mapped = mapAlert(parsed, config.triggers ?? []);
  const key = mapped.key;
  const open = key !== null ? await openIncidentForKey(session, key) : undefined;
  if (open) {
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
        firing: parsed.alerts.filter((a) => a.status === 'firing').length,
        alerts: parsed.alerts,
        ...(parsed.status === 'resolved' ? { resolvedAt: parsed.resolvedAt } : {}),
      },
    });
    return { outcome: parsed.status === 'resolved' ? 'resolved' : 'appended', incidentId: state.id, state, warnings: [...mapped.warnings, ...warnings], key };
  }
  if (parsed.status === 'resolved') {
    return { outcome: 'ignored', incidentId: null, reason: `a resolved ${parsed.format} notification${key ? ` for ${key}` : ''} with no open incident: nothing recorded (resolved never opens an incident)`, warnings: mapped.warnings, key };
  }
  if (parsed.format === 'pagerduty' && parsed.eventType && !PD_OPENS.has(parsed.eventType)) {
    return { outcome: 'ignored', incidentId: null, reason: `PagerDuty ${parsed.eventType} for ${key ?? 'an incident'} with no open incident: nothing recorded`, warnings: mapped.warnings, key };
  }
  const { state, warnings } = await startIncident(session, { ...opts, alert: { file: opts.file, raw, parsed } });
  return { outcome: 'opened', incidentId: state.id, state, warnings, key };
}
