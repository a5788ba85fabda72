import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../src/app/project.js';
import { openSession, type Session } from '../src/app/session.js';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli/index.js';
import { canonicalIncidentId } from '../src/core/incident-id.js';
import type { StoredEvent } from '../src/core/events.js';
import { SCRIPT_ACTIONS, type ScriptEntry } from '../src/core/schemas/scenario.js';
import { VERB_IDS, VERBS, pickVerb } from '../src/verbs/index.js';
import { playEntry } from '../src/verbs/play.js';
import { scriptVerb, scriptWords } from '../src/verbs/script.js';
import { aiops } from './helpers/cli.js';
import { makeProject, REPO, type TempProject } from './helpers/project.js';

const projects: TempProject[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.cleanup();
});

/** The commander command at `incident step`, or undefined. */
async function cliCommand(path: string) {
  let cmd = await buildProgram();
  for (const name of path.split(' ')) {
    const next = cmd.commands.find((c) => c.name() === name);
    if (!next) return undefined;
    cmd = next;
  }
  return cmd;
}

describe('every verb is declared once and reachable from each front door', () => {
  it('every command argument or option that names an incident takes it in any case and without zeros', async () => {
    // Given every command of the CLI
    const all: Command[] = [];
    const walk = (c: Command): void => {
      all.push(c);
      c.commands.forEach(walk);
    };
    walk(await buildProgram());
    // Then each <id>, <incident> and --incident is parsed as canonicalIncidentId parses it (through
    // incidentIdArgument, which also names an empty one as empty)
    const named = all.flatMap((c) => [
      ...c.registeredArguments.filter((a) => ['id', 'incident'].includes(a.name())).map((a) => [`${c.name()} <${a.name()}>`, a.parseArg] as const),
      ...c.options.filter((o) => o.attributeName() === 'incident').map((o) => [`${c.name()} ${o.flags}`, o.parseArg] as const),
    ]);
    expect(named.length).toBeGreaterThan(20);
    for (const [where, parse] of named) {
      const p = parse as unknown as (v: string) => string;
      expect(p('inc-2026-1'), where).toBe(canonicalIncidentId('inc-2026-1'));
      expect(p('drill-2026-00012'), where).toBe('DRILL-2026-0012');
      expect(() => p(' '), where).toThrow(/ is empty: give an incident id$/);
    }
  });

  it('declares each verb id of the shared vocabulary exactly once, with args, who may and what it runs', () => {
    // Given the verb list
    const ids = VERBS.map((v) => v.id);
    // Then it holds the vocabulary, no more, no less, each once
    expect([...ids].sort()).toEqual([...VERB_IDS].sort());
    for (const v of VERBS) {
      expect(v.summary, v.id).not.toBe('');
      expect(v.who.text, v.id).not.toBe('');
      expect(typeof v.run, v.id).toBe('function');
      for (const a of v.args) expect(a.help, `${v.id} ${a.name}`).not.toBe('');
    }
  });

  it('names in who-may only refusal rules the engine really raises', async () => {
    // Given the engine's source (the rules are string literals there)
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = (readdirSync(join(REPO, 'src', 'core'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const source = files.map((f) => readFileSync(join(REPO, 'src', 'core', f), 'utf8')).join('\n');
    // Then every rule a verb declares appears in it
    for (const v of VERBS) for (const rule of v.who.rules) expect(source, `${v.id}: ${rule}`).toContain(`'${rule}'`);
  });

  it('reaches every verb from the CLI: the command exists, takes its positionals and options, and its options pick it', async () => {
    for (const v of VERBS) {
      // Given the commander command the verb declares
      const cmd = await cliCommand(v.cli.command);
      expect(cmd, `${v.id}: aiops ${v.cli.command}`).toBeDefined();
      // Then its usage has the incident id and the verb's positionals, and each CLI option
      const positionals = v.args.filter((a) => a.positional).map((a) => a.cliName ?? a.name);
      expect(cmd!.registeredArguments.map((a) => a.name()), v.id).toEqual(['id', ...positionals]);
      const flags = cmd!.options.map((o) => o.flags);
      for (const a of v.args.filter((x) => x.option && !x.scriptOnly)) expect(flags, `${v.id} ${a.option}`).toContain(a.option);
      // And the option that picks it (if it shares the command) picks it
      const args = v.cli.picked ? { [v.cli.picked]: v.args.find((a) => a.name === v.cli.picked)!.kind === 'flag' ? true : 'x' } : {};
      expect(pickVerb(v.cli.command, args).id, v.id).toBe(v.id);
    }
  });

  it('reaches every verb from a drill script by its own id, and the schema accepts exactly the script words', () => {
    // Given the scenario schema's do: words
    expect([...SCRIPT_ACTIONS].sort()).toEqual(scriptWords().sort());
    for (const v of VERBS) {
      // When an entry names the verb, with its required args
      const args = Object.fromEntries(v.args.filter((a) => a.required).map((a) => [a.name, a.kind === 'flag' ? true : 'x']));
      const picking = v.args.find((a) => a.name === v.cli.picked);
      if (picking?.kind === 'text') args[picking.name] = 'x';
      if (v.id === 'hook.run') args.hook = 'pause-feature';
      if (v.id === 'hook.record' || v.id === 'drill.judge') args[v.id === 'hook.record' ? 'ok' : 'met'] = true;
      if (v.id === 'severity') args.severity = 'SEV2';
      if (v.id === 'status') args.status = 'mitigated';
      if (v.id === 'review') args.cause = 'x';
      if (v.id === 'step.reopen') args.reason = 'x';
      const found = scriptVerb({ do: v.id as ScriptEntry['do'], args });
      // Then it maps to that verb
      expect(found.ok ? found.verb.id : found.message, v.id).toBe(v.id);
    }
  });

  it('maps the script words older scenarios use onto the same verbs', () => {
    const pick = (d: string, args: Record<string, unknown>) => {
      const found = scriptVerb({ do: d as ScriptEntry['do'], args });
      return found.ok ? found.verb.id : found.message;
    };
    expect(pick('step', { step: 's', done: true })).toBe('step.done');
    expect(pick('step', { step: 's', skip: 'why' })).toBe('step.skip');
    expect(pick('step', { step: 's', choose: 'yes' })).toBe('step.choose');
    expect(pick('step', { step: 's', reopen: true, reason: 'marked done by mistake' })).toBe('step.reopen');
    expect(pick('approve', { step: 's' })).toBe('approve');
    expect(pick('approve', { step: 's', override: 'on fire' })).toBe('override');
    expect(pick('hook', { hook: 'pause-feature' })).toBe('hook.run');
    expect(pick('undo', { step: 's' })).toBe('hook.undo');
    expect(pick('judge', { expectation: 'e', met: true })).toBe('drill.judge');
  });

  // The TUI's key table (src/ui/key-bindings.ts, entries carrying `verb`) comes from the TUI branch;
  // until it is merged this test is skipped, after it runs.
  const keyTable = join(REPO, 'src', 'ui', 'key-bindings.ts');
  it.skipIf(!existsSync(keyTable))('reaches every verb from the TUI: some key binding names it', async () => {
    // Given the TUI's key bindings
    const mod = (await import(/* @vite-ignore */ keyTable)) as Record<string, unknown>;
    const verbs = new Set<string>();
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        const v = (x as { verb?: unknown }).verb;
        if (typeof v === 'string') verbs.add(v);
        Object.values(x).forEach(walk);
      }
    };
    walk(mod);
    // Then every verb has a key, and every key's verb is a verb
    expect(VERB_IDS.filter((id) => !verbs.has(id))).toEqual([]);
    expect([...verbs].filter((v) => !(VERB_IDS as readonly string[]).includes(v))).toEqual([]);
  });
});

/** An event as compared across front doors: no seq, hash or time, nothing that differs run to run. */
function comparable(e: StoredEvent, projectDir: string): unknown {
  const mask = (x: unknown, key = ''): unknown => {
    if (typeof x === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(x)) return '<time>';
    if (typeof x === 'string') return x.split(projectDir).join('<project>');
    if (typeof x === 'number' && /durationMs|pid/.test(key)) return 0;
    if (Array.isArray(x)) return x.map((v) => mask(v));
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mask(v, k)]));
    return x;
  };
  return { type: e.type, actor: e.actor, role: e.role, payload: mask(e.payload) };
}

async function startIncident(p: TempProject): Promise<string> {
  const r = await aiops(p, ['incident', 'start', '--trigger', 'data_leakage', '--title', 'Leak', '--service', 'acme', '--json'], { as: 'alice' });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json().incident.id;
}

async function eventsAfterStart(p: TempProject, id: string): Promise<unknown[]> {
  const session = await openSession({ cwd: p.dir, env: {}, as: 'alice', project: loadProject({ cwd: p.dir, env: {} }) });
  try {
    const events: StoredEvent[] = await session.log.readIncident(id);
    const firstAfterStart = events.findIndex((e) => e.type !== 'incident.opened' && e.type !== 'role.assigned');
    return events.slice(firstAfterStart).map((e) => comparable(e, p.dir));
  } finally {
    await session.close();
  }
}

/** The same things done twice: each as a CLI command line, and each as a drill script entry played in process. */
const SAME_WORK: { cli: string[]; as: string; entry: Pick<ScriptEntry, 'do' | 'args'> }[] = [
  { cli: ['incident', 'assign', '{id}', 'reviewer', 'bob'], as: 'alice', entry: { do: 'assign', args: { role: 'reviewer', person: 'bob' } } },
  { cli: ['incident', 'step', '{id}', 'assign-roles', '--done', '--note', 'all four named'], as: 'alice', entry: { do: 'step.done', args: { step: 'assign-roles', note: 'all four named' } } },
  { cli: ['incident', 'approve', '{id}', 'pause'], as: 'alice', entry: { do: 'approve', args: { step: 'pause' } } },
  { cli: ['incident', 'note', '{id}', 'customer screenshot attached to the ticket'], as: 'bob', entry: { do: 'note', args: { text: 'customer screenshot attached to the ticket' } } },
  { cli: ['incident', 'severity', '{id}', 'sev2', '--reason', 'one tenant only'], as: 'alice', entry: { do: 'severity', args: { severity: 'sev2', reason: 'one tenant only' } } },
];

describe('a verb behaves the same from the CLI and from a drill script', () => {
  it('assign, step.done, approve with a hook, note and severity append the same events either way', async () => {
    // Given two copies of the shipped project, each with the same incident started
    const viaCli = makeProject({ withScenarios: false });
    const viaScript = makeProject({ withScenarios: false });
    projects.push(viaCli, viaScript);
    const id = await startIncident(viaCli);
    expect(await startIncident(viaScript)).toBe(id);

    // When the work is done with the aiops binary in one
    for (const w of SAME_WORK) {
      const r = await aiops(viaCli, w.cli.map((a) => (a === '{id}' ? id : a)), { as: w.as });
      expect(r.exitCode, `${w.cli.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // And as drill script entries played through the verb list in the other
    const stateDir = process.env.AIOPS_STATE_DIR;
    process.env.AIOPS_STATE_DIR = viaScript.stateDir;
    const project = loadProject({ cwd: viaScript.dir, env: {} });
    try {
      for (const [i, w] of SAME_WORK.entries()) {
        const session: Session = await openSession({ cwd: viaScript.dir, env: {}, as: w.as, project });
        try {
          const out = await playEntry(session, id, { at: '0s', as: w.as, ...w.entry } as ScriptEntry, i);
          expect(out.error, JSON.stringify(w.entry)).toBeNull();
        } finally {
          await session.close();
        }
      }
    } finally {
      if (stateDir === undefined) delete process.env.AIOPS_STATE_DIR;
      else process.env.AIOPS_STATE_DIR = stateDir;
    }

    // Then both logs hold the same events, in the same order, with the same payloads
    const cli = await eventsAfterStart(viaCli, id);
    const script = await eventsAfterStart(viaScript, id);
    expect(cli.map((e) => (e as { type: string }).type)).toContain('hook.finished');
    expect(script).toEqual(cli);
  });
});
