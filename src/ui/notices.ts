import type { FireResult } from '../app/fire-hook.js';
import type { StepOutcome } from '../app/incidents.js';
import type { StepState } from '../core/incident-state.js';
import { formatMs } from './format-time.js';
import type { Notice } from './hooks/use-actions.js';

/** How a hook's result is said on the status line. */
export function fireNotice(fire: FireResult): Notice {
  const r = fire.run;
  const f = r.finished;
  if (fire.simulated) return { text: `${r.hook}: simulated (drill) — nothing ran`, tone: 'good' };
  if (fire.ok) return { text: `${r.hook}: ok · exit ${f?.exitCode ?? '-'} · ${formatMs(f?.durationMs ?? 0)}`, tone: 'good' };
  const why = f?.timedOut ? `TIMED OUT after ${formatMs(f.durationMs)}` : `FAILED · exit ${f?.exitCode ?? '-'}${f?.signal ? ` ${f.signal}` : ''}`;
  return { text: `${r.hook} ${why}: r retry · c record done by hand`, tone: 'bad' };
}

/** How working a step is said: the hook's result, or "recorded" with any warnings. */
export function outcomeNotice(st: StepState, out: StepOutcome): Notice {
  if (out.kind === 'hook') return fireNotice(out.fire);
  const warn = out.result.warnings.length ? ` (${out.result.warnings.join('; ')})` : '';
  return { text: `${st.id}: recorded${warn}`, tone: warn ? 'warn' : 'good' };
}
