import type { StepOutcome } from '../app/incidents.js';
import type { Command } from '../core/decide.js';
import type { Session } from '../app/session.js';
import { optText, text, VerbArgError, type VerbArg, type VerbArgs, type VerbIo, type VerbOutcome } from './verb.js';

/** Every step verb takes the same args, so `incident step` offers one option set and one check of it. */
export const STEP_ARGS: readonly VerbArg[] = [
  { name: 'step', kind: 'text', required: true, positional: true, help: 'the step id' },
  { name: 'done', kind: 'flag', option: '--done', help: 'mark done (runs the hook of an action step, under its approvals)' },
  { name: 'skip', kind: 'text', option: '--skip <reason>', help: 'skip, with a reason' },
  { name: 'choose', kind: 'text', option: '--choose <option>', help: "a decision's option" },
  { name: 'note', kind: 'text', option: '--note <text>', help: 'a note kept with the step' },
  { name: 'text', kind: 'text', option: '--text <text>', help: 'the message actually sent (notify steps; default: the rendered template)' },
  { name: 'retry', kind: 'flag', option: '--retry', help: 're-run a hook that failed (implies --done)' },
  { name: 'record', kind: 'flag', option: '--record', help: 'record a hook step as done by hand after its hook failed (needs --note; implies --done)' },
  { name: 'reopen', kind: 'flag', option: '--reopen', help: 'open a done or skipped step again, e.g. one marked done by mistake (needs --reason)' },
  { name: 'reason', kind: 'text', option: '--reason <text>', help: 'why the step is reopened (with --reopen)' },
];

export const STEP_WHO = { text: "the step's owner role, or the commander; a hook step also needs its approvals", rules: ['step.owner', 'approval.missing', 'approval.denied', 'step.bypassed'] } as const;

export const STEP_SUMMARY = 'complete, skip, decide or reopen a step';

/** The engine command a step entry stands for: exactly one of done, skip or choose. */
export function stepCommand(args: VerbArgs): Command {
  const step = text(args, 'step', 'the step');
  const note = optText(args, 'note');
  const said = optText(args, 'text');
  const extra = { ...(note ? { note } : {}), ...(said !== undefined ? { text: said } : {}) };
  const reopen = args.reopen === true;
  const chosen = [args.done === true, args.skip !== undefined, args.choose !== undefined, reopen].filter(Boolean).length;
  if (chosen !== 1) throw new VerbArgError('needs exactly one of done: true, skip: REASON, choose: OPTION, reopen: true');
  if (reopen) return { kind: 'step-reopen', step, reason: text(args, 'reason', 'the reason the step is reopened') };
  refuseStrayReason(args);
  if (args.skip !== undefined) return { kind: 'step', step, action: 'skip', reason: text(args, 'skip', 'the reason'), ...extra };
  if (args.choose !== undefined) return { kind: 'step', step, action: 'choose', option: text(args, 'choose', 'an option id'), ...extra };
  return { kind: 'step', step, action: 'done', ...extra };
}

/** A reason is why a step is reopened; given with done, skip or choose it would be dropped unseen. */
function refuseStrayReason(args: VerbArgs): void {
  if (args.reason !== undefined && args.reopen !== true) throw new VerbArgError((n) => `${n('reason')} goes with ${n('reopen')} (a skip takes its reason as ${n('skip')}; a note on the step is ${n('note')})`);
}

/** Works a step through workStep, the one use case behind every step verb (reopening is one engine command). */
export async function runStep(session: Session, id: string, args: VerbArgs, io: VerbIo): Promise<VerbOutcome<StepOutcome>> {
  refuseStrayReason(args);
  if (args.reopen === true) {
    const { act } = await import('../app/act.js');
    const result = await act(session, id, stepCommand(args));
    return { result: { kind: 'recorded', result }, warnings: result.warnings, failed: null };
  }
  const { workStep } = await import('../app/incidents.js');
  const flag = (k: string) => (args[k] === true ? true : undefined);
  const out = await workStep(session, id, text(args, 'step', 'the step'), {
    done: flag('done'),
    skip: optText(args, 'skip'),
    choose: optText(args, 'choose'),
    note: optText(args, 'note'),
    text: optText(args, 'text'),
    retry: flag('retry'),
    record: flag('record'),
    onOutput: io.onOutput,
  });
  if (out.kind === 'recorded') return { result: out, warnings: out.result.warnings, failed: null };
  return { result: out, warnings: [], failed: out.fire.ok ? null : `hook ${out.fire.run.hook} failed` };
}
