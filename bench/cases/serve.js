// `aiops serve` under sustained alert POSTs on loopback: 8 clients post repeats of 10 alert groups
// (each body different, so each is a committed alert.received, synchronous=FULL), for 1,000 requests
// after 10 that open the incidents. Reported: the rate sustained and the p99 latency, against a bare
// node:http server that reads the same bodies and answers 200 (the floor of any HTTP receiver).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { BIN, REPO, slowdownRow, tempProject } from '../lib.js';

const REQUESTS = 1000;
const CLIENTS = 8;
const GROUPS = 10;
const TOKEN = 'bench-token';

const base = JSON.parse(readFileSync(join(REPO, 'fixtures', 'alerts', 'alertmanager-v4-pii-spike.json'), 'utf8'));
const body = (i) => JSON.stringify({ ...base, groupKey: `{}:{alertname="PIIDetectorSpike",g="${i % GROUPS}"}`, alerts: [{ ...base.alerts[0], annotations: { ...base.alerts[0].annotations, summary: `PII detector fired ${i} times` } }] });

async function load(url, from) {
  const latencies = [];
  let next = from;
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < from + REQUESTS) {
      const i = next++;
      const t = performance.now();
      const r = await fetch(url, { method: 'POST', body: body(i), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
      await r.arrayBuffer();
      if (r.status !== 200 && r.status !== 201) throw new Error(`POST ${i}: ${r.status}`);
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: REQUESTS / seconds, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)] };
}

async function bare() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"ok":true}'));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await load(`http://127.0.0.1:${server.address().port}/alerts`, 0);
  } finally {
    server.close();
  }
}

export default async function serveBench() {
  const project = tempProject();
  const child = spawn(process.execPath, [BIN, '--as', 'alice', 'serve', '--listen', '127.0.0.1:0', '--rate', '1000000'], {
    cwd: project.dir,
    env: { ...process.env, AIOPS_SERVE_TOKEN: TOKEN, AIOPS_DB: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(`${m[1]}/alerts`);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    for (let i = 0; i < GROUPS; i++) {
      const r = await fetch(url, { method: 'POST', body: body(i), headers: { authorization: `Bearer ${TOKEN}` } });
      if (r.status !== 201) throw new Error(`opening group ${i}: ${r.status}`);
    }
    const floor = await bare();
    const got = await load(url, GROUPS);
    const rate = (x) => `${Math.round(x.rate)}/s, p50 ${x.p50.toFixed(1)} ms`;
    return [
      slowdownRow({ name: `aiops serve: ${REQUESTS} alert POSTs, ${CLIENTS} clients (p99 ms)`, baseline: `bare node:http (${rate(floor)})`, subject: `POST /alerts (${rate(got)})`, baseline_ms: floor.p99, subject_ms: got.p99, max: 10 }),
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    project.cleanup();
  }
}
