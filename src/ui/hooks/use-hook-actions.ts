import { undoArgv, undoStep } from '../../app/hook-commands.js';
import { approveStep, workStep } from '../../app/incidents.js';
import { PolicyRefusal } from '../../core/errors.js';
import type { StepState } from '../../core/incident-state.js';
import { fireNotice, outcomeNotice } from '../notices.js';
import type { Screen } from '../screen.js';
import { showArgv } from '../show-argv.js';
import { missingApprovals, stepHook, stepMark } from '../step-view.js';
import { type ApprovalPreview, previewApproval } from '../../app/approval-preview.js';

export interface HookActions {
  /** Says exactly what will run, then runs `go` on y. */
  confirmRun(title: string, yes: string, extra: string[], go: () => void): void;
  approve(st: StepState): void;
  override(st: StepState): void;
  run(st: StepState): void;
  retry(st: StepState): void;
  undo(st: StepState): void;
}

/** The keys that approve or fire a step's hook; each confirms first and awaits the same app call the CLI makes. */
export function useHookActions(s: Screen): HookActions {
  const { session, incidentId, state, hook, hookSpec, argv, shown, overlay } = s;

  const confirmRun: HookActions['confirmRun'] = (title, yes, extra, go) => {
    const simulated = state.drill && hookSpec?.drill !== 'run';
    overlay.open({
      kind: 'confirm',
      title,
      yes,
      lines: [
        ...extra,
        argv ? `runs: ${showArgv(shown ?? argv)}` : `hook ${hook} is not defined in aiops.yaml`,
        `hook ${hook}${hookSpec?.timeout ? ` · timeout ${hookSpec.timeout}` : ''}${simulated ? ' · DRILL: simulated, nothing runs' : ''}`,
      ],
      onYes: () => {
        overlay.close();
        go();
      },
    });
  };

  const approve = (st: StepState) => {
    // The dialog says what the act would come to: the engine's own decision on the incident as shown.
    const would = previewApproval(session, state, st.id);
    if (!would.ok) return refusedDialog(st, would);
    const fires = would.fires;
    const lines = fires
      ? ['Yours is the last approval needed: the hook runs as soon as you confirm.']
      : would.missingAfter.length
        ? [`Still missing after yours: ${would.missingAfter.join(' + ')}. Nothing runs yet.`]
        : ['Yours completes the approvals; nothing runs yet.'];
    confirmRun(`Approve ${st.id} as ${would.role}?`, 'approve', lines, () => {
      const go = async (onOutput?: (c: string) => void) => {
        const out = await approveStep(session, incidentId, st.id, { onOutput });
        if (out.fired) return fireNotice(out.fired);
        const text = `${st.id}: approved as ${out.result.role ?? '?'}${out.missing.length ? `; still missing ${out.missing.join(' + ')}` : ''}`;
        return { text, tone: 'good' as const, about: { step: st.id, mark: stepMark(out.result.state, st.id) } };
      };
      if (fires) s.runs.run(st, `approving ${st.id}`, argv, go);
      else s.actions.run(`approving ${st.id}`, () => go());
    });
  };

  // Nothing to confirm: what the engine would refuse, and why, in full; and the override when the engine would take it.
  const refusedDialog = (st: StepState, would: Extract<ApprovalPreview, { ok: false }>) => {
    const override = previewApproval(session, state, st.id, { override: true });
    overlay.open({
      kind: 'confirm',
      title: `You cannot approve ${st.id} now${would.rule ? ` (${would.rule})` : ''}`,
      tone: 'bad',
      lines: [
        would.message,
        ...(would.hint ? [would.hint] : []),
        override.ok ? `As ${override.role} you may override instead: o (break-glass, with a reason).` : 'Nothing was recorded.',
      ],
    });
  };

  const override = (st: StepState) =>
    overlay.ask(`Override the missing approval for ${st.id}`, `Break-glass, commander only: why can this not wait for ${missingApprovals(st).join(' + ')}?`, (reason) =>
      confirmRun(`Override and approve ${st.id}?`, 'override', [`reason: ${reason}`], () =>
        s.runs.run(st, `overriding ${st.id}`, argv, async (onOutput) => {
          const out = await approveStep(session, incidentId, st.id, { override: reason, onOutput });
          return out.fired ? fireNotice(out.fired) : { text: `${st.id}: override recorded`, tone: 'warn' };
        }),
      ),
    );

  const run = (st: StepState) =>
    confirmRun(`Run ${stepHook(st)} for ${st.id}?`, 'run it', [], () =>
      s.runs.run(st, `running ${stepHook(st)}`, argv, async (onOutput) => outcomeNotice(st, await workStep(session, incidentId, st.id, { done: true, onOutput }))),
    );

  const retry = (st: StepState) =>
    confirmRun(`Retry ${stepHook(st)} for ${st.id}?`, 'retry', ['The last run failed; this runs it again and logs it as a retry.'], () =>
      s.runs.run(st, `retrying ${stepHook(st)}`, argv, async (onOutput) => outcomeNotice(st, await workStep(session, incidentId, st.id, { done: true, retry: true, onOutput }))),
    );

  const undo = (st: StepState) => {
    const undoHook = hookSpec?.undo;
    if (!hook || !undoHook) return;
    const undoSpec = session.project.config.hooks?.[undoHook];
    // The confirmation shows the exact argv, as the approve dialog does: templates filled with the step's params.
    void undoArgv(session, state, st.id).then((undoRuns) => overlay.open({
      kind: 'confirm',
      title: `Undo ${hook} for ${st.id}?`,
      yes: 'undo',
      lines: [
        `Runs ${undoHook} with the params the step ran with, under the step's approvals (yours counts if you hold a role they need); the timeline pairs it with the run it undoes.`,
        `runs: ${undoRuns ? showArgv(undoRuns) : undoSpec ? showArgv(undoSpec.command) : `(${undoHook} is not defined in aiops.yaml)`}`,
      ],
      onYes: () => {
        overlay.close();
        s.runs.run(st, `undoing ${hook}`, argv, async (onOutput) => {
          try {
            return fireNotice((await undoStep(session, incidentId, st.id, { onOutput })).fire);
          } catch (err) {
            // The undo became its own step waiting for approval: say where it is rather than shout.
            if (err instanceof PolicyRefusal && err.rule === 'approval.missing') {
              return { text: `undo requested: step hook:${undoHook} waits for approval — select it and press a`, tone: 'warn' };
            }
            throw err;
          }
        });
      },
    }));
  };

  return { confirmRun, approve, override, run, retry, undo };
}
