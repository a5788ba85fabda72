import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.js';
import type { AttachmentRef } from '../core/events.js';
import { findStep, missingApprovals, stepHook } from '../core/decide.js';
import type { IncidentState } from '../core/incident-state.js';
import { SEVERITIES, type Severity } from '../core/constants.js';
import { notRunnable, type ResolvedHook, resolveHook } from '../hooks/resolve-hook.js';
import { type FireResult, fireStepHook, hookValues, messageZone, UNSENT_MESSAGE_HINT, unsentMessage } from './fire-hook.js';
import { nowIso, type Session } from './session.js';
import { act, type ActResult } from './act.js';
import { completionOf } from '../core/step-kinds/index.js';
import { heldBy } from '../core/severity-policy.js';

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export interface StepOptions {
  done?: boolean;
  skip?: string;
  choose?: string;
  note?: string;
  text?: string;
  record?: boolean;
  retry?: boolean;
  onOutput?: (chunk: string) => void;
}

export type StepOutcome = { kind: 'recorded'; result: ActResult } | { kind: 'hook'; fire: FireResult };

/** Completes, skips or decides a step; `--done` on a hook step runs the hook under its approvals. */
export async function workStep(session: Session, id: string, stepId: string, opts: StepOptions): Promise<StepOutcome> {
  // --retry and --record say how a step was done: they need no --done beside them.
  const done = opts.done || opts.retry || opts.record;
  const chosen = [done, opts.skip !== undefined, opts.choose !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new UserError('say what happened to the step: exactly one of --done, --skip REASON, --choose OPTION');
  if (opts.skip !== undefined) return { kind: 'recorded', result: await act(session, id, { kind: 'step', step: stepId, action: 'skip', reason: opts.skip, note: opts.note }) };
  if (opts.choose !== undefined) return { kind: 'recorded', result: await act(session, id, { kind: 'step', step: stepId, action: 'choose', option: opts.choose, note: opts.note }) };
  const state = await loadState(session, id);
  const st = findStep(state, stepId);
  if (st && stepHook(st) && !opts.record) {
    return { kind: 'hook', fire: await fireStepHook(session, id, stepId, { retry: opts.retry, onOutput: opts.onOutput, ...(opts.text !== undefined ? { message: opts.text } : {}) }) };
  }
  // A notify step records the message it sent: as edited, else its rendered template.
  const values = st && opts.text === undefined ? hookValues(state, st, session.actor, nowIso(session), undefined, messageZone(session)) : null;
  const unsent = st && values ? unsentMessage(st, values) : null;
  if (unsent) throw new UserError(unsent, { hint: UNSENT_MESSAGE_HINT });
  const text = opts.text ?? values?.message;
  return { kind: 'recorded', result: await act(session, id, { kind: 'step', step: stepId, action: 'done', note: opts.note, text, record: opts.record, retry: opts.retry }) };
}

/** The incident after logging whatever the clock made overdue since it was last read. */
async function loadState(session: Session, id: string): Promise<IncidentState> {
  return (await act(session, id, { kind: 'tick' })).state;
}

export interface ApproveOutcome {
  result: ActResult;
  fired: FireResult | null;
  missing: string[];
}

/**
 * Approves a step; the approval that completes the set runs the hook at once (what the approver
 * confirmed). The approval pins the command as aiops.yaml gives it, so the same project on another
 * host matches it; a hook that cannot run as it is now gets no approval (exit 2, nothing written).
 */
export async function approveStep(
  session: Session,
  id: string,
  stepId: string,
  opts: { note?: string; override?: string; fire?: boolean; onOutput?: (chunk: string) => void },
): Promise<ApproveOutcome> {
  const before = await loadState(session, id);
  const hook = previewHook(session, before, stepId);
  const blocked = hook ? notRunnable(hook) : null;
  const pin = hook ? { argv: hook.argv, command: hook.command, ...(blocked ? { blocked } : {}) } : {};
  const result = await act(session, id, { kind: 'approve', step: stepId, note: opts.note, override: opts.override, ...pin });
  const after = findStep(result.state, stepId)!;
  const missing = missingApprovals(after);
  let fired: FireResult | null = null;
  if (opts.fire !== false && firesOnApproval(result.state, stepId)) {
    fired = await fireStepHook(session, id, stepId, { onOutput: opts.onOutput });
  }
  return { result, fired, missing };
}

/**
 * Whether the step's hook runs now that it is approved, as approveStep runs it: every approval in,
 * on a step its hook completes. A step a severity policy holds fires when the hold is acknowledged
 * (aiops ack), not on its last approval.
 */
export function firesOnApproval(state: IncidentState, stepId: string): boolean {
  const st = findStep(state, stepId);
  return Boolean(st && missingApprovals(st).length === 0 && completionOf(st.spec).by === 'hook' && !heldBy(state, stepId));
}

/** A step's hook as it would run now (argv, the configured command it pins, why it cannot run): nothing runs. */
export function previewHook(session: Session, state: IncidentState, stepId: string): ResolvedHook | undefined {
  const st = findStep(state, stepId);
  const hook = st ? stepHook(st) : null;
  const spec = hook ? session.project.config.hooks?.[hook] : undefined;
  if (!st || !hook || !spec) return undefined;
  return resolveHook(hook, spec, hookValues(state, st, session.actor, nowIso(session)), { root: session.project.root, parentEnv: {} });
}

/** The exact argv a step's hook would run now, for approval records and confirmations. */
export function previewArgv(session: Session, state: IncidentState, stepId: string): string[] | undefined {
  return previewHook(session, state, stepId)?.argv;
}

/** What approving a step would pin (and run here), read fresh for a confirmation: undefined when it has no hook (or none resolves). */
export async function approvalHook(session: Session, id: string, stepId: string): Promise<ResolvedHook | undefined> {
  return pendingHook(session, await loadState(session, id), stepId);
}

/** previewArgv for a listing: a hook that cannot resolve now (a missing param, say) shows no argv rather than failing the view. */
export function pendingArgv(session: Session, state: IncidentState, stepId: string): string[] | undefined {
  return pendingHook(session, state, stepId)?.argv;
}

/** previewHook for a listing: undefined when the hook cannot resolve now, rather than failing the view. */
export function pendingHook(session: Session, state: IncidentState, stepId: string): ResolvedHook | undefined {
  try {
    return previewHook(session, state, stepId);
  } catch {
    return undefined;
  }
}

export function parseSeverityArg(text: string): Severity {
  const up = text.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(up)) throw new UserError(`severity "${text}" is not one of ${SEVERITIES.join(', ')}`);
  return up as Severity;
}

/**
 * Reads an attachment the user named. Each symbolic link on the way (the file itself or any
 * directory the user named in its path) is followed only when it stays inside the directory that
 * holds the link, so a link cannot quietly pull in a file from elsewhere (~/.ssh, /etc); the file
 * is then opened without following links again. The content is stored by hash.
 */
export function readAttachment(cwd: string, file: string): { data: Buffer; name: string } {
  const path = resolve(cwd, file);
  const fail = (why: string) => new UserError(`attachment ${file}: ${why}`);
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    throw fail((err as { code?: string }).code === 'ELOOP' ? 'symbolic link loop' : 'file not found');
  }
  // The links the user's path goes through: below cwd for a relative path, from / for an absolute one.
  const base = isAbsolute(file) ? parse(path).root : cwd;
  let at = base;
  for (const part of relative(base, path).split(sep).filter(Boolean)) {
    const next = join(at, part);
    if (lstatSync(next).isSymbolicLink()) {
      const holder = realpathSync(at);
      const to = realpathSync(next);
      if (to !== holder && !to.startsWith(holder.endsWith(sep) ? holder : `${holder}${sep}`)) {
        const what = next === path ? `${file} is a symbolic link` : `${relative(cwd, next) || next} (on the way to ${file}) is a symbolic link`;
        throw new UserError(`attachment ${what} to ${to}, outside ${holder}; attach the target itself if you mean it`);
      }
    }
    at = next;
  }
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    throw fail('changed while it was being read; try again');
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw fail('not a regular file');
    if (st.size > MAX_ATTACHMENT_BYTES) throw new UserError(`attachment ${file} is ${st.size} bytes; the limit is ${MAX_ATTACHMENT_BYTES}`);
    return { data: readFileSync(fd), name: basename(file) };
  } finally {
    closeSync(fd);
  }
}

/** Adds a note; attachments are stored by content hash first (an orphaned blob is harmless, a lost one is not). */
export async function addNote(
  session: Session,
  id: string,
  text: string,
  opts: { attach?: string[]; files?: { data: Buffer; name: string }[]; context?: Record<string, string>; cwd: string },
): Promise<ActResult> {
  // `files`: attachments already read (and so checked) by readAttachment, as the TUI does before it asks again.
  const files = [...(opts.files ?? []), ...(opts.attach ?? []).map((f) => readAttachment(opts.cwd, f))];
  const refs: AttachmentRef[] = [];
  for (const f of files) refs.push(await session.log.putAttachment(f.data, f.name));
  return act(session, id, { kind: 'note', text, attachments: refs, context: opts.context });
}
