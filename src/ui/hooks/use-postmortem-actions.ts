import type { ActResult } from '../../app/act.js';
import { verbById } from '../../verbs/index.js';
import type { VerbArgs, VerbId } from '../../verbs/verb.js';
import type { Screen } from '../screen.js';

/** Keys that write the postmortem as `aiops incident impact|review` and `aiops action add|close` do. */
export interface PostmortemActions {
  impact(): void;
  review(): void;
  addAction(): void;
  closeAction(): void;
}

const FINDINGS = [
  { id: 'cause', label: 'root cause', arg: 'cause' },
  { id: 'factor', label: 'contributing factor', arg: 'factor' },
  { id: 'wentWell', label: 'went well', arg: 'wentWell' },
  { id: 'wentBadly', label: 'went badly', arg: 'wentBadly' },
] as const;

/** Each key asks for its text and runs its verb from src/verbs; the log event says what was recorded. */
export function usePostmortemActions(s: Screen, opts: { cwd: string }): PostmortemActions {
  const { session, incidentId, state, overlay, actions } = s;
  const runVerb = (id: VerbId, args: VerbArgs, doing: string, said: string) =>
    actions.run(doing, async () => {
      const verb = verbById(id);
      verb.check?.(args);
      const out = await verb.run(session, incidentId, args, { cwd: opts.cwd });
      const r = out.result as ActResult;
      return { text: `${said}${r.warnings.length ? ` (${r.warnings.join('; ')})` : ''}`, tone: r.warnings.length ? ('warn' as const) : ('good' as const) };
    });

  const impact = () =>
    overlay.ask(`Impact of ${incidentId}`, 'What did users see? (the postmortem leads with it)', (text) =>
      overlay.ask('Who or what was affected?', 'tenants, users, requests (optional)', (affected) =>
        overlay.ask('For how long?', 'e.g. 42 minutes (optional)', (duration) =>
          runVerb('impact', { text, ...(affected.trim() ? { affected } : {}), ...(duration.trim() ? { duration } : {}) }, 'recording the impact', `impact of ${incidentId} recorded`), true),
        true),
    );

  const review = () =>
    overlay.open({
      kind: 'pick',
      title: 'Postmortem: record which finding?',
      items: FINDINGS.map((f) => ({ id: f.id, label: f.label })),
      onPick: (id) => {
        const f = FINDINGS.find((x) => x.id === id)!;
        overlay.ask(`Postmortem: ${f.label}`, 'In a sentence', (text) => runVerb('review', { [f.arg]: f.arg === 'cause' ? text : [text] }, `recording ${f.label}`, `${f.label} recorded`));
      },
    });

  const addAction = () =>
    overlay.ask(`Action item on ${incidentId}`, 'What needs doing?', (text) =>
      overlay.ask('Who owns it?', 'a person from the roster', (owner) =>
        overlay.ask('Due when?', '7d, 2w or a date like 2026-12-31', (due) => runVerb('action.add', { text, owner, due }, 'adding the action item', 'action item added')),
      ),
    );

  const closeAction = () => {
    const open = state.actions.filter((a) => !a.closed);
    if (open.length === 0) return actions.say({ text: 'no open action items (A adds one)', tone: 'warn' });
    overlay.open({
      kind: 'pick',
      title: 'Close which action item?',
      items: open.map((a) => ({ id: a.id, label: `${a.id} ${a.text}`, hint: `${a.owner}, due ${a.due.slice(0, 10)}` })),
      onPick: (action) => overlay.ask(`Close ${action}`, 'What was done? (optional)', (note) => runVerb('action.close', { action, ...(note.trim() ? { note } : {}) }, `closing ${action}`, `${action} closed`), true),
    });
  };

  return { impact, review, addAction, closeAction };
}
