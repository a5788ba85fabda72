import Text from './Text.js';
import type { Session } from '../../app/session.js';
import type { IncidentStatus } from '../../core/events.js';
import { useEarlyKeys } from '../hooks/use-keys.js';
import { readLiveIncident, useLiveIncident } from '../hooks/use-live-incident.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import type { DrillCountdown } from './DrillBanner.js';
import IncidentScreen from './IncidentScreen.js';

export { leftLine } from './IncidentScreen.js';

/** What `aiops drill` plugs in: the countdown to the next inject, and a tick that delivers due injects. */
export interface DrillControls extends DrillCountdown {
  /** Called on every clock tick; delivers injects that are due (their events reach the screen by polling). */
  tick?(): void | Promise<void>;
}

export interface IncidentAppProps {
  session: Session;
  incidentId: string;
  /** Where note attachment paths are resolved from. */
  cwd: string;
  /** How this aiops is run, for "resume with" (default `aiops`). */
  command?: string;
  /** A fixed size (tests); otherwise the terminal's, following resizes. */
  size?: TerminalSize;
  noColor?: boolean;
  /** How often the log is checked for other writers' events. */
  pollMs?: number;
  /** How often countdowns and elapsed time move. */
  tickMs?: number;
  drill?: DrillControls;
  /** Called once when the user confirmed leaving. */
  onLeave?(status: IncidentStatus): void;
  /** Called when the user stopped a running hook with a second Ctrl-C (the screen then leaves). */
  onInterrupted?(): void;
  /** The incident already read (runTui): the first frame shows it, with no loading step. */
  initial?: Awaited<ReturnType<typeof readLiveIncident>>;
}

/** The incident screen: a view over src/app; every key calls the same functions the CLI calls. */
export default function IncidentApp(props: IncidentAppProps) {
  const handle = useLiveIncident(props.session, props.incidentId, props.pollMs ?? 500, props.initial);
  const earlyKeys = useEarlyKeys(!handle.live);
  if (handle.loadError) return <Text>{`cannot read ${props.incidentId}: ${handle.loadError}`}</Text>;
  if (!handle.live || !handle.state) return <Text>{`reading ${props.incidentId}…`}</Text>;
  return <IncidentScreen {...props} handle={{ ...handle, live: handle.live, state: handle.state }} earlyKeys={earlyKeys} />;
}
