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

/** After `drill.end`: when it ended and its score, what was missed, where the report is. */
export function endedWords(id: string, ended: { early: boolean; elapsedMs: number; score: { score: number; results: readonly { id: string; outcome: string }[] } }): string[] {
  const missed = ended.score.results.filter((x) => x.outcome === 'missed').map((x) => x.id);
  return [
    `${id} ended${ended.early ? ' early' : ''} at T+${formatShortDuration(ended.elapsedMs)}: score ${ended.score.score}/100`,
    missed.length ? `missed: ${missed.join(', ')}` : 'nothing missed',
    `report: aiops drill report ${id}`,
  ];
}
