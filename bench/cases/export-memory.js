// `aiops evidence export` of a whole log of 1,200,000 events (realistic mix, 240 incidents) as a
// CLI process writing to a file: every event is there, under a header naming the true chain head,
// and the process's peak RSS (GNU time's %M) stays under 200 MB, side by side with the same
// command on a 1,000-event log (what node, the CLI and SQLite cost before any event). One run each.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openEventLog } from '../../dist/store/index.js';
import { BIN, byIncident, sampleEvents, seedLog, tempProject } from '../lib.js';

const TIME = '/usr/bin/time';
const LIMIT_MB = 200;

async function projectWithEvents(count) {
  const p = tempProject();
  const log = await openEventLog(p.db, { create: true });
  for (let done = 0; done < count; done += 100_000) {
    const n = Math.min(100_000, count - done);
    const events = byIncident(sampleEvents(n, { incidents: 20, start: Date.UTC(2025, 0, 1) + done * 250 })).map((e) => ({ ...e, incidentId: `${e.incidentId}-${done / 100_000}` }));
    await seedLog(log, events);
  }
  const head = await log.head();
  await log.close();
  return { ...p, head };
}

/** Peak RSS in MB of `aiops evidence export -o out.jsonl`, and what the file holds. */
async function exportOnce(p) {
  const r = spawnSync(TIME, ['-f', '%M', process.execPath, BIN, 'evidence', 'export', '-o', 'out.jsonl'], { cwd: p.dir, env: { ...process.env, AIOPS_DB: '' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`export exited ${r.status}: ${r.stderr}`);
  const rssMb = Number(r.stderr.trim().split('\n').at(-1)) / 1024;
  let header;
  let lines = 0;
  let last;
  for await (const line of createInterface({ input: createReadStream(`${p.dir}/out.jsonl`) })) {
    if (!header) header = JSON.parse(line);
    else {
      lines++;
      last = line;
    }
  }
  return { rssMb, header, lines, lastHash: JSON.parse(last).hash };
}

export default async function exportMemory() {
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to read a process's peak RSS`);
  const small = await projectWithEvents(1_000);
  const large = await projectWithEvents(1_200_000);
  try {
    const a = await exportOnce(small);
    const b = await exportOnce(large);
    const complete = b.lines === 1_200_000 && b.header.events === 1_200_000 && b.header.head === large.head.hash && b.lastHash === large.head.hash;
    return [{
      name: 'evidence export of 1,200,000 events: peak RSS (MB, not ms)',
      baseline: 'same command on a 1,000-event log',
      subject: `aiops evidence export -o (every event, true head: ${complete ? 'yes' : 'NO'})`,
      baseline_ms: Number(a.rssMb.toFixed(1)),
      subject_ms: Number(b.rssMb.toFixed(1)),
      ratio: Number((b.rssMb / a.rssMb).toFixed(2)),
      limit: `< ${LIMIT_MB} MB, complete`,
      ok: complete && b.rssMb < LIMIT_MB,
    }];
  } finally {
    small.cleanup();
    large.cleanup();
  }
}
