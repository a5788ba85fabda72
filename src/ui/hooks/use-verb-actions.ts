import type { EndedDrill } from '../../app/drills.js';
import type { ActResult } from '../../app/act.js';
import type { ScoreResult } from '../../core/scoring.js';
import { verbById } from '../../verbs/index.js';
import type { VerbArgs, VerbId, VerbOutcome } from '../../verbs/verb.js';
import type { PauseResult } from '../../app/drill-pause.js';
import { debriefWords, drillElapsedText, endedWords, judgedWords, requestedWords } from '../../verbs/verb-words.js';
import type { Screen } from '../screen.js';

/** Keys that run a verb exactly as the CLI does: re-request after a deny, and the drill facilitator's judge, end and debrief. */
export interface VerbActions {
  request(): void;
  judge(): void;
  endDrill(): void;
  pauseDrill(): void;
  resumeDrill(): void;
  debrief(): void;
}

/** Each key checks and runs its verb from src/verbs (`aiops incident request`, `aiops drill judge|end|debrief`). */
export function useVerbActions(s: Screen, opts: { cwd: string }): VerbActions {
  const { session, incidentId, state, overlay, actions } = s;
  const runVerb = async <R>(id: VerbId, args: VerbArgs): Promise<VerbOutcome<R>> => {
    const verb = verbById(id);
    verb.check?.(args);
    // The caller names the result type of the verb it asked for by id.
    return verb.run(session, incidentId, args, { cwd: opts.cwd }) as Promise<VerbOutcome<R>>;
  };
  const warned = (text: string, warnings: string[]) => ({ text: `${text}${warnings.length ? ` (${warnings.join('; ')})` : ''}`, tone: warnings.length ? ('warn' as const) : ('good' as const) });

  const request = () => {
    const st = s.step;
    if (!st) return;
    actions.run(`requesting approval for ${st.id}`, async () => {
      const out = await runVerb<ActResult>('request', { step: st.id });
      return warned(requestedWords(st.id), out.warnings);
    });
  };

  const judgeAs = (expectation: string, met: boolean, note: string) =>
    actions.run(`judging ${expectation}`, async () => {
      const out = await runVerb<ActResult & { rescored: ScoreResult | null }>('drill.judge', { expectation, ...(met ? { met: true } : { missed: true }), ...(note.trim() ? { note } : {}) });
      return warned(judgedWords(expectation, met, session.actor, out.result.rescored), out.warnings);
    });

  // The expectations come from the scenario as the drill logged it, as the verb checks them.
  // Loaded when asked: a responder who never judges keeps the drill modules out of memory.
  const judge = () =>
    actions.run('reading the scenario', async () => {
      const { readDrill } = await import('../../app/drill-run.js');
      const manual = (await readDrill(session, incidentId)).scenario.expectations.filter((e) => e.manual);
      if (manual.length === 0) return { text: `${state.drill?.scenario} has no manual expectations to judge; the rest are scored from the log`, tone: 'warn' };
      overlay.open({
        kind: 'pick',
        title: 'Judge which expectation?',
        items: manual.map((e) => {
          const was = state.judged[e.id];
          return { id: e.id, label: `${e.id}${e.title ? ` — ${e.title}` : ''}`, hint: was ? `judged ${was.met ? 'met' : 'missed'} by ${was.by}` : `weight ${e.weight}` };
        }),
        onPick: (expectation) =>
          overlay.open({
            kind: 'pick',
            title: `${expectation}: how did it go?`,
            items: [
              { id: 'met', label: 'met' },
              { id: 'missed', label: 'missed' },
            ],
            onPick: (how) => overlay.ask(`${expectation}: judged ${how}`, 'Why? (optional, kept in the report)', (note) => judgeAs(expectation, how === 'met', note), true),
          }),
      });
    });

  const endDrill = () => {
    const end = () =>
      actions.run(`ending ${incidentId}`, async () => {
        const out = await runVerb<EndedDrill>('drill.end', {});
        return endedWords(incidentId, out.result).join(' · ');
      });
    // An ended drill changes nothing by asking again: the verb says when it ended and with what score.
    if (state.drillEnded) return end();
    overlay.open({
      kind: 'confirm',
      title: `End drill ${incidentId} now?`,
      lines: [
        'This scores the drill now, as of this moment: an expectation past its time and not met counts as missed; one not due yet is "not reached" and left out.',
        'Manual expectations can still be judged after the end (the score is recomputed), and debrief notes added.',
      ],
      yes: 'end and score',
      tone: 'warn',
      onYes: () => {
        overlay.close();
        end();
      },
    });
  };

  const debrief = () =>
    overlay.ask(`Debrief note on ${incidentId}`, 'What went well, what to change? (goes into the after-action report)', (text) =>
      actions.run('adding a debrief note', async () => {
        const out = await runVerb<ActResult>('drill.debrief', { text });
        return warned(debriefWords(incidentId), out.warnings);
      }),
    );

  const clockVerb = (id: 'drill.pause' | 'drill.resume') => () =>
    actions.run(id === 'drill.pause' ? `pausing ${incidentId}` : `resuming ${incidentId}`, async () => {
      const out = await runVerb<PauseResult>(id, {});
      const at = drillElapsedText(out.result.state.openedAt, out.result.drillTime);
      return warned(id === 'drill.pause' ? `drill paused at ${at}; P resumes` : `drill resumed at ${at}`, out.warnings);
    });

  return { request, judge, endDrill, pauseDrill: clockVerb('drill.pause'), resumeDrill: clockVerb('drill.resume'), debrief };
}
