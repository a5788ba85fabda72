import type { ApproveOutcome } from '../app/incidents.js';
import type { Session } from '../app/session.js';
import { UserError } from '../core/errors.js';
import { optText, text, type VerbArg, type VerbArgs, type VerbIo, type VerbOutcome } from './verb.js';

/** approve and override share `incident approve` and its options. */
export const APPROVE_ARGS: readonly VerbArg[] = [
  { name: 'step', kind: 'text', required: true, positional: true, help: 'the step (or hook:NAME) to approve' },
  { name: 'note', kind: 'text', option: '--note <text>', help: 'a note kept with the approval' },
  { name: 'override', kind: 'flag', option: '--override', help: 'break-glass: the commander approves past a missing approver (needs --reason)' },
  { name: 'reason', kind: 'text', option: '--reason <text>', help: 'why the override' },
  { name: 'run', kind: 'flag', option: '--no-run', help: 'approve without running the hook now' },
];

export const APPROVE_SUMMARY = 'approve a step; the last required approval runs its hook';

/** The override's reason: `override: "why"` in a script, or `--override --reason "why"`. */
export function overrideReason(args: VerbArgs): string | undefined {
  const o = args.override;
  if (o === undefined || o === false) return undefined;
  if (typeof o === 'string' && o.trim()) return o;
  return text(args, 'reason', 'the reason for the override');
}

/** Refuses an override without a reason before anything is opened. */
export function checkOverride(args: VerbArgs): void {
  const o = args.override;
  if (o !== undefined && o !== false && !(typeof o === 'string' && o.trim()) && !optText(args, 'reason')) {
    throw new UserError('--override needs --reason "why this cannot wait for the missing approver"');
  }
}

/** The engine command an approval stands for. */
export function approveCommand(args: VerbArgs) {
  const note = optText(args, 'note');
  const override = overrideReason(args);
  return { kind: 'approve' as const, step: text(args, 'step', 'the step'), ...(override ? { override } : {}), ...(note ? { note } : {}) };
}

/** Approves through approveStep; the approval that completes the set fires the hook unless `run: false`. */
export async function runApprove(session: Session, id: string, args: VerbArgs, io: VerbIo): Promise<VerbOutcome<ApproveOutcome>> {
  const { approveStep } = await import('../app/incidents.js');
  const cmd = approveCommand(args);
  const out = await approveStep(session, id, cmd.step, { note: cmd.note, override: cmd.override, fire: args.run !== false, onOutput: io.onOutput });
  return { result: out, warnings: out.result.warnings, failed: out.fired && !out.fired.ok ? `hook ${out.fired.run.hook} failed` : null };
}
