import type { StepOutcome } from '../app/incidents.js';
import { runStep, STEP_ARGS, STEP_SUMMARY, STEP_WHO, stepCommand } from './step-args.js';
import { defineVerb } from './verb.js';

/** a step is skipped, with a reason. */
export default defineVerb<StepOutcome>({
  id: 'step.skip',
  summary: STEP_SUMMARY,
  args: STEP_ARGS,
  who: STEP_WHO,
  cli: { command: 'incident step', picked: 'skip' },
  command: stepCommand,
  run: runStep,
});
