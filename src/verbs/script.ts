import type { Command, Invalid } from '../core/decide.js';
import { staticArgFailure } from '../core/incident/decide/arg-checks.js';
import type { Playbook } from '../core/schemas/playbook.js';
import type { ScriptEntry } from '../core/schemas/scenario.js';
import { paramTexts } from '../core/hook-step.js';
import { pickVerb, verbById, VERBS } from './index.js';
import { type ArgNamer, type Verb, type VerbArgs, VerbArgError, type VerbId } from './verb.js';

/** A drill script gives a verb's args under `args:`, and its messages name them so: `args.summary`. */
export const scriptArgName: ArgNamer = (arg) => `args.${arg}`;

/**
 * The `do:` words scripts written before the verb list keep using, each standing for the verbs of
 * one CLI command (picked by args, as the CLI picks by options). Every verb id is a `do:` too.
 */
const ALIASES: Record<string, { command: string; verbs?: VerbId[] }> = {
  // Every verb of `incident step`, as the CLI offers them: `retry: true` re-runs a failed hook there too.
  step: { command: 'incident step' },
  approve: { command: 'incident approve' },
  hook: { command: 'hook run' },
  undo: { command: 'hook undo' },
  judge: { command: 'drill judge' },
};

/** The script words, for the scenario schema: the legacy ones, then every verb id. */
export function scriptWords(): string[] {
  return [...new Set([...VERBS.map((v) => v.id), ...Object.keys(ALIASES)])];
}

export type ScriptVerb = { ok: true; verb: Verb; args: VerbArgs } | { ok: false; message: string };

function scriptArgNames(verbs: Verb[]): string[] {
  return [...new Set(verbs.flatMap((v) => v.args.filter((a) => !a.cliOnly).map((a) => a.name)))];
}

/** Which verb a script entry runs, with its args checked against the verb's names (pure). */
export function scriptVerb(entry: Pick<ScriptEntry, 'do' | 'args'>): ScriptVerb {
  const args = { ...(entry.args ?? {}) };
  const alias = ALIASES[entry.do];
  const family = alias ? VERBS.filter((v) => v.cli.command === alias.command && (!alias.verbs || alias.verbs.includes(v.id))) : VERBS.filter((v) => v.id === entry.do);
  if (family.length === 0) return { ok: false, message: `${entry.do}: not a verb; one of ${scriptWords().join(', ')}` };
  const allowed = scriptArgNames(family);
  const unknown = Object.keys(args).filter((k) => !allowed.includes(k));
  if (unknown.length) return { ok: false, message: `${entry.do}: unknown args ${unknown.join(', ')}; allowed: ${allowed.join(', ')}` };
  let verb: Verb;
  if (alias) {
    verb = pickVerb(alias.command, args);
    if (!family.includes(verb)) verb = family[0]!;
  } else {
    verb = verbById(entry.do as VerbId);
    // `do: step.done` says done itself; the picking flag need not be repeated in args.
    const picking = verb.args.find((a) => a.name === verb.cli.picked);
    if (picking?.kind === 'flag' && args[picking.name] === undefined) args[picking.name] = true;
  }
  try {
    verb.command(args);
  } catch (err) {
    if (err instanceof VerbArgError) return { ok: false, message: `${entry.do}: ${err.named(scriptArgName)}` };
    throw err;
  }
  return { ok: true, verb, args };
}

/** Why a drill script entry makes no command (the verb's own reading of its args), or null: what every scenario load checks. */
export function scriptEntryProblem(entry: { do: string; args: Record<string, unknown> }): string | null {
  const found = scriptVerb(entry as Pick<ScriptEntry, 'do' | 'args'>);
  return found.ok ? null : found.message;
}

/** The args of a script entry's verb that name a person (assign's person, action.add's owner), for the roster check. */
export function scriptPersonArgs(entry: { do: string; args: Record<string, unknown> }): string[] {
  const found = scriptVerb(entry as Pick<ScriptEntry, 'do' | 'args'>);
  return found.ok ? found.verb.args.filter((a) => a.person).map((a) => a.name) : [];
}

/**
 * What the engine would refuse in a script entry's args whatever the drill's state (an unknown
 * role, an option its decision step lacks, a due that is no date), at the arg that holds it.
 */
export function scriptArgFailure(entry: { do: string; args: Record<string, unknown> }, playbook: Playbook): { arg: string; failure: Invalid } | null {
  const found = scriptCommand(entry as Pick<ScriptEntry, 'do' | 'args'>);
  if (!found.ok) return null;
  const refused = staticArgFailure(found.command, playbook);
  if (!refused) return null;
  // The command's field is the arg of that name, or the one whose value it took (`choose` gives a step's `option`).
  const value = (found.command as Record<string, unknown>)[refused.field];
  const arg = refused.field in entry.args ? refused.field : (Object.keys(entry.args).find((k) => entry.args[k] === value) ?? refused.field);
  return { arg, failure: refused.failure };
}

/** A script entry as the engine command it stands for, or why it cannot be one. */
export type ScriptCommand =
  | {
      ok: true;
      command: Command;
      /** Fire the undo hook of the step's hook instead of the hook itself (`aiops hook undo`). */
      undo?: boolean;
      /** A hook fired outside the playbook by name (`aiops hook run`), held by pseudo-step `hook:NAME`. */
      hook?: { name: string; params: Record<string, string> };
    }
  | { ok: false; message: string };

/** The engine command a script entry stands for (for checks; `play` runs the verb itself). Pure. */
export function scriptCommand(entry: Pick<ScriptEntry, 'do' | 'args'>): ScriptCommand {
  const found = scriptVerb(entry);
  if (!found.ok) return found;
  const command = found.verb.command(found.args);
  if (!command) return { ok: false, message: `${entry.do}: runs a whole use case, not one engine command` };
  if (found.verb.id === 'hook.undo') return { ok: true, command, undo: true };
  if (found.verb.id === 'hook.run' && found.args.step === undefined) {
    const raw = (found.args.params ?? {}) as Record<string, unknown>;
    return { ok: true, command, hook: { name: String(found.args.hook), params: paramTexts(raw) } };
  }
  return { ok: true, command };
}

/** The script word each verb is written as, where scripts already had one (`do: step`, `do: undo`). */
const WORD_OF: Partial<Record<VerbId, string>> = {
  'step.done': 'step',
  'step.skip': 'step',
  'step.choose': 'step',
  'step.reopen': 'step',
  override: 'approve',
  'hook.run': 'hook',
  'hook.undo': 'undo',
  'drill.judge': 'judge',
};

/**
 * A script entry's `do:` and `args:` for a verb (the scenario recorder writes these). It must read
 * back as the same verb: a recorder out of step with the verb list is a bug, and throws.
 */
export function scriptEntryFor(verb: VerbId, args: VerbArgs): { do: ScriptEntry['do']; args: VerbArgs } {
  const word = WORD_OF[verb] ?? verb;
  const back = scriptVerb({ do: word as ScriptEntry['do'], args });
  // A value the log holds may be one a verb refuses (an empty reason): that entry fails when played, as it did live.
  const misnamed = !back.ok && !Object.keys(args).every((k) => verbById(verb).args.some((a) => a.name === k && !a.cliOnly));
  if (misnamed || (back.ok && back.verb.id !== verb)) throw new Error(`a ${verb} script entry reads back as ${back.ok ? back.verb.id : back.message}`);
  return { do: word as ScriptEntry['do'], args };
}
