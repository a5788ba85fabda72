import type { TerminalSize } from './hooks/use-terminal-size.js';
import type { Pane } from './key-bindings.js';

/** Where everything goes on a screen of this size. */
export interface ScreenLayout {
  width: number;
  height: number;
  /** Rows between the tab bar and the footer. */
  bodyH: number;
  /** Rows of the timeline strip under the steps (0: none), or the whole body on the timeline pane. */
  stripH: number;
  timelineH: number;
  narrow: boolean;
  listW: number;
  listH: number;
  detailW: number;
  detailH: number;
  /** The roles panel beside the steps on wide terminals (0: not shown). */
  rolesW: number;
}

/** Sizes for header, body, timeline strip and footer; a narrow terminal stacks the list over the detail. */
export function screenLayout(size: TerminalSize, pane: Pane, drill: boolean, stepCount: number): ScreenLayout {
  const width = size.columns;
  const height = Math.max(8, size.rows - 1);
  const headerH = drill ? 3 : 2;
  const avail = Math.max(3, height - headerH - 1 - 2);
  const stripH = pane === 'timeline' || avail < 12 ? 0 : Math.min(5, Math.floor(avail / 3));
  const bodyH = avail - stripH;
  const narrow = width < 64;
  const listW = narrow ? width : Math.min(36, Math.floor(width * 0.42));
  const rolesW = width >= 120 && pane === 'steps' ? 40 : 0;
  const listH = narrow ? Math.min(stepCount + 1, Math.max(3, Math.floor(bodyH / 2))) : bodyH;
  return {
    width,
    height,
    bodyH,
    stripH,
    timelineH: pane === 'timeline' ? bodyH : stripH,
    narrow,
    listW,
    listH,
    detailW: narrow ? width : width - listW - 1 - (rolesW ? rolesW + 1 : 0),
    detailH: narrow ? bodyH - listH : bodyH,
    rolesW,
  };
}
