import type { ActResult } from '../app/act.js';
import { defineVerb, runAct, text, type VerbArg, type VerbArgs } from './verb.js';

export const ROLE_ARGS: readonly VerbArg[] = [
  { name: 'role', kind: 'text', required: true, positional: true, help: 'the role (commander, model_owner, reviewer, communicator, ...)' },
  { name: 'person', kind: 'text', required: true, positional: true, help: 'a roster id', person: true },
];

export const ASSIGN_WHO = { text: "the roles aiops.yaml's authority.assign names (default: commander)", rules: ['authority.assign'] } as const;

/** The engine command for assign and handoff. */
export function assignCommand(args: VerbArgs, handoff: boolean) {
  return { kind: 'assign' as const, role: text(args, 'role', 'a role'), person: text(args, 'person', 'a roster id'), handoff };
}

export default defineVerb<ActResult>({
  id: 'assign',
  summary: 'give a role to a person',
  args: ROLE_ARGS,
  who: ASSIGN_WHO,
  cli: { command: 'incident assign' },
  command: (args) => assignCommand(args, false),
  run: runAct((args) => assignCommand(args, false)),
});
