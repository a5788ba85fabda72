import { UserError } from '../core/errors.js';
import { type EventLog, logExists, openEventLog } from '../store/index.js';

const HINT = 'name the SQLite log to copy with --from: the db: of the project that wrote it (by default .aiops/aiops.db beside its aiops.yaml)';

/** `db copy --from`'s log, opened read-only; a missing file or one that is no log is the user's to fix, said in db copy's terms. */
export async function openCopySource(from: string): Promise<EventLog> {
  if (!(await logExists(from))) throw new UserError(`--from ${from}: no evidence log there`, { hint: HINT });
  try {
    return await openEventLog(from, { readonly: true });
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`--from ${err.message}`, { where: err.where, hint: HINT, details: err.details });
    throw err;
  }
}
