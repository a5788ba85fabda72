import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openEventLog } from '../../src/store/index.js';
import { aiops, type CliResult } from '../helpers/cli.js';
import { REPO, type TempProject } from '../helpers/project.js';

export const APPENDER = join(REPO, 'fixtures', 'programs', 'appender.mjs');

export interface Ack {
  seq: number;
  hash: string;
}

export interface KillLoopResult {
  kills: number;
  acknowledged: number;
  lost: Ack[];
  verifyFailures: string[];
  seed: number;
}

/** A small seeded PRNG so a failing run can be replayed with the seed it prints. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the appender child until it has acknowledged at least one event, then SIGKILLs it after a
 * random delay (0–30 ms, so kills land before, inside and after commits). Returns what it acknowledged.
 */
export function runAndKill(db: string, incident: string, random: () => number, actor = 'crash'): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [APPENDER, '--db', db, '--incident', incident, '--actor', actor, '--batch', '4'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let armed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const m = /^ack (\d+) ([0-9a-f]{64})$/.exec(line);
        if (m) acks.push({ seq: Number(m[1]), hash: m[2]! });
      }
      if (!armed && acks.length > 0) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(random() * 30));
      }
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`appender ended by itself (code ${code}): ${stderr}`));
      else resolve(acks);
    });
  });
}

/**
 * Where the loop writes: a database (a path, or a PostgreSQL URL with the writer's login), the actor
 * the appender writes as (on PostgreSQL: the person of that login), and how `aiops evidence verify` runs.
 */
export interface KillTarget {
  db: string;
  actor?: string;
  verify(args: string[]): Promise<CliResult>;
}

/** A SQLite project as a kill target. */
export function projectTarget(project: TempProject): KillTarget {
  return { db: project.db, verify: (args) => aiops(project, ['--db', project.db, ...args]) };
}

/** Kills the appender `kills` times on one database; after each kill checks every ack and runs `aiops evidence verify`. */
export async function killLoop(target: KillTarget, incident: string, kills: number, seed: number): Promise<KillLoopResult> {
  const random = mulberry32(seed);
  const all: Ack[] = [];
  const lost: Ack[] = [];
  const verifyFailures: string[] = [];
  for (let k = 0; k < kills; k++) {
    all.push(...(await runAndKill(target.db, incident, random, target.actor)));
    const log = await openEventLog(target.db, { readonly: true });
    try {
      const stored = new Map((await log.readSince(0, 1_000_000)).map((e) => [e.seq, e.hash]));
      for (const ack of all) if (stored.get(ack.seq) !== ack.hash) lost.push(ack);
    } finally {
      await log.close();
    }
    const verify = await target.verify(['evidence', 'verify', '--json']);
    if (verify.exitCode !== 0 || verify.json().ok !== true) verifyFailures.push(`after kill ${k + 1}: ${verify.stdout}${verify.stderr}`);
  }
  return { kills, acknowledged: all.length, lost, verifyFailures, seed };
}
