/** A quiet stretch at least this long, and at least this share of the whole span, is drawn as a break. */
const BREAK_MIN_MS = 30 * 60_000;
const BREAK_MIN_SHARE = 0.2;
/** How much of the axis one break takes, relative to the rest. */
const BREAK_WIDTH = 0.04;

export interface TimeScale {
  /** Position of an instant on the axis, 0 … 1. */
  at(ms: number): number;
  /** The quiet stretches drawn compressed: where they sit on the axis and how long they were. */
  breaks: { from: number; to: number; gapMs: number }[];
  /** The instant at an axis position, or null inside a break. */
  instantAt(pos: number): number | null;
}

interface Segment {
  t0: number;
  t1: number;
  v0: number;
  v1: number;
  isBreak: boolean;
}

/**
 * A time axis that stays linear except across long quiet stretches (an incident closed a day
 * after it was resolved), which are compressed so the busy minutes stay readable.
 */
export function timeScale(times: readonly number[]): TimeScale {
  const sorted = distinctSorted(times);
  const first = sorted[0] ?? 0;
  const last = sorted[sorted.length - 1] ?? first;
  const span = last - first;
  if (span <= 0) return { at: () => 0, breaks: [], instantAt: () => first };
  const isBreak = (gap: number) => gap >= BREAK_MIN_MS && gap >= BREAK_MIN_SHARE * span;
  let linear = 0;
  let breakCount = 0;
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i]! - sorted[i - 1]!;
    if (isBreak(gap)) breakCount += 1;
    else linear += gap;
  }
  const breakUnits = linear > 0 ? (linear * BREAK_WIDTH) / Math.max(0.2, 1 - BREAK_WIDTH * breakCount) : 1;
  const segments: Segment[] = [];
  let v = 0;
  for (let i = 1; i < sorted.length; i++) {
    const t0 = sorted[i - 1]!;
    const t1 = sorted[i]!;
    const brk = isBreak(t1 - t0);
    const len = brk ? breakUnits : t1 - t0;
    segments.push({ t0, t1, v0: v, v1: v + len, isBreak: brk });
    v += len;
  }
  const total = v;
  const at = (ms: number) => {
    if (ms <= first) return 0;
    if (ms >= last) return 1;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid]!.t1 < ms) lo = mid + 1;
      else hi = mid;
    }
    const s = segments[lo]!;
    const f = s.t1 === s.t0 ? 0 : (ms - s.t0) / (s.t1 - s.t0);
    return (s.v0 + f * (s.v1 - s.v0)) / total;
  };
  const breaks = segments.filter((s) => s.isBreak).map((s) => ({ from: s.v0 / total, to: s.v1 / total, gapMs: s.t1 - s.t0 }));
  const instantAt = (pos: number) => {
    if (pos <= 0) return first;
    if (pos >= 1) return last;
    const target = pos * total;
    const s = segments.find((x) => target >= x.v0 && target <= x.v1);
    if (!s) return pos <= 0 ? first : last;
    if (s.isBreak) return null;
    return s.v1 === s.v0 ? s.t0 : s.t0 + ((target - s.v0) / (s.v1 - s.v0)) * (s.t1 - s.t0);
  };
  return { at, breaks, instantAt };
}

/** The distinct instants in ascending order, unparseable ones left out (a typed-array sort: numeric, no comparator calls). */
function distinctSorted(times: readonly number[]): number[] {
  const all = Float64Array.from(times).sort();
  const out: number[] = [];
  for (const t of all) if (Number.isFinite(t) && t !== out[out.length - 1]) out.push(t);
  return out;
}
