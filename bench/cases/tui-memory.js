// The TUI's peak RSS (VmHWM) on a 100,000-event incident with the realistic mix (notes, steps,
// approvals, ¼ role changes, a hook run every 40 events), `aiops incident resume` in a
// pseudo-terminal until its timeline is on screen and 1.5 s after, side by side with the same on a
// 1,000-event incident (what node, Ink, the CLI and SQLite cost before the incident's size shows).
// Must stay under 100 MB. The "ms" columns carry megabytes; two rounds each, the larger peak kept.
import { BIN, timeCommand } from '../lib.js';
import { projectWithIncident } from './cli-incident-size.js';
import { untilOnScreen } from './tui.js';

const LIMIT_MB = 100;
const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

export default async function tuiMemory() {
  const small = await projectWithIncident(1_000);
  const large = await projectWithIncident(100_000);
  try {
    // The first command after seeding folds the incident once and writes its snapshot, as a user's earlier command would.
    for (const p of [small, large]) timeCommand([process.execPath, BIN, 'incident', 'show', p.id, '--json'], { cwd: p.dir, env: { AIOPS_USER: 'alice' } });
    const resume = (p) => `${quote(process.execPath)} ${quote(BIN)} --as alice incident resume ${p.id}`;
    const peak = { small: 0, large: 0 };
    for (let round = 0; round < 2; round++) {
      for (const [k, p] of [['small', small], ['large', large]]) {
        const m = await untilOnScreen(resume(p), { cwd: p.dir, marker: 'Timeline (UTC)', settleMs: 1500, env: { AIOPS_USER: 'alice' } });
        peak[k] = Math.max(peak[k], m.rssMb);
      }
    }
    return [{
      name: 'TUI peak RSS: resume a 100,000-event incident, realistic mix (MB, not ms)',
      baseline: 'same on a 1,000-event incident',
      subject: 'aiops incident resume (TTY), timeline on screen',
      baseline_ms: Number(peak.small.toFixed(1)),
      subject_ms: Number(peak.large.toFixed(1)),
      ratio: Number((peak.large / peak.small).toFixed(2)),
      limit: `< ${LIMIT_MB} MB`,
      ok: peak.large < LIMIT_MB,
    }];
  } finally {
    small.cleanup();
    large.cleanup();
  }
}
