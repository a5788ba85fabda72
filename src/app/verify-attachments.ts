import { createHash } from 'node:crypto';
import type { AttachmentRef, StoredEvent } from '../core/events.js';
import type { EventLog } from '../store/index.js';

/** One attachment an event names whose stored bytes are gone or no longer hash to the name. */
export interface AttachmentProblem {
  seq: number;
  incidentId: string;
  sha256: string;
  name: string;
  kind: 'attachment-missing' | 'attachment-changed';
  message: string;
}

/**
 * Re-hashes every attachment the log's events name (note attachments, each alert kept at start
 * or on a repeat): the chain covers each reference's sha256, so the blob must still be there and
 * hash to it. With an id, only that incident's events are read.
 */
export async function verifyAttachments(log: EventLog, incidentId?: string): Promise<{ checked: number; problems: AttachmentProblem[] }> {
  const types = ['incident.opened', 'note.added', 'alert.received'];
  const events = incidentId ? await log.readIncident(incidentId, { types }) : await log.eventsOfTypes(types);
  const refs = attachmentChecker(log);
  for (const e of events) refs.add(e);
  return refs.check();
}

/**
 * Collects the attachments events name as they go by (an export hands it each event it reads),
 * then checks each blob once: still there, and hashing to the sha256 its event recorded.
 */
export function attachmentChecker(log: EventLog): { add(e: StoredEvent): void; check(): Promise<{ checked: number; problems: AttachmentProblem[] }> } {
  const named: { e: StoredEvent; ref: AttachmentRef }[] = [];
  return {
    add(e) {
      for (const ref of referencesOf(e)) named.push({ e, ref });
    },
    async check() {
      const problems: AttachmentProblem[] = [];
      const seen = new Map<string, AttachmentProblem['kind'] | null>();
      for (const { e, ref } of named) {
        if (!seen.has(ref.sha256)) seen.set(ref.sha256, await checkBlob(log, ref.sha256));
        const kind = seen.get(ref.sha256);
        if (!kind) continue;
        const what = kind === 'attachment-missing' ? 'is missing from the log' : 'no longer hashes to the sha256 the event recorded (replaced)';
        problems.push({ seq: e.seq, incidentId: e.incidentId, sha256: ref.sha256, name: ref.name, kind, message: `seq ${e.seq}: attachment ${ref.name} (sha256:${ref.sha256}) ${what}` });
      }
      return { checked: named.length, problems };
    },
  };
}

/** The attachments an event names; a payload in no shape aiops writes (tampered) names none here, its hash check says why. */
function referencesOf(e: StoredEvent): AttachmentRef[] {
  const p = e.payload as { attachments?: unknown; attachment?: unknown; alert?: { attachment?: unknown } } | null;
  if (!p || typeof p !== 'object') return [];
  const refs = e.type === 'note.added' ? p.attachments : e.type === 'incident.opened' ? [p.alert?.attachment] : e.type === 'alert.received' ? [p.attachment] : [];
  return Array.isArray(refs) ? refs.filter(isRef) : [];
}

function isRef(r: unknown): r is AttachmentRef {
  return typeof r === 'object' && r !== null && typeof (r as AttachmentRef).sha256 === 'string' && typeof (r as AttachmentRef).name === 'string';
}

async function checkBlob(log: EventLog, sha256: string): Promise<AttachmentProblem['kind'] | null> {
  const blob = await log.getAttachment(sha256);
  if (!blob) return 'attachment-missing';
  return createHash('sha256').update(blob.data).digest('hex') === sha256 ? null : 'attachment-changed';
}
