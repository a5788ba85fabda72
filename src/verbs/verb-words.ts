import { formatShortDuration } from '../core/duration.js';

// What a verb says it did, in the words both front doors print: the CLI presenters and the TUI's notices.

/** After `request`: the step asks for its approvals again. */
export function requestedWords(step: string): string {
  return `${step}: approval requested`;
}

/** After `drill.judge`; a judgment after the end says the recomputed score. */
export function judgedWords(expectation: string, met: boolean, actor: string, rescored: { score: number } | null): string {
  return `${expectation}: judged ${met ? 'met' : 'missed'} by ${actor}${rescored ? `; score now ${rescored.score}/100` : ''}`;
}

/** After `drill.debrief`. */
export function debriefWords(id: string): string {
  return `debrief note added to ${id}`;
}

/** How much of the scenario was played (`played 12m of 54m (22%)`). */
export function playedWords(elapsedMs: number, scenarioMs: number): string {
  const played = Math.min(elapsedMs, scenarioMs);
  return `played ${formatShortDuration(played)} of ${formatShortDuration(scenarioMs)} (${scenarioMs > 0 ? Math.round((100 * played) / scenarioMs) : 100}%)`;
}

/** After `drill.end`: when it ended and its score over how much of the scenario, what was missed or not reached, where the report is. */
export function endedWords(id: string, ended: { early: boolean; elapsedMs: number; scenarioMs: number; score: { score: number; results: readonly { id: string; outcome: string }[] } }): string[] {
  const missed = ended.score.results.filter((x) => x.outcome === 'missed').map((x) => x.id);
  const notReached = ended.score.results.filter((x) => x.outcome === 'not_reached').map((x) => x.id);
  return [
    `${id} ended${ended.early ? ' early' : ''} at T+${formatShortDuration(ended.elapsedMs)}: score ${ended.score.score}/100, ${playedWords(ended.elapsedMs, ended.scenarioMs)}`,
    missed.length ? `missed: ${missed.join(', ')}` : 'nothing missed',
    ...(notReached.length ? [`not reached (not due before the end): ${notReached.join(', ')}`] : []),
    `report: aiops drill report ${id}`,
  ];
}

/** T+ of a drill-time stamp (`T+4m10s`). */
export function drillElapsedText(openedAt: string, ts: string): string {
  return `T+${formatShortDuration(Math.max(0, Date.parse(ts) - Date.parse(openedAt)))}`;
}
