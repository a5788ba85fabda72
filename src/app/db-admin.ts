import type { StoredEvent } from '../core/events.js';
import { UserError } from '../core/errors.js';
import { importIntoSharedLog, initSharedLog, requirePostgres } from '../store/admin.js';
import { openEventLog, type VerifyReport } from '../store/index.js';
import { openCopySource } from './db-copy-source.js';
import type { Project } from './project.js';

/** Each roster person and the database login they connect as (their id unless `login:` says otherwise). */
export function rosterLogins(project: Pick<Project, 'roster'>): { person: string; login: string }[] {
  return Object.entries(project.roster.people).map(([person, p]) => ({ person, login: p.login ?? person }));
}

/** `aiops db init`: the schema, guards and grants of a shared log, for the roster's logins. */
export async function initDatabase(project: Project, url: string | undefined) {
  const location = url ?? project.dbPath;
  requirePostgres(location, url ? '--url' : 'the project’s db (--db, $AIOPS_DB or db: in aiops.yaml)');
  return initSharedLog(location, rosterLogins(project));
}

export interface CopyReport {
  events: number;
  attachments: number;
  /** Incidents given their listing row (incident list, inbox) in the copy's transaction. */
  incidents: number;
  source: VerifyReport;
  target: VerifyReport;
  /** Both chains intact and ending in the same head. */
  ok: boolean;
}

/** `aiops db copy`: a SQLite log into an empty PostgreSQL log, event for event; then both are verified. */
export async function copyDatabase(from: string, to: string): Promise<CopyReport> {
  requirePostgres(to, '--to');
  const source = await openCopySource(from);
  try {
    const before = await source.verify();
    // Listing rows are not copied but built again from the events: only the chain must hold.
    if (before.firstBad) {
      throw new UserError(`${from} does not verify (first bad seq ${before.firstBad?.seq}: ${before.firstBad?.message}); nothing was copied`, {
        hint: 'run `aiops evidence verify --db PATH` and keep the log as evidence as it is',
      });
    }
    async function* pages(): AsyncGenerator<StoredEvent[]> {
      for (let after = 0; ; ) {
        const page = await source.readSince(after, 5000);
        if (page.length > 0) yield page;
        if (page.length < 5000) return;
        after = page.at(-1)!.seq;
      }
    }
    const copied = await importIntoSharedLog(to, pages(), (sha) => source.getAttachment(sha));
    const target = await openEventLog(to, { readonly: true });
    try {
      const after = await target.verify();
      const ok = after.ok && before.head?.hash === after.head?.hash && before.events === after.events;
      return { events: copied.events, attachments: copied.attachments, incidents: copied.incidents, source: before, target: after, ok };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
