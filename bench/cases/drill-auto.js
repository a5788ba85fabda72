// `aiops drill FILE --auto` of an 8-hour scenario with 2,000 injects (one in ten conditional on an
// expectation, `when: {missed|met}`) and a script of 300 entries, as a whole CLI process: under 5 s,
// and ≤ 2.5× the same scenario cut to its first 1,000 injects and 150 entries (the first four
// hours). The scenarios are generated from the shipped wrong-tenant-leak drill: its expectations
// and its script's opening moves, then notes and steps as a long incident brings them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BIN, REPO, interleavedMedians, slowdownRow, tempProject, timeCommand } from '../lib.js';

const HOURS_8 = 8 * 3600;

/** A scenario of `injects` injects over `seconds` drill seconds, a tenth of them conditional, and `entries` script entries. */
export function longScenario(injects, entries, seconds) {
  const base = parse(readFileSync(join(REPO, 'scenarios', 'wrong-tenant-leak.yaml'), 'utf8'));
  const kinds = ['alert', 'metric', 'message', 'tool_call', 'reviewer_report'];
  const when = [{ missed: 'paused' }, { met: 'leak-confirmed' }, { missed: 'privacy-ticket' }, { met: 'evidence-kept' }];
  const out = [];
  for (let i = 0; i < injects; i++) {
    const at = Math.floor((i * HOURS_8) / 2_000);
    const kind = kinds[i % kinds.length];
    const inject = { id: `inject-${i + 1}`, at: `${at}s`, kind, ...(kind === 'message' || kind === 'reviewer_report' ? { from: 'support' } : { source: 'monitor' }), summary: `Signal ${i + 1}: cross_tenant_hits ${i % 37} in the last 5m on assistant-eu` };
    if (i % 10 === 7) inject.when = { ...when[(i / 10) % when.length | 0] };
    out.push(inject);
  }
  const opening = base.script.slice(0, 9);
  const script = [...opening];
  for (let i = script.length; i < entries; i++) {
    const at = 600 + Math.floor(((i - opening.length) * (HOURS_8 - 900)) / 300);
    const who = ['alice', 'bob', 'carol', 'dan'][i % 4];
    script.push({ at: `${at}s`, as: who, do: 'note', args: { text: `Watch note ${i}: cross-tenant hits steady, ${i % 13} replays checked` } });
  }
  return { ...base, id: `long-${injects}`, duration: `${seconds}s`, injects: out, script };
}

export default async function drillAuto() {
  const p = tempProject();
  try {
    writeFileSync(join(p.dir, 'scenarios', 'long-1000.yaml'), stringify(longScenario(1_000, 150, HOURS_8 / 2)));
    writeFileSync(join(p.dir, 'scenarios', 'long-2000.yaml'), stringify(longScenario(2_000, 300, HOURS_8)));
    const env = { AIOPS_USER: 'alice' };
    // Each run starts a new drill in the same log, as a team's rehearsals do.
    const run = (file) => () => timeCommand([process.execPath, BIN, 'drill', join('scenarios', file), '--auto', '--json'], { cwd: p.dir, env });
    const m = await interleavedMedians(3, { half: run('long-1000.yaml'), full: run('long-2000.yaml') });
    return [
      slowdownRow({ name: 'drill --auto: 8 h, 2,000 injects (10% conditional), 300 entries', baseline: 'same, first 1,000 injects (4 h, 150 entries)', subject: 'aiops drill FILE --auto', baseline_ms: m.half, subject_ms: m.full, max: 2.5 }),
      { name: 'drill --auto: 8 h, 2,000 injects, wall time (ms)', baseline: 'the 5 s the issue allows', subject: 'aiops drill FILE --auto', baseline_ms: 5_000, subject_ms: Number(m.full.toFixed(1)), ratio: Number((m.full / 5_000).toFixed(2)), limit: '< 5000 ms', ok: m.full < 5_000 },
    ];
  } finally {
    p.cleanup();
  }
}
