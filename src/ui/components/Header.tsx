import { Box } from 'ink';
import Text from './Text.js';
import type { IncidentState } from '../../core/incident-state.js';
import { rolesOf } from '../../core/authority.js';
import { elapsedMs } from '../../app/incident-view.js';
import { fitParts, gapBefore, textWidth, truncate } from '../fit-line.js';
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

/**
 * Two lines (three in a drill): who/what/how bad/how long, then the title and who you are acting as.
 * Each is exactly one terminal line at any width: long text is cut with …, and less important
 * parts are dropped first, so the tab bar below never moves.
 */
export default function Header({ state, now, actor, width, drill }: Props) {
  const theme = useTheme();
  const closed = state.status === 'closed';
  const parts = fitParts(
    [
      { id: 'id', text: state.id, priority: 5 },
      { id: 'sev', text: ` ${state.severity} `, priority: 4, gap: 1 },
      { id: 'status', text: state.status.toUpperCase(), priority: 3, gap: 1 },
      { id: 'elapsed', text: formatElapsed(elapsedMs(state, now)), priority: 1 },
      ...(state.alert?.count ? [{ id: 'alert', text: alertBadge(state.alert), priority: 2, gap: 1 }] : []),
      { id: 'playbook', text: `${state.playbook.id}@${state.playbook.version}`, priority: 0, minWidth: 8 },
    ],
    width,
  );
  const style = (id: string) =>
    id === 'id'
      ? { bold: true }
      : id === 'sev'
        ? { inverse: true, bold: true, color: theme.severity(state.severity) }
        : id === 'status'
          ? { bold: true, color: closed ? theme.color('muted') : state.status === 'open' ? theme.color('bad') : theme.color('good') }
          : id === 'playbook'
            ? { color: theme.color('muted') }
            : {};
  const held = rolesOf(state, actor);
  const who = identityLine(`${state.title} · ${state.service}`, state.title, state.service, actor, held, width);
  const gap = Math.max(0, width - textWidth(who.left) - textWidth(who.right));
  return (
    <Box flexDirection="column" width={width}>
      {state.drill ? <DrillBanner scenario={state.drill.scenario} now={now} width={width} countdown={drill} paused={(state.drill.pauses ?? []).some((p) => p.to === null)} ended={state.drillEnded} /> : null}
      <Box width={width} height={1} overflow="hidden">
        <Text wrap="truncate-end">
          {parts.map((p, i) => (
            <Text key={p.id}>
              {gapBefore(parts, i)}
              <Text {...style(p.id)}>{p.text}</Text>
            </Text>
          ))}
        </Text>
      </Box>
      <Box width={width} height={1} overflow="hidden">
        <Text wrap="truncate-end">
          {who.left}
          {' '.repeat(gap)}
          <Text color={held.length ? undefined : theme.color('warn')}>{who.right}</Text>
        </Text>
      </Box>
    </Box>
  );
}

/** What the alert source says now: resolved (its word), or how many of the group fire, and how often it was sent. */
export function alertBadge(a: NonNullable<IncidentState['alert']>): string {
  const sent = a.count > 1 ? ` ×${a.count}` : '';
  return a.resolvedAt ? `alert resolved${sent}` : `${a.firing}/${a.alerts.length} firing${sent}`;
}

/** The title line: "title · service" on the left, "you: actor (roles)" on the right, in `width` columns. */
export function identityLine(full: string, title: string, service: string, actor: string, held: string[], width: number): { left: string; right: string } {
  const roles = held.length ? `(${held.join(', ')})` : '(no role)';
  const candidates = [`you: ${actor} ${roles}`, `${actor} ${roles}`, actor];
  const wanted = Math.min(textWidth(full), 16);
  const right = candidates.find((c) => width - textWidth(c) - 1 >= wanted) ?? truncate(actor, Math.max(1, width - wanted - 1));
  const room = Math.max(0, width - textWidth(right) - 1);
  if (textWidth(full) <= room) return { left: full, right };
  // Keep the service whole while the title can still say something; then cut both; then the line.
  const tail = ` · ${service}`;
  const titleRoom = room - textWidth(tail);
  if (titleRoom >= 12) return { left: `${truncate(title, titleRoom)}${tail}`, right };
  const half = Math.ceil((room - 3) / 2);
  if (half >= 6) return { left: `${truncate(title, half)} · ${truncate(service, room - 3 - half)}`, right };
  return { left: truncate(full, room), right };
}
