import type { Command } from './decide.js';
import type { ScriptEntry } from './schemas/scenario.js';
import { SEVERITIES, type Severity } from './constants.js';
import { STATUSES, type IncidentStatus } from './events.js';
import { HOOK_STEP_PREFIX } from './hook-step.js';

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

const ALLOWED_ARGS: Record<ScriptEntry['do'], string[]> = {
  assign: ['role', 'person'],
  handoff: ['role', 'person'],
  step: ['step', 'done', 'skip', 'choose', 'note', 'text'],
  approve: ['step', 'note', 'override', 'reason'],
  deny: ['step', 'reason'],
  request: ['step'],
  note: ['text'],
  severity: ['severity', 'reason'],
  status: ['status', 'reason', 'summary'],
  close: ['summary'],
  hook: ['step', 'hook', 'params', 'retry'],
  undo: ['step'],
  judge: ['expectation', 'met', 'missed', 'note'],
};

class ArgError extends Error {}

function str(args: Record<string, unknown>, key: string, what: string): string {
  const v = args[key];
  if (typeof v === 'string' && v.trim()) return v;
  if (typeof v === 'number') return String(v);
  throw new ArgError(`needs args.${key} (${what})`);
}

function optStr(args: Record<string, unknown>, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ArgError(`args.${key} must be text`);
}

/**
 * Turns one scripted action (what a person would have typed) into the engine command.
 * `approve` and `step --done` on a hook step fire the hook in the app layer, as the CLI does;
 * `hook` fires a step's hook explicitly; `undo` fires its undo hook. Pure.
 */
export function scriptCommand(entry: ScriptEntry): ScriptCommand {
  const args = entry.args ?? {};
  const unknown = Object.keys(args).filter((k) => !ALLOWED_ARGS[entry.do].includes(k));
  if (unknown.length) return { ok: false, message: `${entry.do}: unknown args ${unknown.join(', ')}; allowed: ${ALLOWED_ARGS[entry.do].join(', ')}` };
  try {
    const command = toCommand(entry.do, args);
    if (entry.do === 'undo') return { ok: true, command, undo: true };
    if (entry.do === 'hook' && args.step === undefined) return { ok: true, command, hook: { name: str(args, 'hook', 'the hook name'), params: params(args) } };
    return { ok: true, command };
  } catch (err) {
    if (err instanceof ArgError) return { ok: false, message: `${entry.do}: ${err.message}` };
    throw err;
  }
}

function toCommand(action: ScriptEntry['do'], args: Record<string, unknown>): Command {
  switch (action) {
    case 'assign':
    case 'handoff':
      return { kind: 'assign', role: str(args, 'role', 'a role'), person: str(args, 'person', 'a roster id'), handoff: action === 'handoff' };
    case 'step':
      return stepCommand(args);
    case 'approve': {
      const override = args.override;
      const note = optStr(args, 'note');
      if (override === undefined || override === false) return { kind: 'approve', step: str(args, 'step', 'the step'), ...(note ? { note } : {}) };
      const reason = typeof override === 'string' ? override : str(args, 'reason', 'why the override');
      return { kind: 'approve', step: str(args, 'step', 'the step'), override: reason, ...(note ? { note } : {}) };
    }
    case 'deny':
      return { kind: 'deny', step: str(args, 'step', 'the step'), reason: str(args, 'reason', 'why') };
    case 'request':
      return { kind: 'request', step: str(args, 'step', 'the step') };
    case 'note':
      return { kind: 'note', text: str(args, 'text', 'the note') };
    case 'severity': {
      const to = str(args, 'severity', SEVERITIES.join('|')).toUpperCase();
      if (!(SEVERITIES as readonly string[]).includes(to)) throw new ArgError(`severity "${to}" is not one of ${SEVERITIES.join(', ')}`);
      return { kind: 'severity', to: to as Severity, reason: str(args, 'reason', 'why') };
    }
    case 'status': {
      const to = str(args, 'status', STATUSES.join('|'));
      if (!(STATUSES as string[]).includes(to)) throw new ArgError(`status "${to}" is not one of ${STATUSES.join(', ')}`);
      const reason = optStr(args, 'reason');
      const summary = optStr(args, 'summary');
      return { kind: 'status', to: to as IncidentStatus, ...(reason ? { reason } : {}), ...(summary ? { summary } : {}) };
    }
    case 'close':
      return { kind: 'status', to: 'closed', summary: str(args, 'summary', 'the closing summary') };
    case 'hook': {
      const retry = args.retry === true ? { retry: true } : {};
      if (args.step !== undefined && args.hook !== undefined) throw new ArgError('needs args.step (a step whose hook to fire) or args.hook (a hook by name), not both');
      if (args.step !== undefined) return { kind: 'fire', step: str(args, 'step', 'the step whose hook to fire'), ...retry };
      return { kind: 'fire', step: `${HOOK_STEP_PREFIX}${str(args, 'hook', 'the hook name, or args.step')}`, ...retry };
    }
    case 'undo':
      return { kind: 'fire', step: str(args, 'step', 'the step whose hook to undo') };
    case 'judge': {
      const met = args.met === true || args.missed === false;
      const missed = args.missed === true || args.met === false;
      if (met === missed) throw new ArgError('needs exactly one of met: true or missed: true');
      const note = optStr(args, 'note');
      return { kind: 'judge', expectation: str(args, 'expectation', 'the expectation id'), met, ...(note ? { note } : {}) };
    }
  }
}

function params(args: Record<string, unknown>): Record<string, string> {
  const raw = args.params ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ArgError('args.params must be a map of names to values');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new ArgError(`args.params.${k} must be text`);
    out[k] = String(v);
  }
  return out;
}

function stepCommand(args: Record<string, unknown>): Command {
  const step = str(args, 'step', 'the step');
  const note = optStr(args, 'note');
  const text = optStr(args, 'text');
  const extra = { ...(note ? { note } : {}), ...(text !== undefined ? { text } : {}) };
  const said = [args.done === true, args.skip !== undefined, args.choose !== undefined].filter(Boolean).length;
  if (said !== 1) throw new ArgError('needs exactly one of done: true, skip: REASON, choose: OPTION');
  if (args.skip !== undefined) return { kind: 'step', step, action: 'skip', reason: str(args, 'skip', 'the reason'), ...extra };
  if (args.choose !== undefined) return { kind: 'step', step, action: 'choose', option: str(args, 'choose', 'an option id'), ...extra };
  return { kind: 'step', step, action: 'done', ...extra };
}
