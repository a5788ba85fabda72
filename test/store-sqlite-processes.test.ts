import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEventLog } from '../src/store/index.js';
import { appendTo, opened } from './helpers/store-contract.js';

// The children run the built adapter (`npx tsc -p tsconfig.json` first), as the binary does.
const BUILT_STORE = pathToFileURL(resolve(import.meta.dirname, '..', 'dist', 'store', 'index.js')).href;

/** A process that opens the log, says "ready", waits for a line on stdin, then appends once with the given expectation. */
const APPENDER = `
import { createInterface } from 'node:readline';
const { openEventLog } = await import(process.env.STORE);
const log = await openEventLog(process.env.DB);
process.stdout.write('ready\\n');
await new Promise((go) => createInterface({ input: process.stdin }).once('line', go));
const event = { incidentId: 'INC-1', ts: new Date().toISOString(), actor: process.env.ACTOR, role: 'commander', type: 'note.added', payload: { text: 'race', attachments: [] } };
const result = await log.append([event], { incidentId: 'INC-1', lastSeq: 1 });
process.stdout.write(JSON.stringify(result.ok ? { ok: true, seq: result.events[0].seq } : result) + '\\n');
await log.close();
process.exit(0);
`;

function startAppender(db: string, actor: string): { child: ChildProcessWithoutNullStreams; lines: string[]; ready: Promise<void>; done: Promise<void> } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', APPENDER], { env: { ...process.env, STORE: BUILT_STORE, DB: db, ACTOR: actor } });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let sawReady: () => void;
  const ready = new Promise<void>((r) => (sawReady = r));
  child.stdout.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n').filter(Boolean)) {
      if (line === 'ready') sawReady();
      else lines.push(line);
    }
  });
  const done = new Promise<void>((res, rej) => child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`appender exited ${code}: ${stderr}`)))));
  return { child, lines, ready, done };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aiops-store-race-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite adapter across processes', () => {
  it('Given two processes appending to one incident with the same expectation, When they go at once, Then exactly one wins and the chain stays linear', async () => {
    for (let round = 0; round < 3; round++) {
      // Given an incident at seq 1, and two processes ready to append after it
      const db = join(dir, `race-${round}.db`);
      const log = await openEventLog(db, { create: true });
      await appendTo(log, 'INC-1', [opened('INC-1')]);
      const racers = [startAppender(db, 'alice'), startAppender(db, 'bob')];
      await Promise.all(racers.map((r) => r.ready));
      // When both are told to go
      for (const r of racers) r.child.stdin.write('go\n');
      await Promise.all(racers.map((r) => r.done));
      // Then one appended at seq 2 and the other got a conflict naming seq 2; nothing else was written
      const results = racers.map((r) => JSON.parse(r.lines[0]!));
      expect(results.filter((r) => r.ok)).toEqual([{ ok: true, seq: 2 }]);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict', lastSeq: 2 }]);
      expect((await log.head())?.seq).toBe(2);
      expect((await log.verify()).ok).toBe(true);
      await log.close();
    }
  });
});
