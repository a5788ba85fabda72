import type { ActResult } from '../app/act.js';
import type { ScoreResult } from '../core/scoring.js';
import { UserError } from '../core/errors.js';
import { defineVerb, optText, text, VerbArgError, type VerbArgs } from './verb.js';

function judgment(args: VerbArgs) {
  const met = args.met === true || args.missed === false;
  const missed = args.missed === true || args.met === false;
  if (met === missed) throw new VerbArgError('needs exactly one of met: true or missed: true');
  const note = optText(args, 'note');
  const reason = optText(args, 'reason');
  return { kind: 'judge' as const, expectation: text(args, 'expectation', 'the expectation id'), met, ...(note ? { note } : {}), ...(reason ? { reason } : {}) };
}

export default defineVerb<ActResult & { rescored: ScoreResult | null }>({
  id: 'drill.judge',
  summary: 'judge a manual expectation (after the end, the score is recomputed)',
  args: [
    { name: 'expectation', kind: 'text', required: true, positional: true, help: 'the expectation id' },
    { name: 'met', kind: 'flag', option: '--met', help: 'the facilitator judges it met' },
    { name: 'missed', kind: 'flag', option: '--missed', help: 'the facilitator judges it missed' },
    { name: 'note', kind: 'text', option: '--note <text>', help: 'why' },
    { name: 'reason', kind: 'text', option: '--reason <text>', help: 'why an earlier judgment changes (a judgment is final without one)' },
  ],
  who: { text: 'the drill facilitator; changing a judgment needs a reason', rules: ['drill.facilitator'] },
  cli: { command: 'drill judge' },
  check(args) {
    if (Boolean(args.met) === Boolean(args.missed)) throw new UserError('say how it went: exactly one of --met or --missed');
  },
  command: judgment,
  async run(session, id, args) {
    const { judgeExpectation } = await import('../app/drills.js');
    const j = judgment(args);
    const r = await judgeExpectation(session, id, j.expectation, j.met, j.note, j.reason);
    return { result: r, warnings: r.warnings, failed: null };
  },
});
