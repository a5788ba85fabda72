import { Box, useApp } from 'ink';
import Text from './Text.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LiveIncident } from '../../app/live-incident.js';
import { liveIncidentClock } from '../../app/incident-clock.js';
import { withCurrentApprovals } from '../../app/current-approvals.js';
import type { IncidentStatus } from '../../core/events.js';
import type { IncidentState } from '../../core/incident-state.js';
import { playbookRoles } from '../../core/validate-playbook.js';
import { useActions } from '../hooks/use-actions.js';
import { useGlobalActions } from '../hooks/use-global-actions.js';
import { useCtrlC } from '../hooks/use-ctrl-c.js';
import { useHookRuns } from '../hooks/use-hook-runs.js';
import { useIncidentTimers } from '../hooks/use-incident-timers.js';
import { KeyTargetContext } from '../hooks/use-keys.js';
import type { KeyPress } from '../key-burst.js';
import type { LiveHandle } from '../hooks/use-live-incident.js';
import { useNow } from '../hooks/use-now.js';
import { clockTime } from '../format-time.js';
import { useOverlay } from '../hooks/use-overlay.js';
import { useScreenKeys } from '../hooks/use-screen-keys.js';
import { useSelectedStep } from '../hooks/use-selected-step.js';
import { useSpinner } from '../hooks/use-spinner.js';
import { useStepActions } from '../hooks/use-step-actions.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useTimeline } from '../hooks/use-timeline.js';
import { useVerbActions } from '../hooks/use-verb-actions.js';
import { usePageActions } from '../hooks/use-page-actions.js';
import { usePostmortemActions } from '../hooks/use-postmortem-actions.js';
import { detailHint, hintLine, type KeyContext, type KeyOps, type Pane } from '../key-bindings.js';
import { previewApproval } from '../../app/approval-preview.js';
import { missingApprovals, stepMark } from '../step-view.js';
import { screenLayout } from '../layout.js';
import type { Screen } from '../screen.js';
import { FOLLOW_CURRENT, type Selection, selectStep } from '../selection.js';
import { makeTheme, ThemeContext } from '../theme.js';
import Footer from './Footer.js';
import Header from './Header.js';
import IncidentBody from './IncidentBody.js';
import type { IncidentAppProps } from './IncidentApp.js';
import { modalFor } from './ModalLayer.js';
import TabBar from './TabBar.js';

/** What stays on the terminal after leaving. */
export function leftLine(id: string, status: IncidentStatus, command = 'aiops'): string {
  return `left ${id} (${status}); resume with: ${command} incident resume ${id}`;
}

/** The incident screen once the log was read: composes the parts and routes keys through the key bindings. */
export default function IncidentScreen(props: IncidentAppProps & { handle: LiveHandle & { live: LiveIncident; state: IncidentState }; earlyKeys?: KeyPress[] }) {
  const { session, incidentId } = props;
  const { poll, pollError } = props.handle;
  const theme = useMemo(() => makeTheme(Boolean(props.noColor)), [props.noColor]);
  const { exit } = useApp();
  const size = useTerminalSize(props.size);
  // Approvals given for another command than the one that would run now show as missing, as `show` says.
  const state = useMemo(() => withCurrentApprovals(session, props.handle.state), [session, props.handle.state]);
  // The header, countdowns and timers read the incident's own clock: a drill's stands still while paused and stops at its end.
  const latestState = useRef(state);
  latestState.current = state;
  const clock = useMemo(() => liveIncidentClock(session.clock, () => latestState.current), [session.clock]);
  const now = useNow(clock, props.tickMs ?? 1000);
  const actions = useActions(poll);
  const roles = useMemo(() => playbookRoles(state.playbookContent), [state.playbookContent]);
  const [pane, setPane] = useState<Pane>('steps');
  const overlay = useOverlay();
  const [expanded, setExpanded] = useState(false);
  const [leftAs, setLeftAs] = useState<IncidentStatus | null>(null);
  const [roleSel, setRoleSel] = useState(0);
  const [selection, setSelection] = useState<Selection>(FOLLOW_CURRENT);
  const runs = useHookRuns(actions);
  const spinner = useSpinner(runs.local !== null || actions.busy !== null);
  useIncidentTimers(session, clock, incidentId, props.tickMs ?? 1000, { state, busy: actions.busy !== null, drillTick: props.drill?.tick, poll });

  const layout = screenLayout(size, pane, Boolean(state.drill), state.steps.length);
  const timeline = useTimeline(props.handle, Math.max(0, layout.timelineH - 1));
  const sel = useSelectedStep(session, state, selection, now, runs.local);
  const screen: Screen = {
    session,
    incidentId,
    state,
    step: sel.step,
    tag: sel.tag,
    hook: sel.hook,
    hookSpec: sel.hookSpec,
    argv: sel.argv,
    shown: sel.shown,
    message: sel.message,
    actions,
    overlay,
    runs,
    say: (text, tone = 'warn') => actions.say({ text, tone }),
  };
  const leave = () => {
    overlay.close();
    props.onLeave?.(state.status);
    setLeftAs(state.status);
  };
  useCtrlC({ hookRunning: runs.local !== null, busy: actions.busy !== null, say: (text) => screen.say(text), leave, onInterrupted: props.onInterrupted });
  const steps = useStepActions(screen);
  const global = useGlobalActions(screen, { cwd: props.cwd, leave, command: props.command ?? 'aiops' });
  const verbs = useVerbActions(screen, { cwd: props.cwd });
  const postmortem = usePostmortemActions(screen, { cwd: props.cwd });
  const paging = usePageActions(screen, { cwd: props.cwd });
  // A notice about a step's pending state gives way when the live view shows the step changed (another terminal approved, the hook ran).
  const about = actions.notice?.about;
  const stale = about !== undefined && stepMark(props.handle.state, about.step) !== about.mark;
  useEffect(() => {
    if (stale) actions.say(null);
  }, [stale, actions]);
  // The one-line farewell frame is committed first, so it is what stays on the terminal.
  useEffect(() => {
    if (leftAs) exit();
  }, [leftAs, exit]);

  const moveStep = (to: number) => {
    const next = state.steps[Math.max(0, Math.min(state.steps.length - 1, to))];
    if (!next) return;
    setSelection(selectStep(state, next.id));
    setExpanded(false);
  };
  const role = roles[roleSel];
  // Whether the engine would take an override now: `o` is offered only then (a dry run, nothing written).
  const overrideRefused = useMemo(() => {
    const st = sel.step;
    if (!st || st.status !== 'pending' || missingApprovals(st).length === 0) return undefined;
    const would = previewApproval(session, state, st.id, { override: true });
    return would.ok ? undefined : `${would.rule ? `REFUSED (${would.rule}): ` : ''}${would.message}`;
  }, [session, state, sel.step]);
  const ctx: KeyContext = {
    pane,
    state,
    step: sel.step,
    tag: sel.tag,
    undoHook: sel.hookSpec?.undo ?? null,
    role: role ? { name: role, held: Boolean(state.roles[role]) } : undefined,
    ...(overrideRefused ? { overrideRefused } : {}),
  };
  const ops: KeyOps = {
    say: (text, bad) => screen.say(text, bad ? 'bad' : 'warn'),
    dismiss: () => {
      setExpanded(false);
      actions.say(null);
    },
    help: () => overlay.open({ kind: 'help' }),
    inFull: () =>
      overlay.open({
        kind: 'output',
        title: 'In full: the status line, then the timeline on screen',
        lines: [actions.notice ? actions.notice.text : '(the status line is empty)', '', ...timeline.rows.map((r) => `${clockTime(r.ts)} ${r.who} ${r.text}`)],
      }),
    quit: global.quit,
    showPane: setPane,
    note: global.note,
    severity: global.severity,
    edit: global.edit,
    status: global.status,
    moveStep: (by) => moveStep(sel.stepIndex + by),
    toggleInstructions: () => setExpanded((e) => !e),
    ...steps,
    ...verbs,
    ...postmortem,
    ...paging,
    moveRole: (by) => setRoleSel((i) => Math.max(0, Math.min(roles.length - 1, i + by))),
    assign: (handoff) => global.assign(role, handoff),
    scroll: timeline.scroll,
  };
  const dialogKeys = useScreenKeys(ctx, ops, { modalOpen: overlay.overlay !== null || actions.failure !== null, paused: actions.busy !== null && runs.local === null, earlyKeys: props.earlyKeys });

  if (leftAs) return <Text>{leftLine(state.id, leftAs, props.command)}</Text>;
  const areaH = layout.bodyH + layout.stripH;
  const modal = modalFor(actions.failure, actions.dismissFailure, overlay, layout.width, areaH);
  const step = sel.step;
  return (
    <ThemeContext.Provider value={theme}>
      <KeyTargetContext.Provider value={dialogKeys}>
        <Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
          <Header state={state} now={now} actor={session.actor} width={layout.width} drill={props.drill} />
          <TabBar pane={pane} width={layout.width} closed={state.status === 'closed'} />
          {modal ? (
            <Box flexDirection="column" width={layout.width} height={areaH} flexShrink={0}>
              {modal}
            </Box>
          ) : (
            <IncidentBody
              layout={layout}
              pane={pane}
              state={state}
              now={now}
              tags={sel.tags}
              stepIndex={sel.stepIndex}
              step={step}
              argv={sel.shown}
              message={sel.message}
              undoHook={sel.hookSpec?.undo ?? null}
              local={runs.local && step && runs.local.step === step.id ? { ...runs.local, output: runs.output.current } : null}
              runAlive={sel.runAlive}
              spinner={spinner}
              expanded={expanded}
              keys={detailHint(ctx)}
              roles={roles}
              roster={session.project.roster}
              roleSel={roleSel}
              timeline={timeline}
            />
          )}
          <Footer busy={actions.busy} spinner={spinner} notice={stale ? null : actions.notice} pollError={pollError} hint={hintLine(ctx)} width={layout.width} />
        </Box>
      </KeyTargetContext.Provider>
    </ThemeContext.Provider>
  );
}
