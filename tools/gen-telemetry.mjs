#!/usr/bin/env node
// Writes AI telemetry as JSON Lines for the shipped scenarios, to try `aiops watch` in minutes:
//   node tools/gen-telemetry.mjs hallucinated-refund | aiops watch -
//   node tools/gen-telemetry.mjs --all --records 2000 > telemetry.jsonl
// Each scenario is calm traffic for its service, then the drift it describes (from half-way on).
// Deterministic: the same arguments give the same bytes (--seed changes them).

const SCENARIOS = {
  'hallucinated-refund': { service: 'shop-assistant', drift: (r, rnd) => { r.prompt = 'p7'; if (rnd() < 0.45) { r.review = 'rejected'; r.output_class = 'refund_promise'; } } },
  'agent-refund-loop': { service: 'support-agent', drift: (r, rnd) => { r.tools = ['issue_refund', 'send_email', 'issue_refund']; if (rnd() < 0.4) r.review = 'escalated'; r.cost *= 4; } },
  'latency-cost-spike': { service: 'assistant-us', drift: (r, rnd) => { r.latency_ms = Math.round(r.latency_ms * (3 + rnd() * 2)); r.cost *= 3; r.model = 'model-2026-12'; } },
  'prompt-template-exposure': { service: 'support-chat', drift: (r, rnd) => { if (rnd() < 0.3) r.policy_hits = ['system_prompt_echo']; } },
  'reviewer-approved-unknown': { service: 'pharmacy-assistant', drift: (r, rnd) => { if (rnd() < 0.35) { r.reviewers = ['approved', 'rejected']; r.review = 'approved'; r.outcome = 'bad'; } } },
  'wrong-tenant-leak': { service: 'assistant-eu', drift: (r, rnd) => { if (rnd() < 0.3) r.policy_hits = ['cross_tenant_reference']; } },
};

function usage(code) {
  process.stderr.write(`usage: gen-telemetry.mjs SCENARIO...|--all [--records N (per scenario, default 400)] [--start ISO] [--seed N]\nscenarios: ${Object.keys(SCENARIOS).join(', ')}\n`);
  process.exit(code);
}

const args = process.argv.slice(2);
let records = 400;
let start = Date.parse('2026-03-02T09:00:00.000Z');
let seed = 19;
const names = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--records') records = Number(args[++i]);
  else if (a === '--start') start = Date.parse(args[++i]);
  else if (a === '--seed') seed = Number(args[++i]);
  else if (a === '--all') names.push(...Object.keys(SCENARIOS));
  else if (a === '-h' || a === '--help') usage(0);
  else if (SCENARIOS[a]) names.push(a);
  else { process.stderr.write(`unknown scenario or option: ${a}\n`); usage(2); }
}
if (names.length === 0 || !Number.isInteger(records) || records < 1 || !Number.isFinite(start)) usage(2);

// mulberry32: small, seedable, the same everywhere.
let s = seed >>> 0;
const rnd = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// A reader that stops early (`| head`, a watch that exits) closes the pipe: stop quietly, as cat does.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const out = [];
const flush = () => { if (out.length) { process.stdout.write(out.join('')); out.length = 0; } };
// One request every 2 s per scenario, interleaved in time order.
for (let i = 0; i < records; i++) {
  for (const name of names) {
    const sc = SCENARIOS[name];
    const r = {
      ts: new Date(start + i * 2000).toISOString(),
      service: sc.service,
      request_id: `${sc.service}-${String(i).padStart(6, '0')}`,
      model: 'model-2026-09',
      prompt: 'p6',
      tools: [],
      policy_hits: [],
      review: rnd() < 0.5 ? 'approved' : undefined,
      output_class: rnd() < 0.9 ? 'answer' : 'handoff',
      latency_ms: Math.round(400 + rnd() * 400),
      cost: Math.round((0.002 + rnd() * 0.002) * 1e5) / 1e5,
      scenario: name,
    };
    if (r.review === 'approved' && rnd() < 0.04) r.review = 'rejected';
    if (r.review === 'approved' && rnd() < 0.1) r.outcome = 'good';
    if (rnd() < 0.1) r.reviewers = ['approved', 'approved'];
    if (i >= records / 2) sc.drift(r, rnd);
    out.push(`${JSON.stringify(r)}\n`);
    if (out.length >= 1000) flush();
  }
}
flush();
