import { UserError } from '../core/errors.js';
import { openEventLog, type VerifyReport } from '../store/index.js';

export const EXPORT_ALGORITHM =
  'Each line after this header is one event. For each event: hash = sha256 hex of (prev_hash + JCS(obj)), where ' +
  'JCS is RFC 8785 canonical JSON and obj = {seq, incident_id, ts, actor, role, type, payload}. The first event of the ' +
  'database has prev_hash = 64 zeros; each event\'s prev_hash equals the hash of the event with seq - 1. An export of ' +
  'one incident holds that incident\'s events only: every hash can be recomputed, and prev_hash links to events of ' +
  'other incidents are checkable against a full export (`aiops evidence export` with no id). Limit: a chain rewritten ' +
  'consistently (every later hash recomputed, chain head updated) verifies on its own; keep the head hash of each ' +
  'export somewhere else and check it with `aiops evidence verify --head HASH`.';

/** Re-checks the whole chain; with an id, also counts that incident's events. */
export async function verifyEvidence(dbPath: string, opts: { incidentId?: string; head?: string } = {}): Promise<VerifyReport> {
  const log = await openEventLog(dbPath, { readonly: true });
  try {
    const report = await log.verify(opts);
    if (opts.incidentId && report.incidentEvents === 0) {
      throw new UserError(`incident ${opts.incidentId} not found in ${dbPath}`);
    }
    return report;
  } finally {
    await log.close();
  }
}

export interface ExportHeader {
  aiops_evidence_export: 1;
  incident: string | null;
  events: number;
  head: string | null;
  algorithm: string;
}
