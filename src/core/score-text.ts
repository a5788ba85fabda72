/** A drill's score as every page shows it: `85/100`, or `unknown` when its end cannot be read (never NaN or null). */
export function scoreText(score: number | null): string {
  return score === null ? 'unknown' : `${score}/100`;
}
