const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One character per value, scaled to the largest; zero is the lowest tick. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return TICKS[0]!.repeat(values.length);
  return values.map((v) => TICKS[Math.min(7, Math.round((Math.max(0, v) / max) * 7))]!).join('');
}

/** A horizontal bar `width` cells long at most, scaled to `max`; a non-zero value shows at least one cell. */
export function bar(value: number, max: number, width = 20): string {
  if (value <= 0 || max <= 0) return '';
  return '█'.repeat(Math.max(1, Math.round((value / max) * width)));
}
