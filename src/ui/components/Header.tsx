import { Box, Text } from 'ink';
import type { IncidentState } from '../../core/incident-state.js';
import { rolesOf } from '../../core/authority.js';
import { formatElapsed } from '../format-time.js';
import { useTheme } from '../theme.js';
import DrillBanner, { type DrillCountdown } from './DrillBanner.js';

interface Props {
  state: IncidentState;
  now: Date;
  actor: string;
  width: number;
  drill?: DrillCountdown;
}

/** Two lines (three in a drill): who/what/how bad/how long, then the title and who you are acting as. */
export default function Header({ state, now, actor, width, drill }: Props) {
  const theme = useTheme();
  const elapsed = formatElapsed(now.getTime() - Date.parse(state.openedAt));
  const held = rolesOf(state, actor);
  const closed = state.status === 'closed';
  return (
    <Box flexDirection="column" width={width}>
      {state.drill ? <DrillBanner scenario={state.drill.scenario} now={now} width={width} countdown={drill} /> : null}
      <Box width={width}>
        <Text bold wrap="truncate-end">{state.id}</Text>
        <Text> </Text>
        <Text inverse bold color={theme.severity(state.severity)}>{` ${state.severity} `}</Text>
        <Text> </Text>
        <Text bold color={closed ? theme.color('muted') : state.status === 'open' ? theme.color('bad') : theme.color('good')}>{state.status.toUpperCase()}</Text>
        <Text>{`  ${elapsed}  `}</Text>
        <Box flexGrow={1} flexShrink={1}>
          <Text wrap="truncate-end" color={theme.color('muted')}>{`${state.playbook.id}@${state.playbook.version}`}</Text>
        </Box>
      </Box>
      <Box width={width}>
        <Box flexGrow={1} flexShrink={1}>
          <Text wrap="truncate-end">{`${state.title} · ${state.service}`}</Text>
        </Box>
        <Text color={held.length ? undefined : theme.color('warn')}>{` you: ${actor}${held.length ? ` (${held.join(', ')})` : ' (no role)'}`}</Text>
      </Box>
    </Box>
  );
}
