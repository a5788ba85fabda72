import type { ActResult } from '../app/act.js';
import { ASSIGN_WHO, assignCommand, ROLE_ARGS } from './assign.js';
import { defineVerb, runAct } from './verb.js';

export default defineVerb<ActResult>({
  id: 'handoff',
  summary: 'a role changes hands; the old holder is recorded',
  args: ROLE_ARGS,
  who: ASSIGN_WHO,
  cli: { command: 'incident handoff' },
  command: (args) => assignCommand(args, true),
  run: runAct((args) => assignCommand(args, true)),
});
