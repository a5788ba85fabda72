import { OperationFailed, PolicyRefusal, UserError } from '../core/errors.js';
import type { EventLog } from '../store/index.js';

/**
 * What an unexpected failure on an incident means: when the incident's evidence fails
 * verification, the failure came from tampered events (a payload edited into a shape aiops never
 * writes), and that is what the user is told, with where to look; otherwise it was a bug.
 */
export async function explainFailure(log: EventLog, incidentId: string, err: unknown): Promise<unknown> {
  if (err instanceof UserError || err instanceof PolicyRefusal || err instanceof OperationFailed) return err;
  let report;
  try {
    report = await log.scanVerifiedIncident(incidentId, () => {});
  } catch {
    return err;
  }
  if (report.ok || !report.firstBad) return err;
  const bad = report.firstBad;
  return untrustedIncident(incidentId, `first bad seq ${bad.seq} (${bad.kind}): ${bad.message}`, err);
}

/** Why a command will not act on or show an incident whose events fail their check (`what`: the first bad one). */
export function untrustedIncident(incidentId: string, what: string, cause?: unknown): OperationFailed {
  return new OperationFailed(`EVIDENCE VERIFICATION FAILED for ${incidentId}: ${what}; aiops cannot act on or show events it cannot trust`, {
    hint: `aiops evidence verify names the damage; aiops export ${incidentId} writes the postmortem with what can still be read`,
    cause,
  });
}
