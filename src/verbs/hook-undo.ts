import type { HookRunOutcome } from '../app/hook-commands.js';
import { defineVerb, text, type VerbArgs } from './verb.js';

const stepOf = (args: VerbArgs) => text(args, 'step', 'the step whose hook to undo');

export default defineVerb<HookRunOutcome & { undoOf: string }>({
  id: 'hook.undo',
  summary: "fire the undo of a step's hook (e.g. resume after pause), under the step's approvals",
  args: [
    { name: 'step', kind: 'text', required: true, positional: true, help: 'the step whose hook to undo' },
    { name: 'retry', kind: 'flag', option: '--retry', help: 're-run a failed undo under the same approval' },
  ],
  who: { text: "the step's approvals plus the undo hook's own floor; asking is the asker's approval when they hold a needed role", rules: ['approval.missing', 'approval.denied', 'step.owner', 'hook.outcome-unknown'] },
  cli: { command: 'hook undo' },
  command: (args) => ({ kind: 'fire', step: stepOf(args) }),
  async run(session, id, args, io) {
    const { undoStep } = await import('../app/hook-commands.js');
    const out = await undoStep(session, id, stepOf(args), { retry: args.retry === true ? true : undefined, onOutput: io.onOutput });
    return { result: out, warnings: [], failed: out.fire.ok ? null : `undo hook ${out.fire.run.hook} failed` };
  },
});
