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
 * Re-hashes every attachment the log's events name (note attachments, the alert kept at start):
 * the chain covers each reference's sha256, so the blob must still be there and hash to it.
 * With an id, only that incident's events are read.
 */
export async function verifyAttachments(log: EventLog, incidentId?: string): Promise<{ checked: number; problems: AttachmentProblem[] }> {
  const types = ['incident.opened', 'note.added'];
  const events = incidentId ? await log.readIncident(incidentId, { types }) : await log.eventsOfTypes(types);
  const problems: AttachmentProblem[] = [];
  const seen = new Map<string, AttachmentProblem['kind'] | null>();
  let checked = 0;
  for (const e of events) {
    for (const ref of referencesOf(e)) {
      checked++;
      if (!seen.has(ref.sha256)) seen.set(ref.sha256, await checkBlob(log, ref.sha256));
      const kind = seen.get(ref.sha256);
      if (!kind) continue;
      const what = kind === 'attachment-missing' ? 'is missing from the log' : 'no longer hashes to the sha256 the event recorded (replaced)';
      problems.push({ seq: e.seq, incidentId: e.incidentId, sha256: ref.sha256, name: ref.name, kind, message: `seq ${e.seq}: attachment ${ref.name} (sha256:${ref.sha256}) ${what}` });
    }
  }
  return { checked, problems };
}

function referencesOf(e: StoredEvent): AttachmentRef[] {
  if (e.type === 'note.added') return Array.isArray(e.payload.attachments) ? e.payload.attachments : [];
  if (e.type === 'incident.opened') return e.payload.alert?.attachment ? [e.payload.alert.attachment] : [];
  return [];
}

async function checkBlob(log: EventLog, sha256: string): Promise<AttachmentProblem['kind'] | null> {
  const blob = await log.getAttachment(sha256);
  if (!blob) return 'attachment-missing';
  return createHash('sha256').update(blob.data).digest('hex') === sha256 ? null : 'attachment-changed';
}
