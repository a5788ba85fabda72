import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { terminalLine } from '../core/terminal-text.js';
import type { DriftWatch } from '../core/watch/drift.js';
import type { FileTurn } from '../app/follow-file.js';
import type { Session } from '../app/session.js';
import type { DriftFailed, DriftRaised } from '../app/watch.js';
import type { Answer } from './receiver.js';

type Serial = <T>(fn: () => Promise<T>) => Promise<T>;

const firedText = (f: DriftRaised | DriftFailed) => `drift rule ${f.rule} fired on ${f.service}: ${f.metric} ${f.value} above ${f.above} (${f.hits} of ${f.count})`;
const failedLine = (f: DriftFailed) => `${firedText(f)} - no incident: ${f.error}`;
const firingLine = (r: DriftRaised) => `${firedText(r)} - ${r.outcome === 'opened' ? 'opened' : 'added to'} ${r.incidentId}`;

/** One drift watcher for everything serve reads, so a rule's window spans POSTs and the followed file; null without rules. */
export async function serveDrift(session: Session): Promise<DriftWatch | null> {
  const rules = session.project.config.watch ?? [];
  if (!rules.length) {
    if (session.project.config.serve?.watch_file) throw new UserError('serve.watch_file names a telemetry file, but aiops.yaml has no watch: rules to apply to it');
    return null;
  }
  const { createDriftWatch } = await import('../core/watch/drift.js');
  return createDriftWatch(rules);
}

/** POST /telemetry: JSON Lines through the drift rules; what fired opens or adds to incidents before the answer. */
export function telemetryHandler(session: Session, drift: DriftWatch, log: (line: string) => void): (raw: Buffer) => Promise<Answer> {
  return async (raw) => {
    const { watchTelemetry } = await import('../app/watch.js');
    const summary = await watchTelemetry(session, [raw], (r) => log(terminalLine(firingLine(r))), drift, (f) => log(terminalLine(failedLine(f))));
    const firings = summary.firings.map((f) => ({ rule: f.rule, service: f.service, metric: f.metric, value: f.value, outcome: f.outcome, incident: f.incidentId }));
    const failed = summary.failed.map((f) => ({ rule: f.rule, service: f.service, metric: f.metric, value: f.value, error: f.error }));
    return { status: 200, body: { ok: true, records: summary.records, bad: summary.bad, firings, ...(failed.length ? { failed } : {}) } };
  };
}

/**
 * Follows serve.watch_file (like `aiops watch FILE --follow`) until `signal` aborts. Each chunk is read
 * inside the receiver's queue, so a drift incident it raises and one a POST raises are decided in turn.
 */
export async function followTelemetryFile(session: Session, drift: DriftWatch, serial: Serial, signal: AbortSignal, log: (line: string) => void): Promise<void> {
  const file = session.project.config.serve!.watch_file!;
  const path = resolve(session.project.root, file);
  const { followFile, followNoticeText } = await import('../app/follow-file.js');
  const { badLineText, watchTelemetry } = await import('../app/watch.js');
  async function* locked(): AsyncGenerator<Buffer | FileTurn> {
    for await (const chunk of followFile(path, signal, { onNotice: (n) => log(terminalLine(followNoticeText(file, n))) })) {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await new Promise<void>((acquired) => void serial(() => (acquired(), held)));
      try {
        yield chunk;
      } finally {
        release();
      }
    }
  }
  const summary = await watchTelemetry(session, locked(), (r) => log(terminalLine(firingLine(r))), drift, (f) => log(terminalLine(failedLine(f))));
  for (const b of summary.bad.slice(0, 20)) log(terminalLine(badLineText(file, b)));
  log(terminalLine(`${file}: read ${summary.records} records, ${summary.bad.length} bad line(s); ${summary.firings.length} rule firing(s)`));
}
