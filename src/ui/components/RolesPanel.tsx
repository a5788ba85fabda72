import { Box } from 'ink';
import Text from './Text.js';
import type { IncidentState } from '../../core/incident-state.js';
import type { RosterFile } from '../../core/schemas/roster.js';
import { clockTime } from '../format-time.js';
import { useTheme } from '../theme.js';
import Clip from './Clip.js';
import { personIn } from '../../core/roster-person.js';

interface Props {
  state: IncidentState;
  roles: string[];
  roster: RosterFile;
  selected: number;
  width: number;
  height: number;
  focused: boolean;
}

/** Who holds each role, how to reach them, and who backs them up; unassigned roles stand out. */
export default function RolesPanel({ state, roles, roster, selected, width, height, focused }: Props) {
  const theme = useTheme();
  const roleWidth = Math.min(14, Math.max(...roles.map((r) => r.length)) + 1);
  return (
    <Clip width={width} height={height}>
      <Text bold>{`Roles${focused ? '  (Enter assign · h hand off)' : ''}`}</Text>
      {roles.map((role, i) => {
        const h = state.roles[role];
        const person = h ? personIn(roster.people, h.person) : undefined;
        const backups = (roster.oncall?.[role] ?? []).filter((p) => p !== h?.person);
        const sel = focused && i === selected;
        return (
          <Box key={role} flexDirection="column" width={width}>
            <Box width={width}>
              <Text bold={sel} inverse={sel}>{`${sel ? '›' : ' '} ${role.padEnd(roleWidth)}`}</Text>
              {h ? (
                <Text wrap="truncate-end">
                  <Text bold>{h.person}</Text>
                  <Text>{person?.name ? ` ${person.name}` : ''}</Text>
                  <Text color={theme.color('muted')}>{` ${person?.contact ?? '(not in roster)'} · since ${clockTime(h.since)}`}</Text>
                </Text>
              ) : (
                <Text inverse bold color={theme.color('bad')}> UNASSIGNED </Text>
              )}
            </Box>
            <Text color={theme.color('muted')} wrap="truncate-end">{`  ${' '.repeat(roleWidth)}backups: ${backups.length ? backups.join(', ') : 'none in roster'}`}</Text>
          </Box>
        );
      })}
      {state.roleHistory.some((r) => r.handoff) ? (
        <Text color={theme.color('muted')} wrap="truncate-end">{`handoffs: ${state.roleHistory.filter((r) => r.handoff).map((r) => `${r.role}→${r.person} ${clockTime(r.from)}`).join(', ')}`}</Text>
      ) : null}
    </Clip>
  );
}
