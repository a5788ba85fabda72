import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiops as aiopsSpawned } from './helpers/cli.js';
// The incident is started through the binary; each broken log is tried one command at a time, in-process.
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

// Issue 17, Medium: a file that is not a whole aiops log gets a clear message and exit 2, never "a bug in aiops".
let project: TempProject;
let id: string;

beforeAll(async () => {
  project = makeProject({ withScenarios: false });
  const start = await aiopsSpawned(project, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'eu', '--json'], { as: 'alice' });
  expect(start.exitCode, start.stderr).toBe(0);
  id = start.json().incident.id;
});
afterAll(() => project?.cleanup());

/** A copy of the project's log, changed by `fn`. */
function broken(name: string, fn: (db: Database.Database) => void): string {
  const path = join(project.dir, `${name}.db`);
  const src = new Database(project.db);
  src.pragma('wal_checkpoint(TRUNCATE)');
  src.close();
  copyFileSync(project.db, path);
  const db = new Database(path);
  fn(db);
  db.close();
  return path;
}

describe('broken database states', () => {
  it('an empty file, another program\'s database, a missing chain_head, a newer schema: each named, exit 2', async () => {
    const empty = join(project.dir, 'empty.db');
    writeFileSync(empty, '');
    const foreign = join(project.dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE contacts (name TEXT)');
    f.close();
    const cases: [string, string, RegExp][] = [
      ['empty', empty, /empty\.db is empty: no aiops evidence log has been written there/],
      ['foreign', foreign, /foreign\.db is a SQLite database of another program \(tables contacts\), not an aiops evidence log/],
      ['no chain_head', broken('nohead', (d) => d.exec('DROP TABLE chain_head')), /nohead\.db is damaged: its chain_head table is missing/],
      ['newer', broken('newer', (d) => d.pragma('user_version = 999')), /newer\.db was written by a newer aiops \(schema 999/],
    ];
    for (const [name, db, message] of cases) {
      for (const args of [['incident', 'list'], ['evidence', 'verify'], ['incident', 'note', id, 'x']]) {
        const r = await aiops(project, ['--db', db, ...args], { as: 'alice' });
        expect(r.exitCode, `${name}: ${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(message);
      }
    }
    // And nothing was added to the other program's database
    const after = new Database(foreign, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['contacts']);
    after.close();
  });
});
