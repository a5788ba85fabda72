// Cost grows with the incident, not with the log: `incident note`, `incident show --json` and
// `evidence verify ID` on a small incident, run as users run them (whole CLI processes), in a log
// of 1,000,000 events from other incidents against the same incident in a log of 1,000 events.
// Both projects are built first and flushed to disk (`sync`): the kernel writing back the ~400 MB
// just written would otherwise land in some rounds and not others. Then 9 interleaved rounds,
// medians: the bound is 1.1×, so a round's noise must not decide it.
import { execFileSync } from 'node:child_process';
import { openEventLog } from '../../dist/store/index.js';
import { BIN, interleavedMedians, sampleEvents, slowdownRow, tempProject, timeCommand } from '../lib.js';

const NOISE_PER_INCIDENT = 1_000;

/** A project whose log holds `noise` events of other incidents, then one real incident opened through the CLI. */
async function projectWithNoise(noise) {
  const p = tempProject();
  const log = await openEventLog(p.db, { create: true });
  const incidents = Math.ceil(noise / NOISE_PER_INCIDENT);
  for (let k = 0; k < incidents; k++) {
    const id = `INC-2025-${String(k + 1).padStart(5, '0')}`;
    const events = sampleEvents(Math.min(NOISE_PER_INCIDENT, noise - k * NOISE_PER_INCIDENT), { start: Date.UTC(2025, 0, 1) + k * 1000 }).map((e) => ({ ...e, incidentId: id }));
    const r = await log.append(events, { incidentId: id, lastSeq: 0 });
    if (!r.ok) throw new Error(`could not seed ${id}`);
  }
  await log.close();
  const env = { AIOPS_USER: 'alice' };
  const out = timeCommand([process.execPath, BIN, 'incident', 'start', '--trigger', 'data_leakage', '--title', 'bench', '--no-tui', '--json'], { cwd: p.dir, env });
  void out;
  const list = JSON.parse(execFileSync(process.execPath, [BIN, 'incident', 'list', '--json'], { cwd: p.dir, env: { ...process.env, ...env, AIOPS_DB: '' } }).toString());
  const id = list.incidents.find((i) => i.title === 'bench').id;
  return { ...p, id, env };
}

export default async function largeLog() {
  const small = await projectWithNoise(1_000);
  const large = await projectWithNoise(1_000_000);
  execFileSync('sync');
  try {
    const cmd = (p, args) => () => timeCommand([process.execPath, BIN, ...args], { cwd: p.dir, env: p.env });
    const rows = [];
    for (const [label, args] of [
      ['incident note', (p) => ['incident', 'note', p.id, 'checked the dashboards']],
      ['incident show --json', (p) => ['incident', 'show', p.id, '--json']],
      ['evidence verify ID', (p) => ['evidence', 'verify', p.id, '--json']],
    ]) {
      const m = await interleavedMedians(9, { small: cmd(small, args(small)), large: cmd(large, args(large)) });
      rows.push(slowdownRow({ name: `${label}: small incident in a 1M-event log`, baseline: 'same in a 1k-event log', subject: `aiops ${label}`, baseline_ms: m.small, subject_ms: m.large, max: 1.1 }));
    }
    return rows;
  } finally {
    small.cleanup();
    large.cleanup();
  }
}
