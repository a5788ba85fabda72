/** `{{incident.id}}`-style templates, substituted into single strings only (argv elements, messages). */

const VAR_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;

export const TEMPLATE_NAMESPACES = ['incident', 'params', 'actor', 'now', 'labels', 'annotations', 'step', 'context', 'inventory'] as const;

export function templateVariables(template: string): string[] {
  return [...template.matchAll(VAR_RE)].map((m) => m[1]!);
}

export type TemplateValues = Record<string, unknown>;

function lookup(values: TemplateValues, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Substitutes values in one pass: a substituted value is never itself re-expanded,
 * so `{{params.x}}` whose value contains `{{...}}` stays literal.
 */
export function renderTemplate(
  template: string,
  values: TemplateValues,
  onMissing: (name: string) => string = () => '',
): string {
  return template.replace(VAR_RE, (_m, name: string) => {
    const v = lookup(values, name);
    if (v === undefined || v === null) return onMissing(name);
    return typeof v === 'string' ? v : String(v);
  });
}

/** Variables a template uses that the values do not provide. */
export function missingVariables(template: string, values: TemplateValues): string[] {
  return templateVariables(template).filter((n) => lookup(values, n) === undefined);
}
