import type { ApproveOutcome } from '../app/incidents.js';
import { APPROVE_ARGS, APPROVE_SUMMARY, approveCommand, checkOverride, runApprove } from './approve-args.js';
import { defineVerb } from './verb.js';

/** Break-glass: the commander approves past a missing approver, with a reason. */
export default defineVerb<ApproveOutcome>({
  id: 'override',
  summary: APPROVE_SUMMARY,
  // The same options as approve (one `incident approve` command), but the reason is required here.
  args: APPROVE_ARGS.map((a) => (a.name === 'reason' ? { ...a, required: true } : a)),
  who: { text: 'the commander only, with a reason', rules: ['override.commander', 'approval.denied', 'step.bypassed'] },
  cli: { command: 'incident approve', picked: 'override' },
  check: (args) => checkOverride({ override: true, ...args }),
  command: (args) => approveCommand({ override: true, ...args }),
  run: (session, id, args, io) => runApprove(session, id, { override: true, ...args }, io),
});
