import type { ExportDocument } from './export-document.js';

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The counts of an export in one sentence, shared by the Markdown and HTML renderers. */
export function activityLine(c: ExportDocument['counts']): string {
  return [
    `${n(c.events, 'event')}`,
    `${n(c.approvals, 'approval')}, ${n(c.denials, 'denial')}, ${n(c.overrides, 'override')}, ${n(c.refusals, 'policy refusal')}`,
    `${n(c.hookRuns, 'hook run')} (${c.hookFailures} failed)`,
    n(c.notes, 'note'),
  ].join('; ');
}
