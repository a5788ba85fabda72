import { UserError } from './errors.js';
import type { AlertSource } from './schemas/config.js';

export type AlertFormat = 'alertmanager' | 'grafana' | 'pagerduty' | 'generic';
export type AlertStatus = 'firing' | 'resolved';

/** One alert of a notification (Alertmanager sends a group of them), with its own labels. */
export interface AlertItem {
  status: AlertStatus;
  labels: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  fingerprint?: string;
  /**
   * The source's own time for this alert's status (PagerDuty's occurred_at; Alertmanager's startsAt
   * while firing, endsAt once resolved): a notification older than what is known changes no state.
   */
  at?: string;
}

export interface ParsedAlert {
  format: AlertFormat;
  /** The generic source's name (alert_sources: in aiops.yaml). */
  source?: string;
  /** The notification as a whole: resolved when every alert in it is. */
  status: AlertStatus;
  /** What the source itself groups by: Alertmanager's groupKey, PagerDuty's incident id, a generic source's key. */
  groupKey: string | null;
  /** PagerDuty's event type (incident.triggered, incident.resolved, incident.priority_updated, …). */
  eventType: string | null;
  /** The source's id of this delivery (PagerDuty event id), for idempotent retries. */
  deliveryId: string | null;
  /** When the source says it resolved (the latest endsAt, or the event time). */
  resolvedAt: string | null;
  /** Common labels and those of the first firing alert (what mappings match on), plus status and format. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  title: string | null;
  alerts: AlertItem[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number') out[k] = String(x);
  return out;
}

/** The value at a dotted JSON path (`$.` optional, array indexes as numbers): `alert.tags.0`. */
export function atPath(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const part of path.replace(/^\$\.?/, '').split('.').filter(Boolean)) {
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (isObj(cur) && Object.hasOwn(cur, part)) cur = cur[part];
    else return undefined;
  }
  return cur;
}

/** Alertmanager's "zero" endsAt (still firing) is not a time anything resolved. */
const realTime = (t: string | undefined) => (t && !t.startsWith('0001-') ? t : undefined);

/** Alertmanager v4 and Grafana unified alerting (webhook version 1) share one shape. */
function parseGroup(doc: Record<string, unknown>, format: 'alertmanager' | 'grafana', file: string): ParsedAlert {
  const alerts: AlertItem[] = (doc.alerts as unknown[]).filter(isObj).map((a) => {
    const status: AlertStatus = a.status === 'resolved' ? 'resolved' : 'firing';
    const at = status === 'resolved' ? realTime(str(a.endsAt)) : str(a.startsAt);
    return {
      status,
      labels: { ...strings(doc.commonLabels), ...strings(a.labels) },
      ...(str(a.startsAt) ? { startsAt: str(a.startsAt)! } : {}),
      ...(realTime(str(a.endsAt)) ? { endsAt: realTime(str(a.endsAt))! } : {}),
      ...(str(a.fingerprint) ? { fingerprint: str(a.fingerprint)! } : {}),
      ...(at ? { at } : {}),
    };
  });
  const first = (doc.alerts as unknown[]).filter(isObj);
  const lead = first.find((a) => a.status !== 'resolved') ?? first[0];
  if (!lead) throw new UserError(`${file}: ${format === 'grafana' ? 'Grafana' : 'Alertmanager'} payload has no alerts`);
  const status: AlertStatus = alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing';
  const labels = { ...strings(doc.commonLabels), ...strings(lead.labels) };
  const annotations = { ...strings(doc.commonAnnotations), ...strings(lead.annotations) };
  const ends = alerts.map((a) => a.endsAt).filter((t): t is string => !!t).sort();
  return {
    format,
    status,
    groupKey: str(doc.groupKey) ?? null,
    eventType: null,
    deliveryId: null,
    resolvedAt: status === 'resolved' ? (ends.at(-1) ?? null) : null,
    labels,
    annotations,
    title: annotations.summary ?? (format === 'grafana' ? str(doc.title) : undefined) ?? labels.alertname ?? null,
    alerts,
  };
}

function parsePagerDuty(event: Record<string, unknown>, data: Record<string, unknown>): ParsedAlert {
  const eventType = String(event.event_type);
  const resolved = eventType === 'incident.resolved' || data.status === 'resolved';
  const labels = strings({
    event_type: eventType,
    title: data.title,
    service: isObj(data.service) ? data.service.summary : undefined,
    priority: isObj(data.priority) ? data.priority.summary : undefined,
    urgency: data.urgency,
    status: data.status,
    id: data.id,
  });
  const status: AlertStatus = resolved ? 'resolved' : 'firing';
  const at = str(event.occurred_at);
  return {
    format: 'pagerduty',
    status,
    groupKey: str(data.id) ?? null,
    eventType,
    deliveryId: str(event.id) ?? null,
    resolvedAt: resolved ? (str(event.occurred_at) ?? null) : null,
    labels,
    annotations: {},
    title: str(data.title) ?? null,
    alerts: [{ status, labels, ...(at ? { at } : {}) }],
  };
}

function parseGeneric(doc: unknown, src: AlertSource): ParsedAlert {
  const labels: Record<string, string> = {};
  for (const [name, path] of Object.entries(src.labels)) {
    const v = atPath(doc, path);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') labels[name] = String(v);
  }
  const flag = src.resolved ? str(atPath(doc, src.resolved.from)) : undefined;
  const status: AlertStatus = flag !== undefined && src.resolved!.values.includes(flag) ? 'resolved' : 'firing';
  const title = src.title ? str(atPath(doc, src.title)) : undefined;
  return {
    format: 'generic',
    source: src.name,
    status,
    groupKey: src.key ? (str(atPath(doc, src.key)) ?? null) : null,
    eventType: null,
    deliveryId: null,
    resolvedAt: null,
    labels,
    annotations: {},
    title: title ?? labels.title ?? labels.alertname ?? null,
    alerts: [{ status, labels }],
  };
}

/**
 * Recognises an Alertmanager webhook (version 4), Grafana unified alerting's webhook (version 1,
 * Alertmanager-shaped), a PagerDuty v3 webhook event, or a shape described under `alert_sources:`.
 */
export function parseAlert(doc: unknown, file: string, sources: readonly AlertSource[] = []): ParsedAlert {
  const withStatus = (p: ParsedAlert): ParsedAlert => ({ ...p, labels: { ...p.labels, status: p.labels.status ?? p.status, format: p.source ?? p.format } });
  if (isObj(doc) && doc.version === '4' && Array.isArray(doc.alerts)) return withStatus(parseGroup(doc, 'alertmanager', file));
  if (isObj(doc) && doc.version === '1' && Array.isArray(doc.alerts) && ('orgId' in doc || 'groupKey' in doc)) return withStatus(parseGroup(doc, 'grafana', file));
  if (isObj(doc) && isObj(doc.event) && typeof doc.event.event_type === 'string' && isObj(doc.event.data)) return withStatus(parsePagerDuty(doc.event, doc.event.data));
  for (const src of sources) {
    if (Object.entries(src.match).every(([path, want]) => str(atPath(doc, path)) === want)) return withStatus(parseGeneric(doc, src));
  }
  if (isObj(doc) && Array.isArray(doc.alerts) && 'version' in doc) {
    throw new UserError(`${file}: Alertmanager webhook version ${JSON.stringify(doc.version)} is not supported; aiops reads version "4" (and Grafana unified alerting's version "1")`);
  }
  if (isObj(doc) && ('evalMatches' in doc || 'ruleId' in doc) && !Array.isArray(doc.alerts)) {
    throw new UserError(`${file}: not an alert aiops understands: this is Grafana's legacy alerting webhook`, {
      hint: "use Grafana unified alerting's webhook contact point (version \"1\", with alerts: [...]), or describe the shape under alert_sources: in aiops.yaml",
    });
  }
  if (isObj(doc) && Array.isArray(doc.messages)) {
    throw new UserError(`${file}: this looks like a PagerDuty v2 webhook; aiops reads PagerDuty v3 webhook events`, {
      hint: 'switch the PagerDuty webhook subscription to v3 ({"event": {"event_type", "data"}})',
    });
  }
  throw new UserError(`${file}: not an alert aiops understands`, {
    hint: 'expected a Prometheus Alertmanager webhook (version "4"), Grafana unified alerting (version "1"), a PagerDuty v3 webhook event, or a shape under alert_sources: in aiops.yaml',
  });
}

/** PagerDuty events that say the incident fired (again); the rest (priority_updated, acknowledged, …) never re-fire a resolved one. */
const PD_FIRES = new Set(['incident.triggered', 'incident.reopened']);

/** True when `a` is a time strictly before `b`; an unknown or unreadable time is never older. */
function older(a: string | undefined, b: string | undefined): boolean {
  const x = a ? Date.parse(a) : NaN;
  const y = b ? Date.parse(b) : NaN;
  return !Number.isNaN(x) && !Number.isNaN(y) && x < y;
}

const identity = (a: AlertItem) => a.fingerprint ?? JSON.stringify(Object.entries(a.labels).filter(([k]) => k !== 'status' && k !== 'format').sort(([x], [y]) => (x < y ? -1 : 1)));

/**
 * The group's alerts once a notification is taken in: the notification names the group's alerts (an
 * alert it leaves out is gone, as before), each taken as it says unless the source already said
 * something newer about that alert (a late, reordered delivery keeps the newer state), and an update
 * that is no re-trigger (PagerDuty's priority_updated, …) never turns a resolved alert firing again.
 * `kept` counts the alerts whose status the notification contradicts but did not change.
 */
export function settleAlerts(known: readonly AlertItem[], next: { format: AlertFormat; eventType?: string | null; alerts: readonly AlertItem[] }): { alerts: AlertItem[]; kept: number } {
  const fires = next.format !== 'pagerduty' || PD_FIRES.has(next.eventType ?? '');
  // PagerDuty and generic sources send one alert per notification: the group's one alert, whatever its labels say now.
  const single = next.format === 'pagerduty' || next.format === 'generic';
  let kept = 0;
  const alerts = next.alerts.map((a) => {
    const was = single ? known[0] : known.find((b) => identity(b) === identity(a));
    if (!was) return a;
    if (older(a.at, was.at)) {
      if (a.status !== was.status) kept++;
      return was;
    }
    if (was.status === 'resolved' && a.status === 'firing' && !fires) {
      kept++;
      const { at: _at, ...rest } = a;
      return { ...rest, status: was.status, ...(was.at ? { at: was.at } : {}) };
    }
    return a;
  });
  return { alerts, kept };
}

/** One line for a received notification, the same in `incident show`, the TUI and the export. */
export function alertReceivedText(p: { format: string; source?: string; status: AlertStatus; firing: number; alerts: readonly AlertItem[]; resolvedAt?: string | null; eventType?: string | null; kept?: number }): string {
  const from = p.source ?? p.format;
  const what = p.eventType ? ` ${p.eventType}` : '';
  const late = p.kept ? `; ${p.kept} left as the source said before - late, or no re-trigger` : '';
  if (p.status === 'resolved') return `${from}${what}: source says resolved at ${p.resolvedAt ?? 'an unstated time'} (${p.alerts.length} alert(s)${late})`;
  return `${from}${what}: alert received again - ${p.firing} of ${p.alerts.length} alert(s) firing${late}`;
}
