import { UserError } from '../core/errors.js';
import type { StoredEvent } from '../core/events.js';

/** Administration of a shared (PostgreSQL) log: `aiops db init` and `aiops db copy`. Loads the adapter only when used. */
export function requirePostgres(location: string, flag: string): void {
  if (!/^postgres(ql)?:\/\//i.test(location)) {
    throw new UserError(`${flag} wants a postgres://HOST/DATABASE URL (got a ${/^[a-z][a-z0-9+.-]+:/i.test(location) ? 'location of another kind' : 'path'})`, {
      hint: flag === '--to'
        ? 'db copy copies a SQLite log into PostgreSQL: --to postgres://HOST/DATABASE, a log its owner set up with `aiops db init --url URL`'
        : 'db init sets up a log on PostgreSQL: --url postgres://HOST/DATABASE (or db: postgres://… in aiops.yaml); a SQLite log needs no setup',
    });
  }
}

export async function initSharedLog(location: string, people: readonly { person: string; login: string }[]) {
  const { initPostgresLog } = await import('./postgres/pg-admin.js');
  return initPostgresLog(location, people);
}

export async function importIntoSharedLog(
  location: string,
  pages: AsyncIterable<StoredEvent[]>,
  attachments: (sha256: string) => Promise<{ name: string; size: number; data: Buffer } | undefined>,
) {
  const { importIntoPostgres } = await import('./postgres/pg-admin.js');
  return importIntoPostgres(location, pages, attachments);
}
