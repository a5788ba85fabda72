import { Box } from 'ink';
import Text from './Text.js';
import type { IncidentState } from '../../core/incident-state.js';
import type { RosterFile } from '../../core/schemas/roster.js';
import { fitParts, gapBefore, type LinePart, textWidth, truncate } from '../fit-line.js';
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

/** Columns before the role name (the selection mark) and between it and its holder. */
const MARK = 2;
const GAP = 2;

/** How wide the role column is: its longest name, but never more than about a third of the panel (longer names end in …). */
export function roleColumnWidth(roles: readonly string[], width: number): number {
  const longest = Math.max(4, ...roles.map((r) => textWidth(r)));
  return Math.min(longest, Math.max(10, Math.floor((width - MARK - GAP) * 0.35)));
}

/**
 * Who holds each role, how to reach them, and who backs them up; unassigned roles stand out.
 * Every row is laid out to the panel's width before Ink sees it, so nothing wraps or runs together.
 */
export default function RolesPanel({ state, roles, roster, selected, width, height, focused }: Props) {
  const theme = useTheme();
  const roleW = roleColumnWidth(roles, width);
  const restW = Math.max(0, width - MARK - roleW - GAP);
  const indent = ' '.repeat(Math.min(width, MARK + roleW + GAP));
  const handoffs = state.roleHistory.filter((r) => r.handoff);
  return (
    <Clip width={width} height={height}>
      <Text bold wrap="truncate-end">{truncate(`Roles${focused ? '  (Enter assign · h hand off)' : ''}`, width)}</Text>
      {roles.map((role, i) => {
        const h = state.roles[role];
        const person = h ? personIn(roster.people, h.person) : undefined;
        const backups = (roster.oncall?.[role] ?? []).filter((p) => p !== h?.person);
        const sel = focused && i === selected;
        const cell = truncate(role, roleW);
        const holder = h ? holderParts(h.person, person, `since ${clockTime(h.since)}`, restW) : [];
        return (
          <Box key={role} flexDirection="column" width={width} flexShrink={0}>
            <Box width={width} flexShrink={0}>
              <Text bold={sel} inverse={sel} wrap="truncate-end">{`${sel ? '›' : ' '} ${cell}${' '.repeat(roleW - textWidth(cell))}`.slice(0, width)}</Text>
              {restW > 0 ? (
                <Box width={GAP + restW} flexShrink={0}>
                  <Text>{' '.repeat(GAP)}</Text>
                  {h ? <HolderLine parts={holder} muted={theme.color('muted')} /> : <Text inverse bold color={theme.color('bad')}>{truncate('UNASSIGNED', restW)}</Text>}
                </Box>
              ) : null}
            </Box>
            <Text color={theme.color('muted')} wrap="truncate-end">{`${indent}${truncate(`backups: ${backups.length ? backups.join(', ') : 'none in roster'}`, restW)}`}</Text>
          </Box>
        );
      })}
      {handoffs.length ? (
        <Text color={theme.color('muted')} wrap="truncate-end">{truncate(`handoffs: ${handoffs.map((r) => `${r.role}→${r.person} ${clockTime(r.from)}`).join(', ')}`, width)}</Text>
      ) : null}
    </Clip>
  );
}

/**
 * The holder's line within `width`: the since-time goes first, then the name is cut or dropped,
 * and the contact (how to reach them) is the last thing cut after the person's id.
 */
function holderParts(id: string, person: { name?: string; contact?: string } | undefined, since: string, width: number): LinePart[] {
  const parts: LinePart[] = [
    { id: 'person', text: id, priority: 5, minWidth: 6 },
    { id: 'name', text: person?.name ?? '', priority: 3, minWidth: 8, gap: 1 },
    { id: 'contact', text: person?.contact ?? '(not in roster)', priority: 4, minWidth: 12 },
    { id: 'since', text: since, priority: 1 },
  ];
  const all = fitParts(parts, Number.MAX_SAFE_INTEGER);
  const full = all.reduce((n, p, i) => n + textWidth(p.text) + gapBefore(all, i).length, 0);
  return fitParts(full <= width ? parts : parts.filter((p) => p.id !== 'since'), width);
}

function HolderLine({ parts, muted }: { parts: LinePart[]; muted: string | undefined }) {
  return (
    <Text wrap="truncate-end">
      {parts.map((p, i) => (
        <Text key={p.id} bold={p.id === 'person'} color={p.id === 'contact' || p.id === 'since' ? muted : undefined}>{`${gapBefore(parts, i)}${p.text}`}</Text>
      ))}
    </Text>
  );
}
