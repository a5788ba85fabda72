import { recordHookOutcome } from '../../app/hook-commands.js';
import { hookOutputLines, readHookOutput } from '../../app/hook-output.js';
import { workStep } from '../../app/incidents.js';
import { act } from '../../app/act.js';
import { actingRole } from '../../core/authority.js';
import type { StepState } from '../../core/incident-state.js';
import { outcomeNotice } from '../notices.js';
import type { Screen } from '../screen.js';
import { decisionOptions, type EnterAction, lastStepRun } from '../step-actions.js';
import { useHookActions } from './use-hook-actions.js';
import type { KeyOps } from '../key-bindings.js';

/** The per-step keys, each on the selected step; the key table decides when each applies. */
export type StepActions = Pick<KeyOps, 'enter' | 'skip' | 'approve' | 'override' | 'deny' | 'retry' | 'undo' | 'record' | 'output' | 'reopen'>;

/** Step keys: each awaits the same app call the CLI's `incident step|approve|deny` and `hook record` make. */
export function useStepActions(s: Screen): StepActions {
  const { session, incidentId, overlay, actions } = s;
  const hooks = useHookActions(s);
  const work = (st: StepState, label: string, opts: Parameters<typeof workStep>[3]) =>
    actions.run(label, async () => outcomeNotice(st, await workStep(session, incidentId, st.id, opts)));

  /**
   * Another role's step is one key away from being done for them: as commander, ask first, saying
   * whose it is (a decision too: its answer takes steps off the path). Someone holding neither role
   * is not asked: the engine refuses them and says who may.
   */
  const asCommander = (st: StepState, question: string, yes: string, then: () => void) => {
    if (actingRole(s.state, session.actor, [st.owner]) || !actingRole(s.state, session.actor, ['commander'])) return then();
    const holder = s.state.roles[st.owner]?.person;
    overlay.open({
      kind: 'confirm',
      title: `${question}? It is ${holder ? `${holder}'s` : 'not yours'} (${st.owner}).`,
      lines: [`You would act as commander on a ${st.owner} step${holder ? ` that ${holder} holds` : ''}.`, `If it was a mistake, O reopens it (aiops incident step ${s.state.id} ${st.id} --reopen --reason ..).`],
      yes,
      tone: 'warn',
      onYes: () => {
        overlay.close();
        then();
      },
    });
  };

  const choose = (st: StepState) =>
    overlay.open({
      kind: 'pick',
      title: `${st.id}: ${st.title}`,
      items: decisionOptions(st),
      onPick: (option) => {
        overlay.close();
        asCommander(st, `Choose ${option} for ${st.id}`, `choose ${option}`, () => work(st, `choosing ${option} for ${st.id}`, { choose: option }));
      },
    });

  // The text confirmed here is what the log records as sent, and what the step's hook (if any) is given.
  const editMessage = (st: StepState) =>
    overlay.open({
      kind: 'prompt',
      title: `${st.id}: the message as it will be recorded`,
      label: 'Edit the text, then Enter records it as sent.',
      initial: s.message ?? '',
      onSubmit: (text) => {
        overlay.close();
        if (!s.hook) return work(st, `recording ${st.id}`, { done: true, text });
        s.runs.run(st, `sending ${st.id}`, s.argv, async (onOutput) => outcomeNotice(st, await workStep(session, incidentId, st.id, { done: true, text, onOutput })));
      },
    });

  const enter = (action: EnterAction) => {
    const st = s.step;
    if (!st) return;
    if (action === 'choose') return choose(st);
    if (action === 'approve') return hooks.approve(st);
    if (action === 'run') return hooks.run(st);
    if (action === 'edit-message') return editMessage(st);
    asCommander(st, `Mark ${st.id} done`, 'mark done', () => work(st, `marking ${st.id} done`, { done: true }));
  };

  const reopen = () => {
    const st = s.step;
    if (!st) return;
    overlay.ask(`Reopen ${st.id} (now ${st.status})?`, 'Why? (kept in the log; the step is pending again)', (reason) =>
      actions.run(`reopening ${st.id}`, async () => {
        await act(session, incidentId, { kind: 'step-reopen', step: st.id, reason });
        return { text: `${st.id}: reopened`, tone: 'warn' };
      }),
    );
  };

  const skip = () => {
    const st = s.step;
    if (!st) return;
    overlay.ask(`Skip ${st.id}?`, 'Why is it skipped? (kept in the log)', (reason) => work(st, `skipping ${st.id}`, { skip: reason }));
  };

  const deny = () => {
    const st = s.step;
    if (!st) return;
    overlay.ask(`Deny ${st.id}?`, 'Why? The step stays blocked until approval is requested again.', (reason) =>
      actions.run(`denying ${st.id}`, async () => {
        await act(session, incidentId, { kind: 'deny', step: st.id, reason });
        return { text: `${st.id}: denied`, tone: 'warn' };
      }),
    );
  };

  // Both ways of recording by hand make the CLI's own calls: `incident step --record` for a failed
  // hook done another way, `hook record` for a run whose outcome never came back.
  const record = () => {
    const st = s.step;
    if (!st) return;
    const run = lastStepRun(st);
    if (s.tag === 'fail') {
      return overlay.ask(`Record ${st.id} as done by hand`, `${run?.hook} failed. What did you do instead, and how did you check it worked?`, (note) =>
        work(st, `recording ${st.id}`, { done: true, record: true, note }),
      );
    }
    if (!run) return;
    overlay.open({
      kind: 'pick',
      title: `What happened to ${run.hook} (${run.run})?`,
      items: [
        { id: 'ok', label: 'it worked (checked)' },
        { id: 'failed', label: 'it did not work' },
      ],
      onPick: (outcome) =>
        overlay.ask(`Record ${run.run} as ${outcome}`, 'How did you check?', (note) =>
          actions.run(`recording ${run.run}`, async () => {
            const r = await recordHookOutcome(session, incidentId, run.run, { ok: outcome === 'ok', note });
            const completed = r.events.find((e) => e.type === 'step.completed');
            const done = completed?.type === 'step.completed' ? `; step ${completed.payload.step} done` : '';
            return { text: `${run.run}: recorded as ${outcome}${done}`, tone: 'warn' };
          }),
        ),
    });
  };

  // A read, not a write: it opens over the screen when the log answers, and says why when it cannot.
  const output = () => {
    const run = s.step?.runs.at(-1);
    if (!run) return;
    readHookOutput(session, incidentId, run.run).then(
      (o) => overlay.open({ kind: 'output', title: `Output of ${o.run} (${o.hook})`, lines: hookOutputLines(o) }),
      (err: Error) => s.say(`cannot show ${run.run}: ${err.message}`, 'bad'),
    );
  };

  const on = (fn: (st: StepState) => void) => () => {
    if (s.step) fn(s.step);
  };
  return { enter, skip, approve: on(hooks.approve), override: on(hooks.override), deny, retry: on(hooks.retry), undo: on(hooks.undo), record, output, reopen };
}
