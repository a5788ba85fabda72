import type { StepOutcome } from '../app/incidents.js';
import { runStep, STEP_ARGS, STEP_SUMMARY, STEP_WHO } from './step-args.js';
import { defineVerb, text } from './verb.js';

/** Re-runs a step's hook that failed, under the same approval. */
export default defineVerb<StepOutcome>({
  id: 'hook.retry',
  summary: STEP_SUMMARY,
  args: STEP_ARGS,
  who: { text: `${STEP_WHO.text}; runs again only what failed`, rules: [...STEP_WHO.rules, 'hook.outcome-unknown'] },
  cli: { command: 'incident step', picked: 'retry' },
  command: (args) => ({ kind: 'fire', step: text(args, 'step', 'the step whose hook to retry'), retry: true }),
  run: (session, id, args, io) => runStep(session, id, { ...args, retry: true }, io),
});
