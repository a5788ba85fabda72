import { didYouMean } from './closest-name.js';
import type { IncidentState } from './incident-state.js';
import { INVENTORY_FIELDS } from './inventory.js';
import { strayOpening, templateVariables } from './template.js';

/** The `{{incident.*}}` fields: the one list that rendering fills and validation accepts. */
export const INCIDENT_TEMPLATE_FIELDS = ['id', 'title', 'service', 'severity', 'trigger', 'status', 'drill'] as const;
export type IncidentTemplateField = (typeof INCIDENT_TEMPLATE_FIELDS)[number];

/** The `{{incident.*}}` values of an incident, every field of INCIDENT_TEMPLATE_FIELDS and no other. */
export function incidentTemplateValues(state: Pick<IncidentState, 'id' | 'title' | 'service' | 'severity' | 'trigger' | 'status' | 'drill'>): Record<IncidentTemplateField, string> {
  return {
    id: state.id,
    title: state.title,
    service: state.service,
    severity: state.severity,
    trigger: state.trigger ?? '',
    status: state.status,
    drill: state.drill ? 'true' : 'false',
  };
}

/** What a template may name where it is rendered. */
export interface TemplateScope {
  /** The param names filled (a step's `params:` keys); 'any' in a hook's own command, which defines them. */
  params: readonly string[] | 'any';
  /** A hook command: `{{message}}` (a notify step's text, a page's) and a page's `{{person.*}}`, `{{page.*}}`. */
  hook?: boolean;
  /** Says why params.* is not filled here (a param's own value is rendered before params exist). */
  noParams?: string;
}

const HOOK_ONLY = ['message', 'person.id', 'person.name', 'person.contact', 'page.id', 'page.reason'];

/** Every name a template in `scope` may use, but for `{{context.KEY}}` (any key) and `'any'` params. */
function knownNames(scope: TemplateScope): string[] {
  return [
    ...INCIDENT_TEMPLATE_FIELDS.map((f) => `incident.${f}`),
    'actor',
    'now',
    'step.id',
    ...INVENTORY_FIELDS.flatMap((f) => [`inventory.${f}.live`, `inventory.${f}.previous`]),
    ...(scope.params === 'any' ? [] : scope.params.map((p) => `params.${p}`)),
    ...(scope.hook ? HOOK_ONLY : []),
  ];
}

/** Why `{{name}}` is no value in `scope`, or null when it is one (or may be: a context key is given per incident). */
export function unknownVariable(name: string, scope: TemplateScope): string | null {
  if (/^context\.[^.]/.test(name)) return null;
  if (name.startsWith('params.') && scope.params === 'any') return null;
  const known = knownNames(scope);
  if (known.includes(name)) return null;
  const what = `unknown template variable {{${name}}}`;
  if (name.startsWith('params.')) {
    if (scope.noParams) return `${what}: ${scope.noParams}`;
    const given = scope.params as readonly string[];
    return `${what}${didYouMean(name, known)}: the step gives ${given.length ? `params ${given.join(', ')}` : 'no params'}`;
  }
  const hint = didYouMean(name, known);
  return `${what}${hint}; use incident.${INCIDENT_TEMPLATE_FIELDS.join('|')}, params.*, actor, now, step.id, context.KEY, inventory.FIELD.live|previous${scope.hook ? ', message, person.*, page.*' : ''}`;
}

/**
 * Every problem of one template: a `{{` that starts no variable (unclosed, or not a name), then each
 * variable `scope` does not fill. `strict` false lets a closed `{{…}}` that is no name through (a hook
 * argument may carry another tool's template, `--format {{.State}}`); an unclosed one never passes.
 */
export function templateProblems(template: string, scope: TemplateScope, strict = true): string[] {
  const out: string[] = [];
  const stray = strayOpening(template);
  if (stray && !stray.closed) out.push(`unclosed {{ in template: ${JSON.stringify(stray.text)} has no }}`);
  else if (stray && strict) out.push(`${JSON.stringify(stray.text)} is not a template variable: write {{NAME}}, e.g. {{incident.id}}`);
  for (const v of new Set(templateVariables(template))) {
    const problem = unknownVariable(v, scope);
    if (problem) out.push(problem);
  }
  return out;
}
