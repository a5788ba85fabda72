import type { StepOutcome } from '../app/incidents.js';
import { runStep, STEP_ARGS, STEP_SUMMARY, STEP_WHO, stepCommand } from './step-args.js';
import { defineVerb } from './verb.js';

/** a done or skipped step is opened again, with a reason. */
export default defineVerb<StepOutcome>({
  id: 'step.reopen',
  summary: STEP_SUMMARY,
  args: STEP_ARGS,
  who: STEP_WHO,
  cli: { command: 'incident step', picked: 'reopen' },
  command: stepCommand,
  run: runStep,
});
