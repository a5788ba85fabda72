import { useEffect, useMemo, useRef, useState } from 'react';
import { describeEvent, type TimelineRow } from '../describe-event.js';
import type { LiveHandle } from './use-live-incident.js';

export interface TimelineView {
  rows: TimelineRow[];
  following: boolean;
  moreAbove: boolean;
  scroll(by: 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'top' | 'bottom'): void;
}

type Loaded = LiveHandle & { live: NonNullable<LiveHandle['live']>; state: NonNullable<LiveHandle['state']> };

/**
 * A window of `height` timeline rows, newest at the bottom. Only the visible rows are read and
 * formatted, whatever the length of the incident; `anchor` is the seq of the bottom row.
 */
export function useTimeline(handle: Loaded, height: number): TimelineView {
  const [anchor, setAnchor] = useState<number | 'latest'>('latest');
  const { live, reloadWindow } = handle;
  const lastSeq = handle.state.lastSeq;
  const count = Math.max(1, height);
  handle.windowRequest.current = { upto: anchor, count };

  const moved = useRef(false);
  useEffect(() => {
    // The first window came with the state; later moves and resizes read their own.
    if (!moved.current) {
      moved.current = true;
      return;
    }
    void reloadWindow().catch(() => undefined);
  }, [anchor, count, reloadWindow]);

  const rows = useMemo(() => {
    const upto = anchor === 'latest' ? lastSeq : anchor;
    return handle.windowRows.filter((e) => e.seq <= upto).slice(-count).map(describeEvent);
  }, [handle.windowRows, anchor, count, lastSeq]);
  const moreAbove = rows.length > 0 && rows[0]!.seq > live.firstSeq;

  const settleAfter = (after: number, n: number) =>
    void handle.readAfter(after, n).then((events) => {
      const last = events.at(-1);
      setAnchor(!last || last.seq >= lastSeq ? 'latest' : last.seq);
    }, () => undefined);

  const scroll: TimelineView['scroll'] = (by) => {
    const bottom = rows.at(-1)?.seq ?? lastSeq;
    switch (by) {
      case 'line-up':
        if (moreAbove && rows.length >= 2) setAnchor(rows.at(-2)!.seq);
        else if (moreAbove) setAnchor(rows[0]!.seq - 1);
        return;
      case 'page-up':
        if (moreAbove) setAnchor(rows[0]!.seq - 1);
        return;
      case 'line-down':
      case 'page-down':
        if (anchor !== 'latest') settleAfter(bottom, by === 'line-down' ? 1 : count);
        return;
      case 'top':
        settleAfter(live.firstSeq - 1, count);
        return;
      case 'bottom':
        setAnchor('latest');
        return;
    }
  };

  return { rows, following: anchor === 'latest', moreAbove, scroll };
}
