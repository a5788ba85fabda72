import { useMemo, useState } from 'react';
import type { LiveIncident } from '../../app/live-incident.js';
import { readIncidentAfter, readIncidentWindow } from '../../app/live-incident.js';
import type { EvidenceStore } from '../../store/index.js';
import { describeEvent, type TimelineRow } from '../describe-event.js';

export interface TimelineView {
  rows: TimelineRow[];
  following: boolean;
  moreAbove: boolean;
  scroll(by: 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'top' | 'bottom'): void;
}

type Reader = Pick<EvidenceStore, 'readIncident' | 'readSince' | 'lastSeq'>;

/**
 * A window of `height` timeline rows, newest at the bottom. Only the visible rows are read and
 * formatted, whatever the length of the incident; `anchor` is the seq of the bottom row.
 */
export function useTimeline(store: Reader, live: LiveIncident, version: number, height: number): TimelineView {
  const [anchor, setAnchor] = useState<number | 'latest'>('latest');
  const lastSeq = live.state.lastSeq;
  const rows = useMemo(() => {
    const upto = anchor === 'latest' ? lastSeq : anchor;
    return readIncidentWindow(store, live, upto, Math.max(1, height)).map(describeEvent);
    // version: new events were folded into `live` in place.
  }, [store, live, anchor, height, lastSeq, version]);
  const moreAbove = rows.length > 0 && rows[0]!.seq > live.firstSeq;

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
      case 'page-down': {
        if (anchor === 'latest') return;
        const next = readIncidentAfter(store, live, bottom, by === 'line-down' ? 1 : Math.max(1, height));
        const last = next.at(-1);
        setAnchor(!last || last.seq >= lastSeq ? 'latest' : last.seq);
        return;
      }
      case 'top': {
        const first = readIncidentAfter(store, live, live.firstSeq - 1, Math.max(1, height)).at(-1);
        setAnchor(!first || first.seq >= lastSeq ? 'latest' : first.seq);
        return;
      }
      case 'bottom':
        setAnchor('latest');
        return;
    }
  };

  return { rows, following: anchor === 'latest', moreAbove, scroll };
}
