import type { ExportDocument } from './export-document.js';

type KeyEvent = ExportDocument['postmortem']['keyEvents'][number];

/**
 * The most key events a postmortem lists. The list is the condensed story a reader takes in on
 * the first screens; a 10,000-event incident had 6,000 of them (a 900 KB table ahead of the
 * audit timeline, which has every event anyway).
 */
export const KEY_EVENTS_SHOWN = 100;

/** What a shortened key-events list says under it. */
export function keyEventsOmittedText(omitted: number): string {
  return `${omitted} more key event${omitted === 1 ? ' is' : 's are'} not listed here: the most telling were kept; the full audit timeline has every event.`;
}

/**
 * How telling a key event is, 0 first: the opening, severity and status changes, decisions,
 * overrides and denials; then failed hook runs and role changes; then steps done and hook runs
 * that succeeded.
 */
export type KeyTier = 0 | 1 | 2;

/** The first `size` items added and the last `size`, whatever the count: memory stays bounded. */
class Ends<T> {
  readonly first: T[] = [];
  private readonly last: T[] = [];
  private next = 0;
  count = 0;

  constructor(private readonly size: number) {}

  add(item: T): void {
    this.count += 1;
    if (this.first.length < this.size) {
      this.first.push(item);
      return;
    }
    if (this.last.length < this.size) this.last.push(item);
    else this.last[this.next] = item;
    this.next = (this.next + 1) % this.size;
  }

  /**
   * `n` of the items (all when n ≥ count): half from the start, half from the end. The items kept
   * are the first `size` and the last `size`, so for n ≤ size both halves are among them.
   */
  pick(n: number): T[] {
    const kept = [...this.first, ...this.inOrderLast()];
    if (n >= this.count) return kept;
    if (n <= 0) return [];
    const fromEnd = Math.floor(n / 2);
    return [...kept.slice(0, n - fromEnd), ...kept.slice(kept.length - fromEnd)];
  }

  private inOrderLast(): T[] {
    if (this.last.length < this.size) return this.last;
    return [...this.last.slice(this.next), ...this.last.slice(0, this.next)];
  }
}

/**
 * Key events as they come (seq order), at most KEY_EVENTS_SHOWN kept: every one while there are
 * few; past that the most telling tiers first, and within a tier that does not fit whole its
 * first and last events (how it began and how it ended).
 */
export class KeyEvents {
  private readonly tiers = [new Ends<KeyEvent>(KEY_EVENTS_SHOWN), new Ends<KeyEvent>(KEY_EVENTS_SHOWN), new Ends<KeyEvent>(KEY_EVENTS_SHOWN)];

  add(tier: KeyTier, event: KeyEvent): void {
    this.tiers[tier]!.add(event);
  }

  /** The kept events in seq order, and how many were left out. */
  result(): { keyEvents: KeyEvent[]; omitted: number } {
    let room = KEY_EVENTS_SHOWN;
    const kept: KeyEvent[] = [];
    let total = 0;
    for (const tier of this.tiers) {
      total += tier.count;
      const picked = tier.pick(room);
      room -= picked.length;
      for (const k of picked) kept.push(k);
    }
    kept.sort((a, b) => a.seq - b.seq);
    return { keyEvents: kept, omitted: total - kept.length };
  }
}
