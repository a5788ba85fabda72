import type { ApproveOutcome } from '../app/incidents.js';
import { APPROVE_ARGS, APPROVE_SUMMARY, approveCommand, checkOverride, runApprove } from './approve-args.js';
import { defineVerb } from './verb.js';

export default defineVerb<ApproveOutcome>({
  id: 'approve',
  summary: APPROVE_SUMMARY,
  args: APPROVE_ARGS,
  who: { text: 'a role the step still needs (a different person for each role: the two-person rule)', rules: ['approval.role', 'approval.two-person', 'approval.denied', 'step.bypassed'] },
  cli: { command: 'incident approve' },
  check: checkOverride,
  command: approveCommand,
  run: runApprove,
});
