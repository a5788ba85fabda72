import type { IncidentState } from '../core/incident-state.js';
import type { NewEvent } from '../core/events.js';
import { UserError } from '../core/errors.js';
import { defineVerb, done, text, VerbArgError, type VerbArgs } from './verb.js';

function outcome(args: VerbArgs): { run: string; ok: boolean; note: string } {
  if ((args.ok === true) === (args.failed === true)) throw new VerbArgError('needs exactly one of ok: true or failed: true');
  return { run: text(args, 'run', 'the run id'), ok: args.ok === true, note: text(args, 'note', 'a note on how you checked') };
}

/** Records a cut-off run's outcome; a recorded success completes its step, as a finished hook would. */
export default defineVerb<{ state: IncidentState; events: NewEvent[] }>({
  id: 'hook.record',
  summary: 'record the outcome of a run whose result never came back (aiops died mid-hook)',
  args: [
    { name: 'run', kind: 'text', required: true, positional: true, help: 'the run id (run-2, or just 2), or a step (its id, or its number in the playbook) waiting on one outcome' },
    { name: 'ok', kind: 'flag', option: '--ok', help: 'the hook did what it should (you checked)' },
    { name: 'failed', kind: 'flag', option: '--failed', help: 'the hook did not do it' },
    { name: 'note', kind: 'text', required: true, option: '--note <text>', help: 'how you checked' },
  ],
  who: { text: "the step's owner role, or the commander", rules: ['step.owner'] },
  cli: { command: 'hook record' },
  check(args) {
    if ((args.ok === true) === (args.failed === true)) throw new UserError('say what happened: exactly one of --ok or --failed');
  },
  command: (args) => ({ kind: 'record-outcome', ...outcome(args) }),
  async run(session, id, args) {
    const { recordHookOutcome } = await import('../app/hook-commands.js');
    const o = outcome(args);
    return done(await recordHookOutcome(session, id, o.run, { ok: o.ok, note: o.note }));
  },
});
