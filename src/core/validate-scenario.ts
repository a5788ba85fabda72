import { closestName } from './closest-name.js';
import { matchKeysOf } from './event-fields.js';
import { EVENT_TYPES, type EventType } from './events.js';
import type { RosterFile } from './schemas/roster.js';
import type { ConfigFile } from './schemas/config.js';
import type { Playbook } from './schemas/playbook.js';
import type { Scenario } from './schemas/scenario.js';
import { playbookRoles } from './validate-playbook.js';
import type { PathKey, Problem, YamlSource } from './yaml-source.js';
import { personIn } from './roster-person.js';
import { resolvePlaybookRef } from './playbook-ref.js';

const STEP_ARGS_BY_ACTION: Record<string, boolean> = { step: true, approve: true, deny: true, request: true, undo: true };

/** Checks a scenario against the playbooks, hooks and roster it will be played with. */
export function validateScenario(
  sc: Scenario,
  src: YamlSource,
  ctx: {
    playbooks: { playbook: Playbook }[];
    config: ConfigFile | null;
    roster: RosterFile | null;
    /** Why a script entry's `do:` and `args:` make no command, or null (the verbs' own check, given by the caller). */
    scriptProblem?: (entry: { do: string; args: Record<string, unknown> }) => string | null;
    /** Which of a script entry's args name a person the roster must have (the verbs' own list, given by the caller). */
    scriptPeople?: (entry: { do: string; args: Record<string, unknown> }) => string[];
    /** What the engine would refuse in an entry's args against the playbook whatever the drill's state, at that arg, phrased as the command says it (given by the caller). */
    scriptRefusal?: (entry: { do: string; args: Record<string, unknown> }, playbook: Playbook) => { arg: string; message: string } | null;
  },
): Problem[] {
  const problems: Problem[] = [];
  const at = (path: PathKey[], msg: string) => problems.push(src.problem(path, msg));
  const found = resolvePlaybookRef(sc.playbook, ctx.playbooks);
  if (!found) {
    const ids = [...new Set(ctx.playbooks.map((p) => `${p.playbook.id}@${p.playbook.version}`))];
    at(['playbook'], `playbook "${sc.playbook}" not found; available: ${ids.join(', ') || 'none'}`);
  }
  // The drill's incident takes these as `incident start` would: a blank one is refused there too.
  for (const field of ['title', 'service'] as const) if (!sc.incident[field].trim()) at(['incident', field], `incident ${field} is blank`);
  const pb = found?.playbook;
  const stepIds = new Set(pb?.steps.map((s) => s.id) ?? []);
  const roles = pb ? playbookRoles(pb) : [];
  const expIds = new Set<string>();
  sc.expectations.forEach((e, i) => {
    const p: PathKey[] = ['expectations', i];
    if (expIds.has(e.id)) at([...p, 'id'], `duplicate expectation id "${e.id}"`);
    expIds.add(e.id);
    if (e.manual) return;
    if (!e.event) {
      at(p, `expectation "${e.id}" needs an event (or manual: true)`);
      return;
    }
    if (!(EVENT_TYPES as readonly string[]).includes(e.event)) {
      const near = closestName(e.event, EVENT_TYPES);
      at([...p, 'event'], `unknown event "${e.event}"${near ? `; did you mean "${near}"?` : ''}; known events: ${EVENT_TYPES.join(', ')}`);
    } else {
      const keys = matchKeysOf(e.event as EventType);
      for (const key of Object.keys(e.match ?? {})) {
        if (keys.includes(key)) continue;
        const near = closestName(key, keys);
        problems.push(src.problem([...p, 'match', key], `${e.event} has no field "${key}"${near ? `; did you mean "${near}"?` : ''} (its fields: ${keys.join(', ')})`, { key: true }));
      }
    }
    const step = e.match?.step;
    if (pb && typeof step === 'string' && !stepIds.has(step)) {
      at([...p, 'match', 'step'], `step "${step}" is not in playbook ${pb.id}@${pb.version}`);
    }
    const role = e.match?.role;
    if (pb && typeof role === 'string' && !roles.includes(role)) at([...p, 'match', 'role'], `unknown role "${role}"`);
    const hook = e.match?.hook;
    if (ctx.config && typeof hook === 'string' && !ctx.config.hooks?.[hook]) {
      at([...p, 'match', 'hook'], `unknown hook "${hook}"`);
    }
  });
  sc.expectations.forEach((e, i) => {
    if (e.after && !expIds.has(e.after)) at(['expectations', i, 'after'], `after: "${e.after}" is not an expectation of this scenario`);
    if (e.after === e.id) at(['expectations', i, 'after'], 'an expectation cannot come after itself');
  });
  for (const cycle of afterCycles(sc.expectations)) at(['expectations', cycle.index, 'after'], `after: cycle ${cycle.ids.join(' → ')}`);
  const hooks = ctx.config ? Object.keys(ctx.config.hooks ?? {}) : null;
  const checkFailHook = (path: PathKey[], hook: string) => {
    if (!hooks || hooks.includes(hook)) return;
    const near = closestName(hook, hooks);
    at(path, `fail: hook "${hook}" is not in aiops.yaml${near ? `; did you mean "${near}"?` : ''}`);
  };
  const topFail = sc.fail === undefined ? [] : Array.isArray(sc.fail) ? sc.fail : [sc.fail];
  topFail.forEach((f, i) => checkFailHook(Array.isArray(sc.fail) ? ['fail', i, 'hook'] : ['fail', 'hook'], f.hook));
  const injectIds = new Set<string>();
  sc.injects.forEach((inj, i) => {
    if (inj.id) {
      if (injectIds.has(inj.id)) at(['injects', i, 'id'], `duplicate inject id "${inj.id}"`);
      injectIds.add(inj.id);
    }
    if (inj.fail) checkFailHook(['injects', i, 'fail', 'hook'], inj.fail.hook);
    const cond = inj.when && ('missed' in inj.when ? inj.when.missed : inj.when.met);
    if (cond && !expIds.has(cond)) at(['injects', i, 'when'], `when: "${cond}" is not an expectation of this scenario`);
  });
  (sc.script ?? []).forEach((entry, i) => {
    const p: PathKey[] = ['script', i];
    if (ctx.roster && !personIn(ctx.roster.people, entry.as)) at([...p, 'as'], `"${entry.as}" is not in the roster`);
    // An entry whose args miss what its action needs is said once, here, not again by the verb below.
    let wanting = false;
    const needs = (message: string) => {
      wanting = true;
      at([...p, 'args'], message);
    };
    const step = entry.args.step;
    if (STEP_ARGS_BY_ACTION[entry.do]) {
      if (typeof step !== 'string') needs(`${entry.do} needs args.step`);
      else if (pb && !stepIds.has(step)) at([...p, 'args', 'step'], `step "${step}" is not in playbook ${pb.id}@${pb.version}`);
    }
    if ((entry.do === 'assign' || entry.do === 'handoff') && (typeof entry.args.role !== 'string' || typeof entry.args.person !== 'string')) {
      needs(`${entry.do} needs args.role and args.person`);
    }
    if (entry.do === 'judge' && (typeof entry.args.expectation !== 'string' || !expIds.has(entry.args.expectation))) {
      needs('judge needs args.expectation naming an expectation of this scenario');
    }
    // The args as the verb itself reads them when the drill plays the entry: what it would refuse is refused here.
    const argsProblem = wanting ? null : ctx.scriptProblem?.(entry);
    if (argsProblem) at([...p, 'args'], argsProblem);
    const refusal = wanting || argsProblem || !pb ? null : ctx.scriptRefusal?.(entry, pb);
    if (refusal) at([...p, 'args', refusal.arg], refusal.message);
    // A person the roster does not have is refused when the entry plays (with a roster), as `as:` is above.
    const people = ctx.roster ? Object.keys(ctx.roster.people) : [];
    for (const name of people.length ? (ctx.scriptPeople?.(entry) ?? []) : []) {
      const value = entry.args[name];
      const person = typeof value === 'number' ? String(value) : value;
      if (typeof person !== 'string' || !person.trim() || personIn(ctx.roster!.people, person) || personIn(ctx.roster!.people, person.trim())) continue;
      const near = closestName(person, people);
      at([...p, 'args', name], `${entry.do}: args.${name} "${person}" is not in the roster${near ? `; did you mean "${near}"?` : ''}`);
    }
  });
  return problems;
}

/**
 * Every `after:` cycle longer than one (an expectation after itself is said on its own), once
 * each, at its first expectation in the file: none of them can ever be met. Each expectation
 * names at most one `after:`, so following the chain from each one finds every cycle.
 */
function afterCycles(expectations: readonly Scenario['expectations'][number][]): { index: number; ids: string[] }[] {
  const afterOf = new Map<string, string | undefined>();
  for (const e of expectations) if (!afterOf.has(e.id)) afterOf.set(e.id, e.after);
  const found: { index: number; ids: string[] }[] = [];
  const inCycle = new Set<string>();
  expectations.forEach((e, index) => {
    if (inCycle.has(e.id)) return;
    const path = [e.id];
    for (let next = afterOf.get(e.id); next !== undefined && next !== path.at(-1) && afterOf.has(next); next = afterOf.get(next)) {
      if (next === e.id) {
        for (const id of path) inCycle.add(id);
        found.push({ index, ids: [...path, e.id] });
        return;
      }
      if (path.includes(next)) return;
      path.push(next);
    }
  });
  return found;
}
