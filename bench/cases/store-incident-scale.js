// Cost grows with the incident, not with the log: a small incident (40 events, spread through the
// whole log) read and checked through the EventLog adapter (readIncident + incidentLastSeq +
// readVerifiedIncident, and verify({incidentId})) in a log of 1,000,000 events from 200 other
// incidents, against the same incident in a log of 1,000 events. The logs are built through the
// adapter in appends of 1,000 events (20 for the small log). 41 interleaved rounds of 40
// repetitions each, medians; ≤ 1.1×.
// By hand: `npx tsc -p tsconfig.json && node bench/cases/store-incident-scale.js`.
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openEventLog } from '../../dist/store/index.js';
import { interleavedMedians, sampleEvents, slowdownRow, tempDir } from '../lib.js';

const SMALL = 'INC-2026-SMALL';
const SMALL_EVENTS = 40;
const ROUNDS = 41;
const REPEAT = 40;
const MAX_RATIO = 1.1;

/** Appends `count` sample events to `incidentId` after its last seq (one transaction). */
async function appendSample(log, incidentId, count, start) {
  const events = sampleEvents(count, { start }).map((e) => ({ ...e, incidentId }));
  const lastSeq = await log.incidentLastSeq(incidentId);
  const r = await log.append(events, { incidentId, lastSeq });
  if (!r.ok) throw new Error(`conflict while building the log on ${incidentId}`);
}

/**
 * A log of `others × perOther` events from other incidents, built in rounds so the small
 * incident's events (SMALL_EVENTS in all, a few a round) sit between other incidents' rows.
 */
async function buildLog(path, { others, perOther, batch }) {
  const log = await openEventLog(path, { create: true });
  const rounds = perOther / batch;
  const smallPerRound = Math.ceil(SMALL_EVENTS / rounds);
  let smallLeft = SMALL_EVENTS;
  let clock = Date.UTC(2026, 2, 1, 9, 0, 0);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < others; i++) {
      await appendSample(log, `INC-2026-${String(i + 1).padStart(4, '0')}`, batch, clock);
      clock += batch * 250;
      if (i === others >> 1 && smallLeft > 0) {
        const n = Math.min(smallPerRound, smallLeft);
        await appendSample(log, SMALL, n, clock);
        smallLeft -= n;
      }
    }
  }
  await log.close();
}

function readAndCheck(log) {
  return async () => {
    const t = performance.now();
    for (let i = 0; i < REPEAT; i++) {
      const events = await log.readIncident(SMALL);
      const last = await log.incidentLastSeq(SMALL);
      const { report } = await log.readVerifiedIncident(SMALL);
      if (events.length !== SMALL_EVENTS || last !== events.at(-1).seq || !report.ok || report.incidentEvents !== SMALL_EVENTS) {
        throw new Error('the small incident did not read back whole and verified');
      }
    }
    return performance.now() - t;
  };
}

function verifyIncident(log) {
  return async () => {
    const t = performance.now();
    for (let i = 0; i < REPEAT; i++) {
      const report = await log.verify({ incidentId: SMALL });
      if (!report.ok || report.incidentEvents !== SMALL_EVENTS) throw new Error('verify of the small incident failed');
    }
    return performance.now() - t;
  };
}

export default async function storeIncidentScale() {
  const tmp = tempDir();
  try {
    const bigPath = `${tmp.dir}/big.db`;
    const smallPath = `${tmp.dir}/small.db`;
    const t0 = performance.now();
    await buildLog(bigPath, { others: 200, perOther: 5_000, batch: 1_000 });
    const buildMs = performance.now() - t0;
    await buildLog(smallPath, { others: 6, perOther: 160, batch: 20 });
    const big = await openEventLog(bigPath, { readonly: true });
    const small = await openEventLog(smallPath, { readonly: true });
    const bigHead = (await big.head()).seq;
    const smallHead = (await small.head()).seq;
    const m = await interleavedMedians(ROUNDS, {
      readSmall: readAndCheck(small),
      readBig: readAndCheck(big),
      verifySmall: verifyIncident(small),
      verifyBig: verifyIncident(big),
    }, { warmup: 2 });
    await big.close();
    await small.close();
    const fmt = (n) => n.toLocaleString('en');
    process.stderr.write(`built ${fmt(bigHead)} events in ${(buildMs / 1000).toFixed(1)} s; baseline log ${fmt(smallHead)} events\n`);
    return [
      slowdownRow({
        name: `incident read + last seq + verified read, ${SMALL_EVENTS} events ×${REPEAT}`,
        baseline: `log of ${fmt(smallHead)} events`,
        subject: `log of ${fmt(bigHead)} events`,
        baseline_ms: m.readSmall,
        subject_ms: m.readBig,
        max: MAX_RATIO,
      }),
      slowdownRow({
        name: `verify({incidentId}), ${SMALL_EVENTS} events ×${REPEAT}`,
        baseline: `log of ${fmt(smallHead)} events`,
        subject: `log of ${fmt(bigHead)} events`,
        baseline_ms: m.verifySmall,
        subject_ms: m.verifyBig,
        max: MAX_RATIO,
      }),
    ];
  } finally {
    tmp.cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await storeIncidentScale()) console.log(JSON.stringify(row));
}
