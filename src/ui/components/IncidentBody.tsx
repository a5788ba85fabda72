import { Box } from 'ink';
import type { StepState } from '../../core/incident-state.js';
import type { RosterFile } from '../../core/schemas/roster.js';
import type { TimelineView } from '../hooks/use-timeline.js';
import type { Pane } from '../key-bindings.js';
import type { ScreenLayout } from '../layout.js';
import type { StepTag } from '../step-view.js';
import RolesPanel from './RolesPanel.js';
import StepDetail, { type StepDetailProps } from './StepDetail.js';
import StepList from './StepList.js';
import Timeline from './Timeline.js';

/** What the selected step's detail shows, passed through as StepDetail takes it. */
type DetailProps = Pick<StepDetailProps, 'state' | 'now' | 'argv' | 'message' | 'undoHook' | 'local' | 'runAlive' | 'spinner' | 'expanded' | 'keys'>;

export interface IncidentBodyProps extends DetailProps {
  layout: ScreenLayout;
  pane: Pane;
  tags: StepTag[];
  stepIndex: number;
  step: StepState | undefined;
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
          <StepDetail {...detailOf(p)} step={step} tag={p.tags[p.stepIndex]!} width={l.detailW} height={l.detailH} />
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

function detailOf(p: IncidentBodyProps): DetailProps {
  const { state, now, argv, message, undoHook, local, runAlive, spinner, expanded, keys } = p;
  return { state, now, argv, message, undoHook, local, runAlive, spinner, expanded, keys };
}
