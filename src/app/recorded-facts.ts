import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { alertReceivedText, parseAlert, type ParsedAlert } from '../core/alerts.js';
import type { EventOf, StoredEvent } from '../core/events.js';
import type { Inject } from '../core/schemas/scenario.js';
import { yamlFilesIn } from './find-config.js';
import type { Session } from './session.js';
import { alertJson } from './start-incident.js';

/** Labels aiops adds to a parsed alert itself; they are not facts the sender gave. */
const OWN_LABELS = new Set(['status', 'format']);

const pairs = (r: Record<string, string>) =>
  Object.entries(r)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/**
 * What the team had in front of it, as injects at the offsets it arrived: the alert that opened
 * the incident (its title, description and labels), the context given at start, every later
 * notification of that alert, and every note (with the context it carried). `clean` redacts.
 */
export async function factInjects(
  session: Pick<Session, 'log' | 'project'>,
  events: readonly StoredEvent[],
  opened: EventOf<'incident.opened'>,
  atOf: (e: StoredEvent) => string,
  clean: (text: string) => string,
): Promise<Inject[]> {
  const p = opened.payload;
  const openedAs = `${p.title} (${p.service}, ${p.severity}${p.trigger ? `, trigger ${p.trigger}` : ''})`;
  const alert = p.alert ? await openingAlert(session, p.alert) : null;
  const labels = alert ? alert.labels : (p.alert?.alerts?.[0]?.labels ?? {});
  const description = alert?.annotations.description ?? alert?.annotations.message;
  const summary = alert?.title ?? alert?.annotations.summary;
  const detail = [
    description && description !== summary ? description : null,
    Object.keys(labels).length ? `labels: ${pairs(Object.fromEntries(Object.entries(labels).filter(([k]) => !OWN_LABELS.has(k))))}` : null,
    summary ? `opened as: ${openedAs}` : null,
  ].filter((x): x is string => Boolean(x));
  const injects: Inject[] = [
    {
      id: 'opened',
      at: '0s',
      kind: 'alert',
      source: p.alert ? (p.alert.source ?? `${p.alert.format} alert`) : 'incident',
      summary: clean(summary ?? openedAs),
      ...(detail.length ? { detail: clean(detail.join('\n')) } : {}),
    },
  ];
  if (Object.keys(p.context).length) {
    injects.push({ id: 'context', at: '0s', kind: 'note', from: opened.actor, source: 'incident context', summary: clean(`Context at start: ${pairs(p.context)}`) });
  }
  let noteCount = 0;
  let alertCount = 0;
  for (const e of events) {
    if (e.type === 'alert.received') {
      alertCount += 1;
      const first = e.payload.alerts[0]?.labels;
      injects.push({
        id: `alert-${alertCount}`,
        at: atOf(e),
        kind: 'alert',
        source: e.payload.source ?? `${e.payload.format} alert`,
        summary: clean(alertReceivedText(e.payload)),
        ...(first && Object.keys(first).length ? { detail: clean(`labels: ${pairs(first)}`) } : {}),
      });
    } else if (e.type === 'note.added') {
      noteCount += 1;
      const files = e.payload.attachments.length ? ` [attached: ${e.payload.attachments.map((a) => a.name).join(', ')}]` : '';
      const ctx = e.payload.context && Object.keys(e.payload.context).length ? pairs(e.payload.context) : '';
      injects.push({
        id: `note-${noteCount}`,
        at: atOf(e),
        kind: 'note',
        from: e.actor,
        summary: clean(`${e.payload.text}${files}`) || '(attachment)',
        ...(ctx ? { detail: clean(`context: ${ctx}`) } : {}),
      });
    }
  }
  return injects;
}

/** The opening alert as parsed from its stored bytes; null when they are gone or no longer parse. */
async function openingAlert(session: Pick<Session, 'log' | 'project'>, alert: NonNullable<EventOf<'incident.opened'>['payload']['alert']>): Promise<ParsedAlert | null> {
  try {
    const stored = await session.log.getAttachment(alert.attachment.sha256);
    if (!stored) return null;
    return parseAlert(alertJson(stored.data, stored.name), stored.name, session.project.config.alert_sources ?? []);
  } catch {
    return null;
  }
}

/**
 * `base`, or `base-2`, `base-3`… : the first id no scenario file of the project uses. Files that
 * did not load (a broken one, say) are read for their `id:` line too; `replacing` is the file
 * being overwritten, whose id is free to reuse.
 */
export function uniqueScenarioId(session: Pick<Session, 'project'>, base: string, opts: { cwd: string; replacing: string | null }): string {
  const { project } = session;
  const { replacing } = opts;
  // Loaded scenarios name their file as shown to the user: relative to the working directory.
  const taken = new Set(project.scenarios.filter((s) => resolve(opts.cwd, s.file) !== replacing).map((s) => s.scenario.id));
  for (const file of yamlFilesIn(resolve(project.root, project.config.scenarios ?? 'scenarios'))) {
    if (file === replacing) continue;
    try {
      const m = /^id:\s*["']?([^"'\s#]+)/m.exec(readFileSync(file, 'utf8'));
      if (m) taken.add(m[1]!);
    } catch {
      // An unreadable file cannot be played either; its id cannot collide.
    }
  }
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}
