import { afterAll, describe, expect, it } from 'vitest';
import { type CliLog, cliAdapters, dropCliLogins } from './helpers/cli-logs.js';
import { killLoop } from './slow/kill-loop.js';
import { patience } from './helpers/patience.js';

const logs: CliLog[] = [];
afterAll(async () => {
  for (const l of logs) await l.cleanup();
  await dropCliLogins();
});

// Ten kills per log here; the soak in test/slow (npm run test:slow, run by .ci/run) does 150.
const KILLS = Number(process.env.AIOPS_CRASH_KILLS ?? 10);

// Each kill is an appender's start, a write and a verify: under a second suite ten of them take well over 30 s.
describe.each(cliAdapters())('kill -9 at random moments ($adapter)', ({ make }) => {
  it(`loses no acknowledged event and the log verifies after each of ${KILLS} kills`, async () => {
    // Given an incident started through the binary (the verify after each kill runs the same program in-process)
    const log = await make({ inProcess: true });
    logs.push(log);
    const start = await log.as('alice', ['incident', 'start', '--trigger', 'data_leakage', '--title', 'crash drill', '--service', 'svc', '--json'], { spawn: true });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    // When a writer that acknowledges only after commit (on PostgreSQL: alice's login, as alice) is SIGKILLed again and again
    const seed = Number(process.env.AIOPS_CRASH_SEED ?? Date.now() % 2 ** 31);
    const r = await killLoop({ db: log.db('alice'), actor: 'alice', verify: log.owner }, id, KILLS, seed);
    // Then every acknowledged event is there with the hash it was acknowledged with, and verify passes each time
    console.log(`crash (${log.adapter}): ${r.kills} kills survived, ${r.acknowledged} events acknowledged, ${r.lost.length} lost (seed ${seed})`);
    expect(r.acknowledged, `seed ${seed}`).toBeGreaterThan(KILLS);
    expect(r.lost, `seed ${seed}`).toEqual([]);
    expect(r.verifyFailures, `seed ${seed}`).toEqual([]);
  }, patience(120_000));
});
