import { UserError } from './errors.js';
import { SEVERITIES, type Severity } from './constants.js';
import type { TriggerMapping } from './schemas/config.js';
import { renderTemplate } from './template.js';

export interface ParsedAlert {
  format: 'alertmanager' | 'pagerduty';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  title: string | null;
}

export interface AlertStart {
  trigger: string | null;
  service: string | null;
  /** Severity the `triggers:` mapping states; it wins over what the trigger implies. */
  severity: Severity | null;
  /** Severity read from the alert's own label or priority; used only when nothing else decides. */
  labelSeverity: Severity | null;
  title: string | null;
  mapping: number | null;
  labels: Record<string, string>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number') out[k] = String(x);
  return out;
}

/** Recognises an Alertmanager webhook (version 4) or a PagerDuty v3 webhook event. */
export function parseAlert(doc: unknown, file: string): ParsedAlert {
  if (isObj(doc) && doc.version === '4' && Array.isArray(doc.alerts)) {
    const alerts = doc.alerts.filter(isObj);
    const firing = alerts.find((a) => a.status === 'firing') ?? alerts[0];
    if (!firing) throw new UserError(`${file}: Alertmanager payload has no alerts`);
    const labels = { ...strings(doc.commonLabels), ...strings(firing.labels) };
    const annotations = { ...strings(doc.commonAnnotations), ...strings(firing.annotations) };
    return { format: 'alertmanager', labels, annotations, title: annotations.summary ?? labels.alertname ?? null };
  }
  if (isObj(doc) && isObj(doc.event) && typeof doc.event.event_type === 'string' && isObj(doc.event.data)) {
    const data = doc.event.data;
    const service = isObj(data.service) ? data.service.summary : undefined;
    const priority = isObj(data.priority) ? data.priority.summary : undefined;
    const labels = strings({
      event_type: doc.event.event_type,
      title: data.title,
      service,
      priority,
      urgency: data.urgency,
      status: data.status,
      id: data.id,
    });
    return { format: 'pagerduty', labels, annotations: {}, title: typeof data.title === 'string' ? data.title : null };
  }
  if (isObj(doc) && Array.isArray(doc.alerts) && 'version' in doc) {
    throw new UserError(`${file}: Alertmanager webhook version ${JSON.stringify(doc.version)} is not supported; aiops reads version "4"`);
  }
  if (isObj(doc) && Array.isArray(doc.messages)) {
    throw new UserError(`${file}: this looks like a PagerDuty v2 webhook; aiops reads PagerDuty v3 webhook events`, {
      hint: 'switch the PagerDuty webhook subscription to v3 ({"event": {"event_type", "data"}})',
    });
  }
  throw new UserError(`${file}: not an alert aiops understands`, {
    hint: 'expected a Prometheus Alertmanager webhook payload (version "4") or a PagerDuty v3 webhook event ({"event": {"event_type", "data"}})',
  });
}

const WORD_SEVERITY: Record<string, Severity> = { critical: 'SEV1', page: 'SEV1', high: 'SEV2', error: 'SEV2', warning: 'SEV3', medium: 'SEV3', low: 'SEV4', info: 'SEV4', P1: 'SEV1', P2: 'SEV2', P3: 'SEV3', P4: 'SEV4', P5: 'SEV4' };

function severityFrom(text: string | undefined): Severity | null {
  if (!text) return null;
  if ((SEVERITIES as readonly string[]).includes(text.toUpperCase())) return text.toUpperCase() as Severity;
  return WORD_SEVERITY[text] ?? WORD_SEVERITY[text.toLowerCase()] ?? null;
}

/** Maps an alert to trigger, service, severity and title through aiops.yaml `triggers:`. */
export function mapAlert(alert: ParsedAlert, mappings: TriggerMapping[]): AlertStart {
  const values = { labels: alert.labels, annotations: alert.annotations };
  const idx = mappings.findIndex((m) => Object.entries(m.match).every(([k, v]) => alert.labels[k] === v));
  const m = idx >= 0 ? mappings[idx]! : null;
  const render = (t: string | undefined) => (t === undefined ? null : renderTemplate(t, values).trim() || null);
  return {
    trigger: m?.trigger ?? null,
    service: render(m?.service) ?? alert.labels.service ?? null,
    severity: m?.severity ?? null,
    labelSeverity: severityFrom(alert.labels.severity) ?? severityFrom(alert.labels.priority) ?? null,
    title: render(m?.title) ?? alert.title,
    mapping: idx >= 0 ? idx : null,
    labels: alert.labels,
  };
}
