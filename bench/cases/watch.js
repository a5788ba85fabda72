// `aiops watch FILE` (the whole CLI process, the shipped drift rules of aiops.yaml, a fresh project
// each round so each run opens the same incidents) over 300,000 telemetry records written by
// tools/gen-telemetry.mjs for every shipped scenario, against a bare JSON-lines parse of the same
// file in this process (read, split on newlines, JSON.parse each line). Records per second are
// stated in the row's name; 3 interleaved rounds, medians.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO, interleavedMedians, slowdownRow, tempDir, tempProject, timeCommand, timeIt } from '../lib.js';

const PER_SCENARIO = 50_000;

export default async function watch() {
  const tmp = tempDir();
  try {
    const file = join(tmp.dir, 'telemetry.jsonl');
    const gen = spawnSync(process.execPath, [join(REPO, 'tools', 'gen-telemetry.mjs'), '--all', '--records', String(PER_SCENARIO)], { maxBuffer: 2 ** 30 });
    if (gen.status !== 0) throw new Error(`gen-telemetry exited ${gen.status}: ${gen.stderr}`);
    writeFileSync(file, gen.stdout);
    const records = PER_SCENARIO * 6;
    let parsed = 0;
    const m = await interleavedMedians(3, {
      bare: async () =>
        timeIt(() => {
          parsed = 0;
          for (const line of readFileSync(file, 'utf8').split('\n')) if (line !== '' && JSON.parse(line)) parsed++;
        }),
      watch: async () => {
        const p = tempProject();
        try {
          return timeCommand(['node', BIN, '--as', 'alice', 'watch', file], { cwd: p.dir });
        } finally {
          p.cleanup();
        }
      },
    });
    if (parsed !== records) throw new Error(`the bare parse read ${parsed} records, not ${records}`);
    const perSecond = Math.round(records / (m.watch / 1000));
    return [
      slowdownRow({ name: `aiops watch ${records.toLocaleString('en')} records: ${perSecond.toLocaleString('en')} records/s`, baseline: 'read + split + JSON.parse per line', subject: 'aiops watch FILE (whole process)', baseline_ms: m.bare, subject_ms: m.watch, max: 4 }),
    ];
  } finally {
    tmp.cleanup();
  }
}
