import type { FireResult } from '../app/fire-hook.js';
import { HOOK_STEP_PREFIX, isPolicyHookStepId } from '../core/hook-step.js';
import { type ArgNamer, defineVerb, pairs, text, VerbArgError, type VerbArgs } from './verb.js';

/** What `hook run` did: the step that holds the run (`hook:NAME`, or a playbook step from a script), and whether it asked for approval first. */
export interface HookRunResult {
  step: string;
  requested: boolean;
  fire: FireResult;
}

function target(args: VerbArgs): { step: string } | { hook: string } {
  const either = (n: ArgNamer) => `${n('hook')} (a hook by name) or ${n('step')} (a step whose hook to fire)`;
  if (args.step !== undefined && args.hook !== undefined) throw new VerbArgError((n) => `give ${either(n)}, not both`);
  if (args.step !== undefined) return { step: text(args, 'step', 'the step whose hook to fire') };
  if (args.hook === undefined || args.hook === null) throw new VerbArgError((n) => `needs ${either(n)}`);
  const hook = text(args, 'hook', 'the hook name');
  // A severity policy's own pseudo-step (policy:ID:hook:NAME) is run again by its id, with the params it was approved with.
  return isPolicyHookStepId(hook) ? { step: hook } : { hook };
}

export default defineVerb<HookRunResult>({
  id: 'hook.run',
  summary: 'fire a hook outside a step (pseudo-step hook:NAME), under the same approvals',
  args: [
    { name: 'hook', kind: 'text', positional: true, cliName: 'name', help: "the hook, as named in aiops.yaml (or a severity policy's own policy:ID:hook:NAME, to run it again)" },
    { name: 'step', kind: 'text', scriptOnly: true, help: "a playbook step whose hook to fire (instead of a hook by name)" },
    { name: 'params', kind: 'params', option: '--param <k=v>', help: 'a param value, repeatable' },
    { name: 'retry', kind: 'flag', option: '--retry', help: 're-run after a failed run under the same approval' },
  ],
  who: { text: "the hook's approvals (aiops.yaml approve:, else its run floor), then a role holder fires it", rules: ['approval.missing', 'approval.denied', 'step.owner', 'hook.once-per-approval', 'hook.outcome-unknown'] },
  cli: { command: 'hook run' },
  command(args) {
    const t = target(args);
    const retry = args.retry === true ? { retry: true } : {};
    return { kind: 'fire', step: 'step' in t ? t.step : `${HOOK_STEP_PREFIX}${t.hook}`, ...retry };
  },
  async run(session, id, args, io) {
    const t = target(args);
    const retry = args.retry === true ? true : undefined;
    let out: HookRunResult;
    if ('step' in t) {
      const { fireStepHook } = await import('../app/fire-hook.js');
      out = { step: t.step, requested: false, fire: await fireStepHook(session, id, t.step, { retry, onOutput: io.onOutput }) };
    } else {
      const { parseParams, runHookOutsideStep } = await import('../app/hook-commands.js');
      const { HookParamsRefused, hookParamPhrases } = await import('../app/hook-params.js');
      // The CLI's `--param k=v` texts keep their own checks (key spelling); a script's map is taken as is.
      const params = Array.isArray(args.params) ? parseParams(args.params as string[]) : pairs(args, 'params');
      try {
        out = await runHookOutsideStep(session, id, t.hook, { params, retry, onOutput: io.onOutput, checkParams: true });
      } catch (err) {
        // Invalid input, named as the front door takes params (`--param`, `args.params`).
        if (err instanceof HookParamsRefused) throw new VerbArgError((n) => `${hookParamPhrases(err.missing, n('params')).join('; ')}; nothing was requested`);
        throw err;
      }
    }
    return { result: out, warnings: [], failed: out.fire.ok ? null : `hook ${out.fire.run.hook} failed` };
  },
});

