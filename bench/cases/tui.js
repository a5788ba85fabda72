// The TUI's first frame: `aiops incident resume` on a 10,000-event incident, in a pseudo-terminal
// (util-linux `script`), from spawn to the frame's timeline heading on the terminal, against a bare
// Ink program rendering one line the same way (≤ 2×). Memory is tui-memory.js's row.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BIN, REPO, interleavedMedians, slowdownRow, tempProject } from '../lib.js';

const ROUNDS = 7;

const dist = (p) => import(pathToFileURL(join(REPO, 'dist', p)).href);

/** An incident with `notes` note events after its opening, written through the app and the store. */
async function seedIncident(dir, notes) {
  const { loadProject } = await dist('app/project.js');
  const { openSession } = await dist('app/session.js');
  const { startIncident } = await dist('app/start-incident.js');
  const env = { ...process.env, AIOPS_DB: '' };
  const session = await openSession({ cwd: dir, env, as: 'alice', project: loadProject({ cwd: dir, env }), create: true });
  try {
    const { state } = await startIncident(session, { trigger: 'unexpected_tool_call', title: 'Refund loop', service: 'billing-agent', assignOncall: true });
    const t0 = Date.parse(state.openedAt);
    let lastSeq = state.lastSeq;
    for (let i = 0; i < notes; i += 5000) {
      const batch = [];
      for (let j = i; j < Math.min(notes, i + 5000); j++) {
        batch.push({ type: 'note.added', incidentId: state.id, ts: new Date(t0 + j * 10).toISOString(), actor: j % 2 ? 'bob' : 'alice', role: null, payload: { text: `observation ${j}: refund calls at ${j % 97}/min on shard ${j % 7}`, attachments: [] } });
      }
      const r = await session.log.append(batch, { incidentId: state.id, lastSeq });
      if (!r.ok) throw new Error(`seeding ${state.id}: conflict at ${r.lastSeq}`);
      lastSeq = r.events.at(-1).seq;
    }
    return state.id;
  } finally {
    await session.close();
  }
}

/**
 * Runs a command in a pseudo-terminal until `marker` appears on it; returns the milliseconds that
 * took and, if asked, the peak RSS of the command's own process (read from /proc) after `settleMs`.
 */
export function untilOnScreen(command, { cwd, marker, settleMs = 0, env = {} }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', AIOPS_DB: '', TERM: 'xterm-256color', COLUMNS: '80', LINES: '24', ...env },
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true,
    });
    let seen = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`"${marker}" did not appear within 30 s:\n${seen.slice(-2000)}`)), 30_000);
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      if (err) reject(err);
      else resolve(value);
    };
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString('utf8');
      if (!seen.includes(marker) || done) return;
      const ms = performance.now() - started;
      if (!settleMs) return finish(null, { ms });
      setTimeout(() => {
        try {
          finish(null, { ms, rssMb: peakRssOfChild(child.pid) });
        } catch (err) {
          finish(err);
        }
      }, settleMs);
    });
    child.on('exit', () => setTimeout(() => finish(new Error(`exited before "${marker}" appeared:\n${seen.slice(-2000)}`)), 50));
  });
}

export function peakRssOfChild(scriptPid) {
  const kids = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  // script runs the command through a shell, which may exec it or fork it.
  for (const pid of kids) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const name = /^Name:\s+(\S+)/m.exec(status)?.[1];
    if (name === 'node' || name === 'MainThread') return Number(/^VmHWM:\s+(\d+)/m.exec(status)[1]) / 1024;
    const grand = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const g of grand) {
      const st = readFileSync(`/proc/${g}/status`, 'utf8');
      if (/^VmHWM:/m.test(st)) return Number(/^VmHWM:\s+(\d+)/m.exec(st)[1]) / 1024;
    }
  }
  throw new Error('could not find the TUI process under script');
}

/** Runs one read command in the project, as a user's earlier command would have, so the project cache is written. */
function warmProjectCache(dir) {
  const r = spawnSync(process.execPath, [BIN, 'incident', 'list', '--json'], { cwd: dir, env: { ...process.env, AIOPS_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`aiops incident list failed in ${dir}: ${r.stderr}`);
  if (!existsSync(join(dir, '.aiops', 'project-cache.json'))) throw new Error(`no project cache was written in ${dir}`);
}

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

export default async function tui() {
  const ten = tempProject();
  try {
    const id10 = await seedIncident(ten.dir, 10_000);
    // The incidents were seeded through the API, which bypasses the CLI's project cache; a user's
    // `aiops incident start` would have written it, so the resume measured here is their next run.
    warmProjectCache(ten.dir);
    const node = quote(process.execPath);
    const bare = `${node} --input-type=module -e ${quote("import React from 'react'; import { render, Text } from 'ink'; render(React.createElement(Text, null, 'bare ink ready')); setTimeout(() => {}, 60000);")}`;
    const resume = (id) => `${node} ${quote(BIN)} --as alice incident resume ${id}`;
    const m = await interleavedMedians(ROUNDS, {
      bare: async () => (await untilOnScreen(bare, { cwd: REPO, marker: 'bare ink ready' })).ms,
      resume: async () => (await untilOnScreen(resume(id10), { cwd: ten.dir, marker: 'Timeline (UTC)' })).ms,
    });
    return [
      slowdownRow({ name: 'TUI first frame: resume a 10,000-event incident', baseline: 'bare Ink, one line', subject: 'aiops incident resume (TTY)', baseline_ms: m.bare, subject_ms: m.resume, max: 2 }),
    ];
  } finally {
    ten.cleanup();
  }
}
