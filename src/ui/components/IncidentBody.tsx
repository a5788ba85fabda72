import { Box } from 'ink';
import type { IncidentState, StepState } from '../../core/incident-state.js';
import type { RosterFile } from '../../core/schemas/roster.js';
import type { TimelineView } from '../hooks/use-timeline.js';
import type { Pane } from '../key-bindings.js';
import type { ScreenLayout } from '../layout.js';
import type { LocalRun, StepTag } from '../step-view.js';
import RolesPanel from './RolesPanel.js';
import StepDetail from './StepDetail.js';
import StepList from './StepList.js';
import Timeline from './Timeline.js';

export interface IncidentBodyProps {
  layout: ScreenLayout;
  pane: Pane;
  state: IncidentState;
  now: Date;
  tags: StepTag[];
  stepIndex: number;
  step: StepState | undefined;
  argv: string[] | undefined;
  message: string | undefined;
  undoHook: string | null;
  local: LocalRun | null;
  runAlive: boolean;
  spinner: string;
  expanded: boolean;
  roles: string[];
  roster: RosterFile;
  roleSel: number;
  timeline: TimelineView;
}

/** The panes under the tab bar: steps (list, detail, roles on wide terminals), roles, and the timeline. */
export default function IncidentBody(p: IncidentBodyProps) {
  const { layout: l, pane, state, step } = p;
  return (
    <>
      {pane === 'steps' && step ? (
        <Box flexDirection={l.narrow ? 'column' : 'row'} width={l.width} height={l.bodyH} flexShrink={0}>
          <StepList state={state} tags={p.tags} now={p.now} selected={p.stepIndex} width={l.listW} height={l.listH} focused />
          {l.narrow ? null : <Box width={1} />}
          <StepDetail
            state={state}
            step={step}
            tag={p.tags[p.stepIndex]!}
            now={p.now}
            argv={p.argv}
            message={p.message}
            undoHook={p.undoHook}
            local={p.local}
            runAlive={p.runAlive}
            spinner={p.spinner}
            width={l.detailW}
            height={l.detailH}
            expanded={p.expanded}
          />
          {l.rolesW ? (
            <>
              <Box width={1} />
              <RolesPanel state={state} roles={p.roles} roster={p.roster} selected={p.roleSel} width={l.rolesW} height={l.bodyH} focused={false} />
            </>
          ) : null}
        </Box>
      ) : null}
      {pane === 'roles' ? <RolesPanel state={state} roles={p.roles} roster={p.roster} selected={p.roleSel} width={l.width} height={l.bodyH} focused /> : null}
      {l.timelineH > 0 ? (
        <Timeline rows={p.timeline.rows} total={state.events} following={p.timeline.following} moreAbove={p.timeline.moreAbove} width={l.width} height={l.timelineH} focused={pane === 'timeline'} />
      ) : null}
    </>
  );
}
