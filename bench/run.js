// `npm run bench`: runs every bench/cases/*.js (or those whose file name contains an argument),
// each in a process of its own, prints the machine and a table of ratios, writes
// bench/RESULTS.md after a full run, and exits 1 when any row misses its bound or a case fails.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = import.meta.dirname;

// `node bench/run.js --one FILE`: runs one case and prints its rows as JSON. A case gets a fresh
// process, as aiops does: what one case leaves in the heap (and how V8 has learnt to allocate
// from it) never slows another.
if (process.argv[2] === '--one') {
  const { default: run } = await import(pathToFileURL(join(here, 'cases', process.argv[3])).href);
  process.stdout.write(JSON.stringify(await run()));
  process.exit(0);
}
const filters = process.argv.slice(2);
const caseFiles = readdirSync(join(here, 'cases'))
  .filter((f) => f.endsWith('.js'))
  .sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));

const cpu = cpus();
const machine = {
  date: new Date().toISOString(),
  cores: cpu.length,
  cpu: cpu[0]?.model?.trim() ?? 'unknown',
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
console.log(`machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memory}, Node ${machine.node}, ${machine.platform}`);
console.log(`date: ${machine.date}\n`);

const rows = [];
for (const file of caseFiles) {
  const started = Date.now();
  process.stderr.write(`running ${file} … `);
  try {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--one', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 2 ** 20,
    });
    if (child.status !== 0) throw new Error(`exited ${child.status ?? child.signal}\n${child.stderr}`);
    const got = JSON.parse(child.stdout);
    rows.push(...got.map((r) => ({ ...r, file })));
    process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (err) {
    process.stderr.write('failed\n');
    rows.push({ file, name: file, baseline: '-', subject: '-', baseline_ms: NaN, subject_ms: NaN, ratio: NaN, limit: '-', ok: false, error: String(err?.stack ?? err) });
  }
}

const fmtMs = (ms) => (Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms.toFixed(ms >= 1 ? 1 : 3)) : '-');
const header = ['benchmark', 'subject', 'baseline', 'subject ms', 'baseline ms', 'ratio', 'limit', 'ok'];
const table = rows.map((r) => [r.name, r.subject, r.baseline, fmtMs(r.subject_ms), fmtMs(r.baseline_ms), Number.isFinite(r.ratio) ? `${r.ratio}×` : '-', r.limit, r.ok ? 'ok' : 'FAIL']);

const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const t of table) console.log(line(t));
for (const r of rows) if (r.error) console.error(`\n${r.file}: ${r.error}`);

const failed = rows.filter((r) => !r.ok);
if (filters.length === 0) {
  const md = [
    '# Benchmark results',
    '',
    `Latest \`npm run bench\`: ${machine.date.slice(0, 10)} (${machine.date}).`,
    '',
    `Machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memory}, Node ${machine.node}, ${machine.platform}.`,
    '',
    'Each subject is measured side by side with its baseline in the same run (interleaved medians, or best of several rounds for the bulk cases; see the comment atop each bench/cases/*.js).',
    'Ratio: for "≤" rows, subject time over baseline time; for "≥" rows, subject rate over baseline rate.',
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...table.map((t) => `| ${t.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`),
    '',
    failed.length === 0 ? 'All rows within their bounds.' : `${failed.length} row(s) missed their bound: ${failed.map((r) => r.name).join(', ')}.`,
    '',
  ].join('\n');
  writeFileSync(join(here, 'RESULTS.md'), md);
  console.log('\nwrote bench/RESULTS.md');
}
if (failed.length > 0) {
  console.error(`\n${failed.length} benchmark row(s) missed their bound`);
  process.exitCode = 1;
}
