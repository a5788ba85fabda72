import { act } from '../src/app/act.js';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyRefusal, UserError } from '../src/core/errors.js';
import { runHookOutsideStep } from '../src/app/hook-commands.js';
import { addNote, approveStep } from '../src/app/incidents.js';
import { loadProject } from '../src/app/project.js';
import { openSession, type Session } from '../src/app/session.js';
import { startIncident } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import { aiopsInProcess as aiops } from './helpers/cli-in-process.js';
import { makeHookProject, readDumps } from './helpers/hook-project.js';
import { REPO, type TempProject } from './helpers/project.js';
import { patience } from './helpers/patience.js';

const sentinelDir = mkdtempSync(join(tmpdir(), 'aiops-sentinel-'));
const SENTINEL = join(sentinelDir, 'SENTINEL');

/** Decodes fixtures/injection-corpus.txt as its header describes. */
function loadCorpus(): string[] {
  const out: string[] = [];
  for (const line of readFileSync(join(REPO, 'fixtures', 'injection-corpus.txt'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const long = /^LONG:(\d+)$/.exec(line);
    if (long) {
      out.push('x'.repeat(Number(long[1])));
      continue;
    }
    let s = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      const n = line[i + 1];
      if (c === '\\' && n !== undefined && 'nt0\\'.includes(n)) {
        s += n === 'n' ? '\n' : n === 't' ? '\t' : n === '0' ? '\0' : '\\';
        i++;
      } else s += c;
    }
    out.push(s.replaceAll('SENTINEL', SENTINEL));
  }
  return out;
}

const corpus = loadCorpus();
let shmDir: string | null = null;

/** Hundreds of durable commits: on tmpfs when there is one, so the corpus run stays quick. */
function fastDb(): string | undefined {
  if (!existsSync('/dev/shm')) return undefined;
  shmDir = mkdtempSync('/dev/shm/aiops-injection-');
  return join(shmDir, 'aiops.db');
}
let project: TempProject;
let session: Session;
const savedState = process.env.AIOPS_STATE_DIR;

beforeAll(async () => {
  project = makeHookProject();
  process.env.AIOPS_STATE_DIR = project.stateDir;
  session = await openSession({ cwd: project.dir, project: loadProject({ cwd: project.dir, env: {}, db: fastDb() }), as: 'alice', env: { AIOPS_USER: 'alice' }, clock: new ManualClock(new Date('2026-03-01T10:00:00Z')), create: true });
});
afterAll(async () => {
  await session?.close();
  project?.cleanup();
  rmSync(sentinelDir, { recursive: true, force: true });
  if (shmDir) rmSync(shmDir, { recursive: true, force: true });
  if (savedState === undefined) delete process.env.AIOPS_STATE_DIR;
  else process.env.AIOPS_STATE_DIR = savedState;
});

describe('hostile values through every template place', () => {
  it('the corpus has at least 50 strings, NUL bytes and very long ones included', () => {
    expect(corpus.length).toBe(132);
    expect(corpus.some((v) => v.includes('\0'))).toBe(true);
    expect(Math.max(...corpus.map((v) => v.length))).toBe(32768);
  });

  it('no value executes anything, changes the program, or reaches it as other than one argv element', async () => {
    const program = join(project.dir, 'fixtures/hook-tests/dump-argv.sh');
    const pauseProgram = join(project.dir, 'fixtures/hooks/feature-flag.sh');
    const results = { exact: 0, refusedNul: 0, pauseRan: 0, pauseRefusedByScript: 0 };
    for (const v of corpus) {
      // Given an incident whose title, service and context are the value, and a note with it
      // (a blank title or service is refused at start, so a blank value goes through context and params only)
      const blank = !v.trim();
      if (blank) await expect(startIncident(session, { trigger: 'data_leakage', title: v, service: v, context: { k: v } })).rejects.toBeInstanceOf(UserError);
      const { state } = await startIncident(session, { trigger: 'data_leakage', ...(blank ? {} : { title: v, service: v }), context: { k: v } });
      const [title, service] = blank ? [state.title, state.service] : [v, v];
      const id = state.id;
      if (v.trim()) await addNote(session, id, v, { cwd: project.dir });
      // When a hook whose argv uses every place (and the value as --param) is asked for, approved and run
      await expect(runHookOutsideStep(session, id, 'dump', { params: { x: v } })).rejects.toBeInstanceOf(PolicyRefusal);
      const before = readDumps(project.stateDir).length;
      const approve = approveStep(session, id, 'hook:dump', {});
      if (v.includes('\0')) {
        // Then a NUL byte, which no program can receive, is refused before anything runs
        await expect(approve).rejects.toBeInstanceOf(UserError);
        expect(readDumps(project.stateDir)).toHaveLength(before);
        results.refusedNul++;
      } else {
        const out = await approve;
        expect(out.fired?.ok, JSON.stringify(v).slice(0, 80)).toBe(true);
        // Then the program got each value as exactly one element, and it was the configured program
        const dumps = readDumps(project.stateDir);
        expect(dumps).toHaveLength(before + 1);
        expect(dumps.at(-1)).toEqual([program, title, service, v, v, '--', v]);
        expect(out.fired?.run.argv[0]).toBe(program);
        results.exact++;
      }
      // And the playbook's own pause step (params: tenant = {{incident.service}}) passes it as one argument too
      const pause = approveStep(session, id, 'pause', {});
      if (v.includes('\0')) {
        await expect(pause).rejects.toBeInstanceOf(UserError);
      } else {
        const fired = (await pause).fired!;
        expect(fired.run.argv).toEqual([pauseProgram, 'disable', '--tenant', service, '--incident', id]);
        if (fired.ok) results.pauseRan++;
        else {
          expect(fired.run.finished?.exitCode).toBe(2);
          results.pauseRefusedByScript++;
        }
      }
      expect(existsSync(SENTINEL), JSON.stringify(v).slice(0, 80)).toBe(false);
    }
    // Nothing was created anywhere the values point at, and the project directory holds only what it should
    expect(readdirSync(sentinelDir)).toEqual([]);
    expect(readdirSync(project.dir).filter((f) => f !== '.aiops').sort()).toEqual(['aiops.yaml', 'fixtures', 'playbooks', 'roster.yaml', 'state']);
    expect(results.exact + results.refusedNul).toBe(corpus.length);
    expect(results).toMatchObject({ refusedNul: 3 });
    console.log(`injection corpus: ${corpus.length} strings; ${JSON.stringify(results)}`);
  }, patience(60_000));
});

describe('hostile values through the binary', () => {
  it('a sample reaches the program exactly through --title, --service, --context and --param', async () => {
    const sample = ['-o SENTINEL', 'x\n$(touch SENTINEL); `touch SENTINEL`', '{{incident.id}}'].map((s) => s.replaceAll('SENTINEL', SENTINEL));
    for (const [i, v] of sample.entries()) {
      const start = await aiops(project, ['incident', 'start', '--trigger', 'data_leakage', `--title=${v}`, `--service=${v}`, '--context', `k=${v}`, '--json'], { as: 'alice' });
      expect(start.exitCode, start.stderr).toBe(0);
      const id = start.json().incident.id;
      if (i === 0) {
        const test = await aiops(project, ['hook', 'test', 'dump', '--incident', id, '--param', `x=${v}`, '--json']);
        expect(test.json().argv.slice(1)).toEqual([v, v, v, v, '--', v]);
      }
      expect((await aiops(project, ['hook', 'run', id, 'dump', '--param', `x=${v}`], { as: 'alice' })).exitCode).toBe(3);
      const run = await aiops(project, ['incident', 'approve', id, 'hook:dump', '--json'], { as: 'alice' });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(readDumps(project.stateDir).at(-1)!.slice(1)).toEqual([v, v, v, v, '--', v]);
    }
    expect(existsSync(SENTINEL)).toBe(false);
  }, patience(60_000));
});

describe('drills', () => {
  it('simulate hooks without drill: run, whoever fires them; nothing runs', async () => {
    const { state } = await startIncident(session, { trigger: 'data_leakage', service: 'acme', drill: { scenario: 'test', title: 'test' } });
    // A drill's starter facilitates; they take commander to approve
    await act(session, state.id, { kind: 'assign', role: 'commander', person: session.actor, handoff: false });
    const flags = join(project.stateDir, 'feature-flags');
    const hadFlags = existsSync(flags) ? readFileSync(flags, 'utf8') : null;
    const out = await approveStep(session, state.id, 'pause', {});
    expect(out.fired).toMatchObject({ simulated: true, ok: true });
    expect(out.fired!.run.argv[3]).toBe('acme');
    expect(existsSync(flags) ? readFileSync(flags, 'utf8') : null).toBe(hadFlags);
    await expect(runHookOutsideStep(session, state.id, 'secrets', {})).rejects.toBeInstanceOf(PolicyRefusal);
    const sim = await approveStep(session, state.id, 'hook:secrets', {});
    expect(sim.fired).toMatchObject({ simulated: true });
  });
});
