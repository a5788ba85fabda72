import type { ActResult } from '../app/act.js';
import { defineVerb, list, optText, runAct, VerbArgError, type VerbArgs } from './verb.js';

function reviewCommand(args: VerbArgs) {
  const cause = optText(args, 'cause');
  const factors = list(args, 'factor') ?? [];
  const wentWell = list(args, 'wentWell') ?? [];
  const wentBadly = list(args, 'wentBadly') ?? [];
  if (!cause && !factors.length && !wentWell.length && !wentBadly.length) throw new VerbArgError((n) => `a review needs ${n('cause')}, ${n('factor')}, ${n('wentWell')} or ${n('wentBadly')}`);
  return { kind: 'review' as const, ...(cause ? { cause } : {}), factors, wentWell, wentBadly };
}

export default defineVerb<ActResult>({
  id: 'review',
  summary: 'postmortem: root cause, contributing factors, what went well and what went badly',
  args: [
    { name: 'cause', kind: 'text', option: '--cause <text>', help: 'the root cause (replaces the one recorded before)' },
    { name: 'factor', kind: 'list', option: '--factor <text>', help: 'a contributing factor, repeatable' },
    { name: 'wentWell', kind: 'list', option: '--went-well <text>', help: 'something that went well, repeatable' },
    { name: 'wentBadly', kind: 'list', option: '--went-badly <text>', help: 'something that went badly, repeatable' },
  ],
  who: { text: 'anyone holding a role in the incident, also after close', rules: ['postmortem.role'] },
  cli: { command: 'incident review' },
  check: (args) => void reviewCommand(args),
  command: reviewCommand,
  run: runAct(reviewCommand),
});
