import type { StepOutcome } from '../app/incidents.js';
import { runStep, STEP_ARGS, STEP_SUMMARY, STEP_WHO, stepCommand } from './step-args.js';
import { defineVerb } from './verb.js';

/** a step is done. */
export default defineVerb<StepOutcome>({
  id: 'step.done',
  summary: STEP_SUMMARY,
  args: STEP_ARGS,
  who: STEP_WHO,
  cli: { command: 'incident step', picked: 'done' },
  command: stepCommand,
  run: runStep,
});
