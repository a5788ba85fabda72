import type { VerbPresenter } from '../verb-command.js';

/** Prints a pause or a resume: where the drill clock stands and how to undo it. */
export const presentPause: VerbPresenter = async (ctx, _session, { verb, id, out }) => {
  const r = out.result as import('../../app/drill-pause.js').PauseResult;
  const paused = verb.id === 'drill.pause';
  const { drillElapsedText } = await import('../../verbs/verb-words.js');
  const at = drillElapsedText(r.state.openedAt, r.drillTime);
  ctx.emit({ ok: true, id, paused, real: r.real, drillTime: r.drillTime, seq: r.events[0]?.seq }, () =>
    paused ? `${id} paused at ${at} of drill time; resume with aiops drill resume ${id}` : `${id} resumed at ${at} of drill time`,
  );
};
