import type { ActResult } from '../app/act.js';
import { defineVerb, optText, runAct, VerbArgError, type VerbArgs } from './verb.js';

function impactCommand(args: VerbArgs) {
  const text = optText(args, 'text');
  const affected = optText(args, 'affected');
  const duration = optText(args, 'duration');
  if (!text && !affected && !duration) throw new VerbArgError((n) => `the impact needs ${n('text')}, ${n('affected')} or ${n('duration')}`);
  return { kind: 'impact' as const, ...(text ? { text } : {}), ...(affected ? { affected } : {}), ...(duration ? { duration } : {}) };
}

export default defineVerb<ActResult>({
  id: 'impact',
  summary: 'postmortem: record the impact (what users saw, who/what was affected, for how long)',
  args: [
    { name: 'text', kind: 'text', required: true, positional: true, help: 'what happened to users, in a sentence' },
    { name: 'affected', kind: 'text', option: '--affected <who>', help: 'who or what was affected (tenants, users, requests)' },
    { name: 'duration', kind: 'text', option: '--duration <text>', help: 'how long they were affected, as people say it (e.g. "42 minutes")' },
  ],
  who: { text: 'anyone holding a role in the incident, also after close', rules: ['postmortem.role'] },
  cli: { command: 'incident impact' },
  check: (args) => void impactCommand(args),
  command: impactCommand,
  run: runAct(impactCommand),
});
