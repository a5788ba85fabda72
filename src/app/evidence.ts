import { UserError } from '../core/errors.js';
import type { RosterFile } from '../core/schemas/roster.js';
import { openEventLog, type VerifyReport } from '../store/index.js';
import type { EventLog } from '../store/types.js';
import { actorCheck, type IdentityProblem } from './identity.js';
import { verifyAttachments, type AttachmentProblem } from './verify-attachments.js';
import { type SnapshotProblem, verifySnapshots } from './verify-snapshots.js';

export const EXPORT_ALGORITHM =
  'Each line after this header is one event. For each event: hash = sha256 hex of (prev_hash + JCS(obj)), where ' +
  'JCS is RFC 8785 canonical JSON and obj = {seq, incident_id, ts, actor, role, type, payload}, plus login when the line has one (a PostgreSQL log: the database login that wrote the event). The first event of the ' +
  'database has prev_hash = 64 zeros; each event\'s prev_hash equals the hash of the event with seq - 1. An export of ' +
  'one incident holds that incident\'s events only: every hash can be recomputed, and prev_hash links to events of ' +
  'other incidents are checkable against a full export (`aiops evidence export` with no id). Limit: a chain rewritten ' +
  'consistently (every later hash recomputed, chain head updated) verifies on its own; keep the head hash of each ' +
  'export somewhere else and check it with `aiops evidence verify --head HASH`.';

/** A verification, plus (on a log whose events carry logins) whether each actor is the person of its login. */
export type EvidenceReport = VerifyReport & {
  identity?: { checked: number; problems: IdentityProblem[] };
  /** Every attachment an event names, re-hashed from the log's stored bytes. */
  attachments?: { checked: number; problems: AttachmentProblem[] };
  /** Every stored snapshot commands would start from, against a fold of the events it covers. */
  snapshots?: { checked: number; problems: SnapshotProblem[] };
};

/**
 * Re-checks the whole chain; with an id, also counts that incident's events. With the roster, on a
 * log whose events carry the login that wrote them (PostgreSQL), every event's actor must be the
 * roster person of that login (or the tool itself: system, drill); a mismatch fails the check.
 * Every attachment an event names is re-hashed: a blob deleted or replaced fails the check. Every
 * snapshot commands would start from is compared with a fold of its events: an edited one fails it.
 */
export async function verifyEvidence(dbPath: string, opts: { incidentId?: string; head?: string; roster?: RosterFile } = {}): Promise<EvidenceReport> {
  const log = await openEventLog(dbPath, { readonly: true });
  try {
    const report: EvidenceReport = await log.verify({ incidentId: opts.incidentId, head: opts.head });
    if (opts.incidentId && report.incidentEvents === 0) {
      throw new UserError(`incident ${opts.incidentId} not found in ${dbPath}`);
    }
    report.attachments = await verifyAttachments(log, opts.incidentId);
    if (report.attachments.problems.length > 0) report.ok = false;
    // Snapshots are folds of events: checked once the events themselves hold (a damaged file or
    // an edited event is already the verdict, and folding them proves nothing more).
    if (report.firstBad === null) {
      report.snapshots = await verifySnapshots(log, opts.incidentId);
      if (report.snapshots.problems.length > 0) report.ok = false;
    }
    if (opts.roster && log.login !== undefined) {
      report.identity = await checkLogActors(log, opts.roster, opts.incidentId);
      if (report.identity.problems.length > 0) report.ok = false;
    }
    return report;
  } finally {
    await log.close();
  }
}

/** Events per page of the identity check: memory stays flat however long the log. */
const IDENTITY_PAGE = 5000;

/** Every event's actor against its login's person (the whole log, or one incident), read a page at a time in seq order. */
export async function checkLogActors(log: Pick<EventLog, 'readSince' | 'readIncident'>, roster: RosterFile, incidentId?: string, page = IDENTITY_PAGE): Promise<{ checked: number; problems: IdentityProblem[] }> {
  const check = actorCheck(roster);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const events = incidentId ? await log.readIncident(incidentId, { afterSeq: after, limit: page }) : await log.readSince(after, page);
    for (const e of events) check.push(e);
    if (events.length < page) return check.result();
    after = events.at(-1)!.seq;
  }
}

export interface ExportHeader {
  aiops_evidence_export: 1;
  incident: string | null;
  events: number;
  head: string | null;
  algorithm: string;
}
