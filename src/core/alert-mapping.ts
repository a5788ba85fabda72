import type { ParsedAlert } from './alerts.js';
import { SEVERITIES, type Severity } from './constants.js';
import type { ConfigFile, TriggerMapping } from './schemas/config.js';
import { missingVariables, renderTemplate, templateVariables } from './template.js';

export interface AlertStart {
  trigger: string | null;
  service: string | null;
  /** Severity the `triggers:` mapping fixes; it wins over what the trigger implies. */
  severity: Severity | null;
  /** Severity read from the alert through the mapping's `severity: {from, map}`: the most severe of it and the trigger's wins. */
  alertSeverity: { severity: Severity; from: string; value: string } | null;
  /** Severity read from the alert's own label or priority; used only when nothing else decides. */
  labelSeverity: Severity | null;
  title: string | null;
  mapping: number | null;
  labels: Record<string, string>;
  /** What groups repeats into one open incident (null: nothing does). */
  key: string | null;
  /** Templates of the mapping that named fields this alert does not have (rendered blank). */
  warnings: string[];
}

/** The values a mapping's templates may name: `{{labels.x}}`, `{{annotations.x}}`, `{{status}}`, `{{groupKey}}`. */
export const ALERT_TEMPLATE_ROOTS = ['labels', 'annotations', 'status', 'groupKey', 'format'] as const;

const WORD_SEVERITY: Record<string, Severity> = { critical: 'SEV1', page: 'SEV1', high: 'SEV2', error: 'SEV2', warning: 'SEV3', medium: 'SEV3', low: 'SEV4', info: 'SEV4', P1: 'SEV1', P2: 'SEV2', P3: 'SEV3', P4: 'SEV4', P5: 'SEV4' };

function severityFrom(text: string | undefined): Severity | null {
  if (!text) return null;
  if ((SEVERITIES as readonly string[]).includes(text.toUpperCase())) return text.toUpperCase() as Severity;
  return WORD_SEVERITY[text] ?? WORD_SEVERITY[text.toLowerCase()] ?? null;
}

function alertValues(alert: ParsedAlert): Record<string, unknown> {
  return { labels: alert.labels, annotations: alert.annotations, status: alert.status, groupKey: alert.groupKey ?? undefined, format: alert.labels.format };
}

/** The value a `severity: {from: labels.severity}` path names in the alert. */
function fieldOf(alert: ParsedAlert, path: string): string | undefined {
  const v = renderTemplate(`{{${path}}}`, alertValues(alert));
  return v === '' ? undefined : v;
}

/** The mapping whose `match` every field of the alert meets (labels, plus status and format). */
export function matchingMapping(alert: ParsedAlert, mappings: readonly TriggerMapping[]): number {
  return mappings.findIndex((m) => Object.entries(m.match).every(([k, v]) => alert.labels[k] === v));
}

const nonBlank = (text: string | null | undefined): string | null => (text?.trim() ? text : null);

/** Maps an alert to trigger, service, severity, title and dedup key through aiops.yaml `triggers:`. */
export function mapAlert(alert: ParsedAlert, mappings: readonly TriggerMapping[]): AlertStart {
  const values = alertValues(alert);
  const idx = matchingMapping(alert, mappings);
  const m = idx >= 0 ? mappings[idx]! : null;
  const warnings: string[] = [];
  const render = (t: string | undefined, field: string) => {
    if (t === undefined) return null;
    const missing = missingVariables(t, values);
    if (missing.length) warnings.push(`triggers: mapping #${idx + 1} ${field} "${t}" names ${missing.map((n) => `{{${n}}}`).join(', ')}, which this ${alert.format} alert does not have (rendered blank)`);
    return renderTemplate(t, values).trim() || null;
  };
  let alertSeverity: AlertStart['alertSeverity'] = null;
  if (m?.severity && typeof m.severity === 'object') {
    const value = fieldOf(alert, m.severity.from);
    const sev = value === undefined ? undefined : m.severity.map[value];
    if (sev) alertSeverity = { severity: sev, from: m.severity.from, value: value! };
    else warnings.push(`triggers: mapping #${idx + 1} severity from ${m.severity.from}: ${value === undefined ? 'the alert has no such field' : `"${value}" is not in its map`}`);
  }
  // The group key also holds for what a mapping's `status:` leaves out: a resolved notification
  // joins the incident a firing-only mapping opened, by that mapping's dedup template.
  const keyedBy = m?.dedup !== undefined ? m : mappings.find((x) => x.dedup !== undefined && Object.entries(x.match).every(([k, v]) => k === 'status' || alert.labels[k] === v));
  const dedup = keyedBy?.dedup === undefined ? null : renderTemplate(keyedBy.dedup, values).trim() || null;
  if (keyedBy?.dedup !== undefined && missingVariables(keyedBy.dedup, values).length) warnings.push(`triggers: dedup "${keyedBy.dedup}" names ${missingVariables(keyedBy.dedup, values).map((n) => `{{${n}}}`).join(', ')}, which this ${alert.format} alert does not have`);
  const key = dedup !== null ? `dedup:${dedup}` : alert.groupKey !== null ? `${alert.source ?? alert.format}:${alert.groupKey}` : null;
  return {
    trigger: m?.trigger ?? null,
    // A blank service label is no service: the incident falls back as when the label is missing.
    service: render(m?.service, 'service') ?? nonBlank(alert.labels.service),
    severity: typeof m?.severity === 'string' ? m.severity : null,
    alertSeverity,
    labelSeverity: severityFrom(alert.labels.severity) ?? severityFrom(alert.labels.priority) ?? null,
    title: render(m?.title, 'title') ?? nonBlank(alert.title),
    mapping: idx >= 0 ? idx : null,
    labels: alert.labels,
    key,
    warnings,
  };
}

/** Templates in `triggers:` that name something no alert has (a typo like `{{label.service}}`): path and message. */
export function mappingTemplateProblems(config: ConfigFile): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  (config.triggers ?? []).forEach((m, i) => {
    const fields: [string, string | undefined][] = [['service', m.service], ['title', m.title], ['dedup', m.dedup]];
    if (m.severity && typeof m.severity === 'object') fields.push(['severity', `{{${m.severity.from}}}`]);
    for (const [field, t] of fields) {
      if (t === undefined) continue;
      for (const name of templateVariables(t)) {
        const [root, ...rest] = name.split('.');
        const leaf = root === 'labels' || root === 'annotations';
        if (!(ALERT_TEMPLATE_ROOTS as readonly string[]).includes(root!) || (leaf && rest.length !== 1) || (!leaf && rest.length > 0)) {
          out.push({ path: ['triggers', i, field], message: `${field} names {{${name}}}, which no alert has; use {{labels.NAME}}, {{annotations.NAME}}, {{status}} or {{groupKey}}` });
        }
      }
    }
  });
  return out;
}
