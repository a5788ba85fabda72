// Cost grows with the work, not with the incident's past: `incident note`, `incident show --json`
// and `incident resume --no-tui --json` (what the TUI's first frame reads, without a terminal),
// run as users run them (whole CLI processes), on an incident of 100,000 events with the realistic
// mix (notes, step completions, approvals, ¼ role changes, a hook run every 40 events) against the
// same on an incident of 1,000. Each incident is opened through the CLI (real playbook pinned), its
// history appended through the EventLog (no snapshot: the warm-up command folds it once and writes
// one, as the first command after an upgrade would). 5 interleaved rounds, medians; ≤ 3×.
import { execFileSync } from 'node:child_process';
import { openEventLog } from '../../dist/store/index.js';
import { BIN, interleavedMedians, sampleEvents, slowdownRow, tempProject, timeCommand } from '../lib.js';

const ENV = { AIOPS_USER: 'alice' };

/** `count` realistic events for `id`: sampleEvents with a hook run (started, finished) every 40th. */
export function realisticMix(id, count, start) {
  const body = sampleEvents(count, { start }).map((e) => ({ ...e, incidentId: id }));
  for (let i = 20; i < body.length - 1; i += 40) {
    const run = `bench-${i}`;
    body[i] = { ...body[i], type: 'hook.started', payload: { run, hook: 'pause-feature', step: 'pause', argv: ['./fixtures/hooks/feature-flag.sh', 'disable'], env: [], cwd: '.', retry: false } };
    body[i + 1] = {
      ...body[i + 1],
      type: 'hook.finished',
      payload: { run, hook: 'pause-feature', step: 'pause', ok: true, exitCode: 0, signal: null, timedOut: false, durationMs: 40, stdout: 'assistant paused\n', stderr: '', stdoutCut: 0, stderrCut: 0 },
    };
  }
  return body;
}

/** A project with one incident opened through the CLI, then `events` more appended to it. */
export async function projectWithIncident(events) {
  const p = tempProject();
  const run = (args) => execFileSync(process.execPath, [BIN, ...args], { cwd: p.dir, env: { ...process.env, ...ENV, AIOPS_DB: '', NO_COLOR: '1' } }).toString();
  const started = JSON.parse(run(['incident', 'start', '--trigger', 'data_leakage', '--title', 'bench', '--no-tui', '--json']));
  const id = started.incident.id;
  const log = await openEventLog(p.db);
  const lastSeq = await log.incidentLastSeq(id);
  const opened = await log.readIncident(id, { limit: 1 });
  const mix = realisticMix(id, events, Date.parse(opened[0].ts) + 1000);
  // The incident exists: the first append must expect its last seq.
  const first = await log.append(mix.slice(0, 1), { incidentId: id, lastSeq });
  if (!first.ok) throw new Error('conflict seeding the incident');
  const rest = mix.slice(1);
  const last = new Map([[id, first.events[0].seq]]);
  for (let i = 0; i < rest.length; i += 5_000) {
    const r = await log.append(rest.slice(i, i + 5_000), { incidentId: id, lastSeq: last.get(id) });
    if (!r.ok) throw new Error('conflict seeding the incident');
    last.set(id, r.events.at(-1).seq);
  }
  await log.close();
  return { ...p, id, run };
}

export default async function cliIncidentSize() {
  const small = await projectWithIncident(1_000);
  const large = await projectWithIncident(100_000);
  try {
    const cmd = (p, args) => () => timeCommand([process.execPath, BIN, ...args(p)], { cwd: p.dir, env: ENV });
    const rows = [];
    for (const [label, args] of [
      ['incident note', (p) => ['incident', 'note', p.id, 'checked the dashboards', '--json']],
      ['incident show --json', (p) => ['incident', 'show', p.id, '--json']],
      ['incident resume --no-tui --json', (p) => ['incident', 'resume', p.id, '--no-tui', '--json']],
    ]) {
      const m = await interleavedMedians(5, { small: cmd(small, args), large: cmd(large, args) });
      rows.push(slowdownRow({ name: `${label}: 100k-event incident (realistic mix)`, baseline: 'same on a 1k-event incident', subject: `aiops ${label}`, baseline_ms: m.small, subject_ms: m.large, max: 3 }));
    }
    return rows;
  } finally {
    small.cleanup();
    large.cleanup();
  }
}
