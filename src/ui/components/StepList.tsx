import { Box } from 'ink';
import Text from './Text.js';
import { isHookStepId } from '../../core/hook-step.js';
import type { IncidentState } from '../../core/incident-state.js';
import { type StepTag, TAG_LABEL, TAG_TONE, dueText, shortRole } from '../step-view.js';
import { useTheme } from '../theme.js';
import Clip from './Clip.js';

interface Props {
  state: IncidentState;
  tags: StepTag[];
  now: Date;
  selected: number;
  width: number;
  height: number;
  focused: boolean;
}

/** The playbook's steps, one line each: state, id, owner role, due countdown. */
export default function StepList({ state, tags, now, selected, width, height, focused }: Props) {
  const theme = useTheme();
  const rows = Math.max(1, height - 1);
  const total = state.steps.length;
  const start = Math.min(Math.max(0, selected - Math.floor(rows / 2)), Math.max(0, total - rows));
  const visible = state.steps.slice(start, start + rows);
  const idWidth = Math.max(4, width - 2 - 6 - 6 - 5);
  return (
    <Clip width={width} height={height}>
      <Text bold wrap="truncate-end">{`Steps ${progress(state)}${start > 0 ? ' ↑' : ''}${start + rows < total ? ' ↓' : ''}`}</Text>
      {visible.map((st, i) => {
        const index = start + i;
        const tag = tags[index]!;
        const isSel = index === selected;
        const urgent = tag === 'fail' || tag === 'unknown' || tag === 'late' || tag === 'denied';
        const due = dueText(st, now);
        return (
          <Box key={st.id} width={width}>
            <Text bold={isSel}>{isSel ? (focused ? '› ' : '> ') : '  '}</Text>
            <Text color={theme.color(TAG_TONE[tag])} inverse={urgent} bold={urgent || tag === 'now'}>
              {TAG_LABEL[tag].padEnd(5)}
            </Text>
            <Text> </Text>
            <Box width={idWidth}>
              <Text bold={isSel} inverse={isSel && focused} wrap="truncate-end">{st.id}</Text>
            </Box>
            <Text color={theme.color('muted')}>{` ${shortRole(st.owner).padEnd(5)}`}</Text>
            <Text color={due.startsWith('-') ? theme.color('bad') : undefined}>{due.padStart(5)}</Text>
          </Box>
        );
      })}
    </Clip>
  );
}

/** The playbook's steps done or skipped of all of them: hook runs on their own (hook:NAME, undos) are listed, not counted. */
function progress(state: IncidentState): string {
  const steps = state.steps.filter((s) => !isHookStepId(s.id));
  return `${steps.filter((s) => s.status === 'done' || s.status === 'skipped').length}/${steps.length}`;
}
