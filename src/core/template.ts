/** `{{incident.id}}`-style templates, substituted into single strings only (argv elements, messages). */

/**
 * What a template names after its namespace (`{{context.KEY}}`, `{{params.NAME}}`): a letter or _,
 * then letters, digits, _ . - (a dot inside a key is part of the key). The one rule for such keys.
 */
const KEY = '[A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)*';
const KEY_RE = new RegExp(`^${KEY}$`);
const VAR_RE = new RegExp(`\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.${KEY})?)\\s*\\}\\}`, 'g');

/**
 * Why a key given for templates to name (`--context KEY=V`) cannot be one, or null: it must be a
 * plain name a template can write, and not `__proto__`, which a plain object takes as its prototype.
 */
export function templateKeyProblem(key: string): 'not-a-name' | 'reserved' | null {
  if (!KEY_RE.test(key)) return 'not-a-name';
  return key === '__proto__' ? 'reserved' : null;
}

/**
 * The AIOPS_* environment variable a template value is exported to hooks as: runs of anything but
 * letters and digits become one `_`, upper-cased (`context.model-version` is AIOPS_CONTEXT_MODEL_VERSION).
 */
export function templateEnvName(path: string): string {
  return `AIOPS_${path.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** Two context keys a hook would receive as one variable: the later one's value would hide the other's. */
export interface ContextKeyClash {
  key: string;
  other: string;
  variable: string;
}

/**
 * The first key of `keys` whose AIOPS_CONTEXT_ variable is another key's: among `keys` themselves,
 * or a key already `held` (the incident's) that is not the same key. A held key given again is an
 * update, never a clash of its own.
 */
export function contextKeyClash(keys: readonly string[], held: readonly string[] = []): ContextKeyClash | null {
  const owner = new Map<string, string>();
  for (const k of held) if (!owner.has(templateEnvName(`context.${k}`))) owner.set(templateEnvName(`context.${k}`), k);
  const heldSet = new Set(held);
  const given = new Map<string, string>();
  for (const key of keys) {
    const variable = templateEnvName(`context.${key}`);
    const twin = given.get(variable) ?? (heldSet.has(key) ? undefined : owner.get(variable));
    if (twin !== undefined && twin !== key) return { key, other: twin, variable };
    given.set(variable, key);
  }
  return null;
}

export function templateVariables(template: string): string[] {
  return [...template.matchAll(VAR_RE)].map((m) => m[1]!);
}

/**
 * Where a template's `{{` starts no variable (`{{incident.id`, `{{ incident id }}`): the text from
 * there, and whether any `}}` closes it; null when every `{{` is a variable.
 */
export function strayOpening(template: string): { text: string; closed: boolean } | null {
  const rest = template.replace(VAR_RE, '');
  const at = rest.indexOf('{{');
  if (at < 0) return null;
  const close = rest.indexOf('}}', at);
  return close < 0 ? { text: rest.slice(at, at + 40), closed: false } : { text: rest.slice(at, close + 2), closed: true };
}

export type TemplateValues = Record<string, unknown>;

/** Own properties only (`{{context.constructor}}` is no inherited function); a key with dots is found whole. */
function lookup(values: TemplateValues, path: string): unknown {
  let cur: unknown = values;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const obj = cur as Record<string, unknown>;
    const rest = parts.slice(i).join('.');
    if (i > 0 && rest !== parts[i] && Object.hasOwn(obj, rest)) return obj[rest];
    if (!Object.hasOwn(obj, parts[i]!)) return undefined;
    cur = obj[parts[i]!];
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

/** A piece of a filled template: text, or a value the values did not provide. */
export type TemplatePart = string | { missing: string };

/** renderTemplate for a reader: the same pass, with each missing value kept as such instead of rendered as ''. */
export function templateParts(template: string, values: TemplateValues): TemplatePart[] {
  const out: TemplatePart[] = [];
  let at = 0;
  for (const m of template.matchAll(VAR_RE)) {
    if (m.index > at) out.push(template.slice(at, m.index));
    const v = lookup(values, m[1]!);
    out.push(v === undefined || v === null ? { missing: m[1]! } : typeof v === 'string' ? v : String(v));
    at = m.index + m[0].length;
  }
  if (at < template.length) out.push(template.slice(at));
  return out;
}

/** Variables a template uses that the values do not provide. */
export function missingVariables(template: string, values: TemplateValues): string[] {
  return templateVariables(template).filter((n) => lookup(values, n) === undefined);
}

/** The template filled, or null when a variable has no value: nothing is sent with a blank in its place. */
export function renderComplete(template: string, values: TemplateValues): string | null {
  return missingVariables(template, values).length ? null : renderTemplate(template, values);
}
