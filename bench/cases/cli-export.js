// `aiops export ID` of a 10,000-event incident (the real playbook pinned, notes, steps, approvals,
// role changes, hook runs) as a whole CLI process writing a file, against the floor of any such
// process: node starting, opening the same database with better-sqlite3 and reading the same rows
// (bench/floors/bare-read-incident.js). One row per format, ≤ 2×; interleaved medians of 7.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openEventLog } from '../../dist/store/index.js';
import { BIN, interleavedMedians, seedLog, slowdownRow, tempProject, timeCommand } from '../lib.js';
import { incidentEvents } from './export.js';

const ID = 'INC-2026-0001';
const FORMATS = ['md', 'json', 'html'];
const FLOOR = join(import.meta.dirname, '..', 'floors', 'bare-read-incident.js');

export default async function cliExport() {
  const p = tempProject();
  try {
    const log = await openEventLog(p.db, { create: true });
    const events = incidentEvents();
    await seedLog(log, events);
    await log.close();
    const env = { AIOPS_USER: 'alice' };
    const node = process.execPath;
    const runs = { floor: () => timeCommand([node, FLOOR, p.db, ID], { cwd: p.dir }) };
    for (const f of FORMATS) runs[f] = () => timeCommand([node, BIN, 'export', ID, '--format', f, '-o', `out.${f}`, '--force'], { cwd: p.dir, env });
    const m = await interleavedMedians(7, runs);
    for (const f of FORMATS) if (!existsSync(join(p.dir, `out.${f}`))) throw new Error(`export to ${f} wrote nothing`);
    return FORMATS.map((f) =>
      slowdownRow({ name: `export of a ${events.length.toLocaleString('en')}-event incident to ${f}, CLI process`, baseline: 'node + better-sqlite3 reading its rows', subject: `aiops export ID --format ${f} -o FILE`, baseline_ms: m.floor, subject_ms: m[f], max: 2 }),
    );
  } finally {
    p.cleanup();
  }
}
