import type { StepOutcome } from '../app/incidents.js';
import { runStep, STEP_ARGS, STEP_SUMMARY, STEP_WHO, stepCommand } from './step-args.js';
import { defineVerb } from './verb.js';

/** a decision step's option is chosen. */
export default defineVerb<StepOutcome>({
  id: 'step.choose',
  summary: STEP_SUMMARY,
  args: STEP_ARGS,
  who: STEP_WHO,
  cli: { command: 'incident step', picked: 'choose' },
  command: stepCommand,
  run: runStep,
});
