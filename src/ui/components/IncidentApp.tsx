import { Box, Text, useApp } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { hookValues } from '../../app/fire-hook.js';
import { undoStep } from '../../app/hook-commands.js';
import { addNote, approveStep, previewArgv, workStep, type StepOutcome } from '../../app/incidents.js';
import type { FireResult } from '../../app/fire-hook.js';
import { act, refreshIncident, type Session } from '../../app/session.js';
import { actingRole } from '../../core/authority.js';
import { PolicyRefusal } from '../../core/errors.js';
import type { IncidentStatus } from '../../core/events.js';
import type { StepState } from '../../core/incident-state.js';
import { SEVERITIES, type Severity } from '../../core/schemas/common.js';
import { renderTemplate } from '../../core/template.js';
import { playbookRoles } from '../../core/validate-playbook.js';
import { formatMs } from '../format-time.js';
import { useActions, type Notice } from '../hooks/use-actions.js';
import { type KeyHandler, type KeyTarget, KeyTargetContext, useKeyQueue } from '../hooks/use-keys.js';
import { useLiveIncident } from '../hooks/use-live-incident.js';
import { useNow } from '../hooks/use-now.js';
import { useSpinner } from '../hooks/use-spinner.js';
import { type TerminalSize, useTerminalSize } from '../hooks/use-terminal-size.js';
import { useTimeline } from '../hooks/use-timeline.js';
import { FOLLOW_CURRENT, type Selection, selectedIndex, selectStep } from '../selection.js';
import { showArgv } from '../show-argv.js';
import { type LocalRun, missingApprovals, stepHook, stepTag, unfinishedLooksAlive } from '../step-view.js';
import { makeTheme, ThemeContext, useTheme } from '../theme.js';
import ConfirmDialog from './ConfirmDialog.js';
import type { DrillCountdown } from './DrillBanner.js';
import Header from './Header.js';
import HelpOverlay from './HelpOverlay.js';
import Picker, { type PickItem } from './Picker.js';
import RolesPanel from './RolesPanel.js';
import StepDetail from './StepDetail.js';
import StepList from './StepList.js';
import TextPrompt from './TextPrompt.js';
import Timeline from './Timeline.js';

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
}

type Pane = 'steps' | 'roles' | 'timeline';

type Overlay =
  | { kind: 'help' }
  | { kind: 'confirm'; title: string; lines: string[]; yes: string; tone?: 'warn' | 'bad'; onYes(): void }
  | { kind: 'prompt'; title: string; label: string; initial?: string; allowEmpty?: boolean; onSubmit(value: string): void }
  | { kind: 'pick'; title: string; items: PickItem[]; initial?: number; onPick(id: string): void };

const STATUS_NEXT: Record<IncidentStatus, IncidentStatus[]> = {
  open: ['mitigated', 'resolved'],
  mitigated: ['resolved', 'open'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

/** The incident screen: a view over src/app; every key calls the same functions the CLI calls. */
export default function IncidentApp(props: IncidentAppProps) {
  const { session, incidentId } = props;
  const theme = useMemo(() => makeTheme(Boolean(props.noColor)), [props.noColor]);
  const { exit } = useApp();
  const size = useTerminalSize(props.size);
  const now = useNow(session.clock, props.tickMs ?? 1000);
  const { live, version, poll, pollError } = useLiveIncident(session, incidentId, props.pollMs ?? 500);
  const actions = useActions(poll);
  const state = live.state;
  const roles = useMemo(() => playbookRoles(state.playbookContent), [state.playbookContent]);

  const [pane, setPane] = useState<Pane>('steps');
  const [overlay, setOverlayState] = useState<(Overlay & { serial: number }) | null>(null);
  const serial = useRef(0);
  // Each dialog gets its own key: a prompt that follows a prompt starts empty, not with the last one's text.
  const setOverlay = (next: Overlay | null) => setOverlayState(next ? { ...next, serial: ++serial.current } : null);
  const [expanded, setExpanded] = useState(false);
  const [leftAs, setLeftAs] = useState<IncidentStatus | null>(null);
  const [roleSel, setRoleSel] = useState(0);
  const [selection, setSelection] = useState<Selection>(FOLLOW_CURRENT);
  const [local, setLocal] = useState<Omit<LocalRun, 'output'> | null>(null);
  const output = useRef('');
  const spinner = useSpinner(local !== null || actions.busy !== null);
  const overdueTried = useRef(new Set<string>());

  // Steps that became overdue on the clock are logged once, as `aiops incident show` would.
  useEffect(() => {
    if (state.status === 'closed' || actions.busy) return;
    const late = state.steps.filter((s) => s.status === 'pending' && s.dueAt && Date.parse(s.dueAt) < now.getTime() && !s.overdueLogged && !overdueTried.current.has(s.id));
    if (late.length === 0) return;
    for (const s of late) overdueTried.current.add(s.id);
    try {
      refreshIncident(session, incidentId);
    } catch {
      // A refused or failed tick changes nothing on screen; the next action logs the lateness.
    }
    poll();
  }, [now]);

  useEffect(() => {
    if (!props.drill?.tick) return;
    void Promise.resolve(props.drill.tick()).then(poll, () => undefined);
  }, [now]);

  const W = size.columns;
  const H = Math.max(8, size.rows - 1);
  const headerH = state.drill ? 3 : 2;
  const avail = Math.max(3, H - headerH - 1 - 2);
  const stripH = pane === 'timeline' || avail < 12 ? 0 : Math.min(5, Math.floor(avail / 3));
  const bodyH = avail - stripH;
  const timelineH = pane === 'timeline' ? bodyH : stripH;
  const timeline = useTimeline(session.store, live, version, Math.max(0, timelineH - 1));

  const tags = state.steps.map((st) => stepTag(state, st, now, local ? { ...local, output: '' } : null, hookTimeout(session, st)));
  // Derived on every render, so the selection follows progress without an effect lagging behind a key.
  const stepIndex = selectedIndex(state, selection);
  const step: StepState | undefined = state.steps[stepIndex];
  const hook = step ? stepHook(step) : null;
  const hookSpec = hook ? session.project.config.hooks?.[hook] : undefined;
  const argv = useMemo(() => (step && hook ? safe(() => previewArgv(session, state, step.id)) : undefined), [step?.id, version, hook]);
  const message = useMemo(
    () => (step?.spec.kind === 'notify' ? renderTemplate(step.spec.template, hookValues(state, step, session.actor, now.toISOString())) : undefined),
    [step?.id, version, Math.floor(now.getTime() / 60_000)],
  );
  const lastRun = step?.runs.filter((r) => !r.undoOf).at(-1);
  const runAlive = Boolean(lastRun && !lastRun.finished && unfinishedLooksAlive(lastRun, now, hookSpec?.timeout));
  const closed = state.status === 'closed';

  const close = () => setOverlay(null);
  const say = (text: string, tone: Notice['tone'] = 'warn') => actions.say({ text, tone });

  const moveStep = (to: number) => {
    const next = state.steps[Math.max(0, Math.min(state.steps.length - 1, to))];
    if (!next) return;
    setSelection(selectStep(state, next.id));
    setExpanded(false);
  };

  const runHook = (st: StepState, label: string, fn: (onOutput: (chunk: string) => void) => Promise<Notice | string>) => {
    actions.run(label, async () => {
      output.current = '';
      setLocal({ step: st.id, hook: stepHook(st) ?? '?', argv: argv ?? [], startedAt: Date.now() });
      try {
        return await fn((chunk) => {
          output.current = (output.current + chunk).slice(-16_000);
        });
      } finally {
        setLocal(null);
      }
    });
  };

  const describeOutcome = (st: StepState, out: StepOutcome): Notice | string => {
    if (out.kind === 'hook') return fireNotice(out.fire);
    const warn = out.result.warnings.length ? ` (${out.result.warnings.join('; ')})` : '';
    return { text: `${st.id}: recorded${warn}`, tone: warn ? 'warn' : 'good' };
  };

  const confirmRun = (title: string, yes: string, extra: string[], go: () => void) => {
    const simulated = state.drill && hookSpec?.drill !== 'run';
    setOverlay({
      kind: 'confirm',
      title,
      yes,
      lines: [
        ...extra,
        argv ? `runs: ${showArgv(argv)}` : `hook ${hook} is not defined in aiops.yaml`,
        `hook ${hook}${hookSpec?.timeout ? ` · timeout ${hookSpec.timeout}` : ''}${simulated ? ' · DRILL: simulated, nothing runs' : ''}`,
      ],
      onYes: () => {
        close();
        go();
      },
    });
  };

  const approve = (st: StepState) => {
    const missing = missingApprovals(st);
    if (missing.length === 0) return say(`${st.id} is already fully approved${stepHook(st) ? '; Enter runs it' : ''}`);
    const as = actingRole(state, session.actor, missing);
    const last = missing.length === 1;
    const fires = last && st.spec.kind === 'action';
    const lines = fires ? ['Yours is the last approval needed: the hook runs as soon as you confirm.'] : [`Still missing after yours: ${missing.filter((r) => r !== as).join(' + ') || missing.join(' + ')}. Nothing runs yet.`];
    confirmRun(`Approve ${st.id} as ${as ?? `${missing.join(' or ')} (you hold none of these)`}?`, 'approve', lines, () => {
      const go = async (onOutput?: (c: string) => void) => {
        const out = await approveStep(session, incidentId, st.id, { onOutput });
        if (out.fired) return fireNotice(out.fired);
        return { text: `${st.id}: approved as ${out.result.role ?? '?'}${out.missing.length ? `; still missing ${out.missing.join(' + ')}` : ''}`, tone: 'good' as const };
      };
      if (fires) runHook(st, `approving ${st.id}`, go);
      else actions.run(`approving ${st.id}`, () => go());
    });
  };

  const primary = (st: StepState) => {
    if (closed) return say(`${state.id} is closed; S reopens it`);
    if (st.status !== 'pending') return say(`${st.id} is already ${st.status === 'bypassed' ? 'off the path' : st.status}`);
    const tag = tags[stepIndex];
    if (tag === 'fail') return say(`${stepHook(st)} failed: r retry · c record done by hand${hookSpec?.undo ? ' · u undo' : ''}`, 'bad');
    if (tag === 'unknown') return say('the last run has no recorded outcome: c records what happened', 'bad');
    if (tag === 'run') return say('the hook is running');
    const spec = st.spec;
    if (spec.kind === 'decision') {
      return setOverlay({
        kind: 'pick',
        title: `${st.id}: ${st.title}`,
        items: spec.options.map((o) => ({ id: String(o.id), label: `${o.id}${o.label ? ` — ${o.label}` : ''}`, hint: o.goto ? `→ ${o.goto}` : undefined })),
        onPick: (option) => {
          close();
          actions.run(`choosing ${option} for ${st.id}`, async () => describeOutcome(st, await workStep(session, incidentId, st.id, { choose: option })));
        },
      });
    }
    if (stepHook(st)) {
      if (missingApprovals(st).length > 0) return approve(st);
      return confirmRun(`Run ${stepHook(st)} for ${st.id}?`, 'run it', [], () =>
        runHook(st, `running ${stepHook(st)}`, async (onOutput) => describeOutcome(st, await workStep(session, incidentId, st.id, { done: true, onOutput }))),
      );
    }
    if (spec.kind === 'notify') {
      return setOverlay({
        kind: 'prompt',
        title: `${st.id}: the message as it will be recorded`,
        label: 'Edit the text, then Enter records it as sent.',
        initial: message ?? spec.template,
        onSubmit: (text) => {
          close();
          actions.run(`recording ${st.id}`, async () => describeOutcome(st, await workStep(session, incidentId, st.id, { done: true, text })));
        },
      });
    }
    actions.run(`marking ${st.id} done`, async () => describeOutcome(st, await workStep(session, incidentId, st.id, { done: true })));
  };

  const askReason = (title: string, label: string, then: (reason: string) => void, allowEmpty = false) =>
    setOverlay({ kind: 'prompt', title, label, allowEmpty, onSubmit: (v) => { close(); then(v); } });

  const stepKey = (input: string, key: { return: boolean }) => {
    if (!step) return;
    const st = step;
    if (key.return) return primary(st);
    if (input === 'i') return setExpanded((e) => !e);
    if (input === 'x') {
      return askReason(`Skip ${st.id}?`, 'Why is it skipped? (kept in the log)', (reason) =>
        actions.run(`skipping ${st.id}`, async () => describeOutcome(st, await workStep(session, incidentId, st.id, { skip: reason }))),
      );
    }
    if (input === 'a') {
      if (st.needs.length === 0) return say(`${st.id} needs no approval`);
      return approve(st);
    }
    if (input === 'o') {
      if (missingApprovals(st).length === 0) return say(`${st.id} has no missing approval to override`);
      return askReason(`Override the missing approval for ${st.id}`, `Break-glass, commander only: why can this not wait for ${missingApprovals(st).join(' + ')}?`, (reason) =>
        confirmRun(`Override and approve ${st.id}?`, 'override', [`reason: ${reason}`], () =>
          runHook(st, `overriding ${st.id}`, async (onOutput) => {
            const out = await approveStep(session, incidentId, st.id, { override: reason, onOutput });
            return out.fired ? fireNotice(out.fired) : { text: `${st.id}: override recorded`, tone: 'warn' };
          }),
        ),
      );
    }
    if (input === 'D') {
      if (st.needs.length === 0) return say(`${st.id} needs no approval to deny`);
      return askReason(`Deny ${st.id}?`, 'Why? The step stays blocked until approval is requested again.', (reason) =>
        actions.run(`denying ${st.id}`, () => {
          act(session, incidentId, { kind: 'deny', step: st.id, reason });
          return { text: `${st.id}: denied`, tone: 'warn' };
        }),
      );
    }
    if (input === 'r') {
      if (tags[stepIndex] !== 'fail') return say(`r retries a failed hook; ${st.id} has none`);
      return confirmRun(`Retry ${stepHook(st)} for ${st.id}?`, 'retry', ['The last run failed; this runs it again and logs it as a retry.'], () =>
        runHook(st, `retrying ${stepHook(st)}`, async (onOutput) => describeOutcome(st, await workStep(session, incidentId, st.id, { done: true, retry: true, onOutput }))),
      );
    }
    if (input === 'u') {
      const undo = hookSpec?.undo;
      if (!hook || !undo) return say(`${hook ?? st.id} has no undo hook in aiops.yaml`);
      const undoSpec = session.project.config.hooks?.[undo];
      return setOverlay({
        kind: 'confirm',
        title: `Undo ${hook} for ${st.id}?`,
        yes: 'undo',
        lines: [
          `Runs ${undo} with the params the step ran with, under the step's approvals (yours counts if you hold a role they need); the timeline pairs it with the run it undoes.`,
          `runs: ${undoSpec ? showArgv(undoSpec.command) : `(${undo} is not defined in aiops.yaml)`}`,
        ],
        onYes: () => {
          close();
          runHook(st, `undoing ${hook}`, async (onOutput) => {
            try {
              return fireNotice((await undoStep(session, incidentId, st.id, { onOutput })).fire);
            } catch (err) {
              // The undo became its own step waiting for approval: say where it is rather than shout.
              if (err instanceof PolicyRefusal && err.rule === 'approval.missing') {
                return { text: `undo requested: step hook:${undo} waits for approval — select it and press a`, tone: 'warn' };
              }
              throw err;
            }
          });
        },
      });
    }
    if (input === 'c') return record(st);
  };

  const record = (st: StepState) => {
    const run = st.runs.filter((r) => !r.undoOf).at(-1);
    const tag = tags[stepIndex];
    if (tag === 'fail') {
      return askReason(`Record ${st.id} as done by hand`, `${run?.hook} failed. What did you do instead, and how did you check it worked?`, (note) =>
        actions.run(`recording ${st.id}`, async () => describeOutcome(st, await workStep(session, incidentId, st.id, { done: true, record: true, note }))),
      );
    }
    if (run && !run.finished && tag !== 'run') {
      return setOverlay({
        kind: 'pick',
        title: `What happened to ${run.hook} (${run.run})?`,
        items: [
          { id: 'ok', label: 'it worked (checked)' },
          { id: 'failed', label: 'it did not work' },
        ],
        onPick: (outcome) =>
          askReason(`Record ${run.run} as ${outcome}`, 'How did you check?', (note) =>
            actions.run(`recording ${run.run}`, () => {
              act(session, incidentId, { kind: 'record-outcome', run: run.run, ok: outcome === 'ok', note });
              return { text: `${run.run}: recorded as ${outcome}`, tone: 'warn' };
            }),
          ),
      });
    }
    say('c records a failed hook or one whose outcome is unknown; this step has neither');
  };

  const roleKey = (input: string, key: { return: boolean; upArrow: boolean; downArrow: boolean }) => {
    if (key.upArrow || input === 'k') return setRoleSel((i) => Math.max(0, i - 1));
    if (key.downArrow || input === 'j') return setRoleSel((i) => Math.min(roles.length - 1, i + 1));
    const role = roles[roleSel];
    if (!role) return;
    const handoff = input === 'h';
    if (!(key.return || input === 'a' || handoff)) return;
    if (handoff && !state.roles[role]) return say(`${role} is not held by anyone yet: Enter assigns it`);
    const people = Object.entries(session.project.roster.people).sort(([, a], [, b]) => Number(b.roles.includes(role)) - Number(a.roles.includes(role)));
    setOverlay({
      kind: 'pick',
      title: `${handoff ? 'Hand off' : 'Assign'} ${role}${state.roles[role] ? ` (now ${state.roles[role]!.person})` : ''} to`,
      items: people.map(([id, p]) => ({ id, label: `${id}${p.name ? ` — ${p.name}` : ''}`, hint: `${p.roles.includes(role) ? role : `not a ${role} in the roster`} · ${p.contact ?? ''}` })),
      onPick: (person) => {
        close();
        actions.run(`${handoff ? 'handing off' : 'assigning'} ${role}`, () => {
          const r = act(session, incidentId, { kind: 'assign', role, person, handoff });
          return { text: `${role} → ${person}${r.warnings.length ? ` (${r.warnings.join('; ')})` : ''}`, tone: r.warnings.length ? 'warn' : 'good' };
        });
      },
    });
  };

  const globalKey = (input: string): boolean => {
    if (input === '?') {
      setOverlay({ kind: 'help' });
      return true;
    }
    if (input === '1' || input === '2' || input === '3') {
      setPane(input === '1' ? 'steps' : input === '2' ? 'roles' : 'timeline');
      return true;
    }
    if (input === 'q') {
      if (local) {
        say(`${local.hook} is still running; wait for its result before leaving`, 'bad');
        return true;
      }
      if (closed) {
        leave();
        return true;
      }
      setOverlay({
        kind: 'confirm',
        title: `Leave ${state.id}? It stays ${state.status}.`,
        lines: ['Everything shown as done is already in the evidence log; nothing is lost.', `Come back with: aiops incident resume ${state.id}`],
        yes: 'leave',
        onYes: leave,
      });
      return true;
    }
    if (input === 'n') {
      askReason(`Note on ${state.id}`, 'What should the log remember? (empty: attach a file only)', (text) =>
        setOverlay({
          kind: 'prompt',
          title: 'Attach a file?',
          label: `A path relative to ${props.cwd}, or empty for none`,
          allowEmpty: true,
          onSubmit: (path) => {
            close();
            actions.run('adding a note', () => {
              const r = addNote(session, incidentId, text, { attach: path.trim() ? [path.trim()] : [], cwd: props.cwd });
              const ev = r.events.find((e) => e.type === 'note.added');
              const files = ev?.type === 'note.added' ? ev.payload.attachments : [];
              return `note added (seq ${ev?.seq})${files.length ? `; attached ${files.map((f) => `${f.name} sha256:${f.sha256.slice(0, 12)}`).join(', ')}` : ''}`;
            });
          },
        }),
      true);
      return true;
    }
    if (input === 's') {
      setOverlay({
        kind: 'pick',
        title: `Severity (now ${state.severity})`,
        items: SEVERITIES.map((s) => ({ id: s, label: s, hint: s === state.severity ? 'current' : undefined })),
        initial: SEVERITIES.indexOf(state.severity),
        onPick: (to) =>
          askReason(`Severity ${state.severity} → ${to}`, 'Why? (kept in the log)', (reason) =>
            actions.run(`changing severity to ${to}`, () => {
              act(session, incidentId, { kind: 'severity', to: to as Severity, reason });
              return `severity → ${to}`;
            }),
          ),
      });
      return true;
    }
    if (input === 'S') {
      setOverlay({
        kind: 'pick',
        title: `Status (now ${state.status})`,
        items: STATUS_NEXT[state.status].map((s) => ({ id: s, label: s === 'open' ? 'open (reopen)' : s })),
        onPick: (to) => {
          const target = to as IncidentStatus;
          const closing = target === 'closed';
          askReason(
            `${state.status} → ${target}`,
            closing ? 'Summary for the record (required to close)' : target === 'open' ? 'Why reopen? (required)' : 'Reason (optional)',
            (text) =>
              actions.run(`changing status to ${target}`, () => {
                const r = act(session, incidentId, { kind: 'status', to: target, ...(closing ? { summary: text } : text.trim() ? { reason: text } : {}) });
                return { text: `status → ${target}${r.warnings.length ? ` (${r.warnings.join('; ')})` : ''}`, tone: r.warnings.length ? 'warn' : 'good' };
              }),
            !closing && target !== 'open',
          );
        },
      });
      return true;
    }
    return false;
  };

  const leave = () => {
    close();
    props.onLeave?.(state.status);
    setLeftAs(state.status);
  };
  // The one-line farewell frame is committed first, so it is what stays on the terminal.
  useEffect(() => {
    if (leftAs) exit();
  }, [leftAs]);

  // One stable subscription; the handler and the dialog's handler are swapped in during render,
  // so keys typed faster than effects run still reach what is on screen.
  const mainKeys: KeyHandler = (input, key) => {
    if (key.escape) {
      setExpanded(false);
      actions.say(null);
      return;
    }
    if (globalKey(input)) return;
    if (pane === 'steps') {
      if (key.upArrow || input === 'k') return moveStep(stepIndex - 1);
      if (key.downArrow || input === 'j') return moveStep(stepIndex + 1);
      return stepKey(input, key);
    }
    if (pane === 'roles') return roleKey(input, key);
    if (key.upArrow || input === 'k') return timeline.scroll('line-up');
    if (key.downArrow || input === 'j') return timeline.scroll('line-down');
    if (key.pageUp) return timeline.scroll('page-up');
    if (key.pageDown || input === ' ') return timeline.scroll('page-down');
    if (input === 'g' || key.home) return timeline.scroll('top');
    if (input === 'G' || key.end) return timeline.scroll('bottom');
  };
  const modalOpen = overlay !== null || actions.failure !== null;
  const dialogKeys = useRef<KeyTarget | null>(null);
  useKeyQueue(
    (input, key) => {
      if (modalOpen) dialogKeys.current?.handler(input, key);
      else mainKeys(input, key);
    },
    {
      acceptsText: () => modalOpen && Boolean(dialogKeys.current?.acceptsText),
      // A quick write is waited for, so the next key sees its result; during a hook run keys still work.
      paused: actions.busy !== null && local === null,
    },
  );

  const narrow = W < 64;
  const listW = narrow ? W : Math.min(36, Math.floor(W * 0.42));
  const rolesW = W >= 120 && pane === 'steps' ? 40 : 0;
  const detailW = narrow ? W : W - listW - 1 - (rolesW ? rolesW + 1 : 0);
  const listH = narrow ? Math.min(state.steps.length + 1, Math.max(3, Math.floor(bodyH / 2))) : bodyH;
  const detailH = narrow ? bodyH - listH : bodyH;

  const body = () => {
    const areaH = bodyH + stripH;
    if (actions.failure) {
      const f = actions.failure;
      return (
        <ConfirmDialog
          title={f.title}
          lines={[f.message, ...(f.hint ? [f.hint] : []), 'Nothing about this action was recorded, and the screen shows only what the log has.']}
          yes="retry"
          tone="bad"
          width={W}
          height={areaH}
          onYes={f.retry}
          onNo={actions.dismissFailure}
        />
      );
    }
    if (overlay?.kind === 'help') return <HelpOverlay key={overlay.serial} width={W} height={areaH} onClose={close} />;
    if (overlay?.kind === 'confirm') return <ConfirmDialog key={overlay.serial} {...overlay} width={W} height={Math.min(areaH, overlay.lines.length * 2 + 5)} onNo={close} />;
    if (overlay?.kind === 'prompt') return <TextPrompt key={overlay.serial} {...overlay} width={W} height={Math.min(areaH, 12)} onCancel={close} />;
    if (overlay?.kind === 'pick') return <Picker key={overlay.serial} {...overlay} width={W} height={Math.min(areaH, overlay.items.length + 4)} onCancel={close} />;
    return null;
  };

  if (leftAs) return <Text>{leftLine(state.id, leftAs)}</Text>;
  const modal = body();
  return (
    <ThemeContext.Provider value={theme}>
      <KeyTargetContext.Provider value={dialogKeys}>
      <Box flexDirection="column" width={W} height={H} overflow="hidden">
        <Header state={state} now={now} actor={session.actor} width={W} drill={props.drill} />
        <TabBar pane={pane} width={W} closed={closed} />
        {modal ? (
          <Box flexDirection="column" width={W} height={bodyH + stripH} flexShrink={0}>
            {modal}
          </Box>
        ) : (
          <>
            {pane === 'steps' && step ? (
              <Box flexDirection={narrow ? 'column' : 'row'} width={W} height={bodyH} flexShrink={0}>
                <StepList state={state} tags={tags} now={now} selected={stepIndex} width={listW} height={listH} focused />
                {narrow ? null : <Box width={1} />}
                <StepDetail
                  state={state}
                  step={step}
                  tag={tags[stepIndex]!}
                  now={now}
                  argv={argv}
                  message={message}
                  undoHook={hookSpec?.undo ?? null}
                  local={local && local.step === step.id ? { ...local, output: output.current } : null}
                  runAlive={runAlive}
                  spinner={spinner}
                  width={detailW}
                  height={detailH}
                  expanded={expanded}
                />
                {rolesW ? (
                  <>
                    <Box width={1} />
                    <RolesPanel state={state} roles={roles} roster={session.project.roster} selected={roleSel} width={rolesW} height={bodyH} focused={false} />
                  </>
                ) : null}
              </Box>
            ) : null}
            {pane === 'roles' ? <RolesPanel state={state} roles={roles} roster={session.project.roster} selected={roleSel} width={W} height={bodyH} focused /> : null}
            {timelineH > 0 ? (
              <Timeline rows={timeline.rows} total={state.events} following={timeline.following} moreAbove={timeline.moreAbove} width={W} height={timelineH} focused={pane === 'timeline'} />
            ) : null}
          </>
        )}
        <StatusLine busy={actions.busy} spinner={spinner} notice={actions.notice} pollError={pollError} width={W} />
        <Text color={theme.color('muted')} wrap="truncate-end">{hintLine(pane)}</Text>
      </Box>
      </KeyTargetContext.Provider>
    </ThemeContext.Provider>
  );
}

const TABS: Array<[Pane, string, string]> = [
  ['steps', '1', 'Steps'],
  ['roles', '2', 'Roles'],
  ['timeline', '3', 'Timeline'],
];

/** One line: the three panes on the left, help (and how to reopen) on the right. */
function TabBar({ pane, width, closed }: { pane: Pane; width: number; closed: boolean }) {
  const labels = TABS.map(([p, n, label]) => ({ p, text: ` ${n} ${width < 60 ? label.slice(0, 4) : label} ` }));
  const used = labels.reduce((w, l) => w + l.text.length, 0);
  const full = `${closed ? 'closed: S reopens · ' : ''}? help`;
  const right = used + 1 + full.length <= width ? full : '? help';
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {labels.map((l) => (
          <Text key={l.p} inverse={pane === l.p} bold={pane === l.p}>{l.text}</Text>
        ))}
        {' '.repeat(Math.max(1, width - used - right.length))}
        {right}
      </Text>
    </Box>
  );
}

function StatusLine({ busy, spinner, notice, pollError, width }: { busy: string | null; spinner: string; notice: Notice | null; pollError: string | null; width: number }) {
  const theme = useTheme();
  if (busy) return <Text color={theme.color('accent')} wrap="truncate-end">{`${spinner} ${busy}…`}</Text>;
  if (notice) {
    const loud = notice.tone === 'bad';
    return (
      <Box width={width}>
        <Text color={theme.color(notice.tone)} bold={loud} inverse={loud} wrap="truncate-end">{loud ? ` ${notice.text} ` : notice.text}</Text>
      </Box>
    );
  }
  if (pollError) return <Text color={theme.color('bad')} wrap="truncate-end">{`cannot read the log: ${pollError} (retrying)`}</Text>;
  return <Text> </Text>;
}

function hintLine(pane: Pane): string {
  if (pane === 'roles') return '↑↓ role · Enter assign · h hand off · n note · 1 steps · 3 timeline · ? help · q quit';
  if (pane === 'timeline') return '↑↓ PgUp PgDn scroll · g oldest · G newest · n note · 1 steps · 2 roles · ? help · q quit';
  return '↑↓ step · Enter do · x skip · a approve · n note · s sev · S status · 2 roles · 3 timeline · ? help · q quit';
}

/** What stays on the terminal after leaving. */
export function leftLine(id: string, status: IncidentStatus): string {
  return `left ${id} (${status}); resume with: aiops incident resume ${id}`;
}

function hookTimeout(session: Session, st: StepState): string | undefined {
  const h = stepHook(st);
  return h ? session.project.config.hooks?.[h]?.timeout : undefined;
}

function fireNotice(fire: FireResult): Notice {
  const r = fire.run;
  const f = r.finished;
  if (fire.simulated) return { text: `${r.hook}: simulated (drill) — nothing ran`, tone: 'good' };
  if (fire.ok) return { text: `${r.hook}: ok · exit ${f?.exitCode ?? '-'} · ${formatMs(f?.durationMs ?? 0)}`, tone: 'good' };
  const why = f?.timedOut ? `TIMED OUT after ${formatMs(f.durationMs)}` : `FAILED · exit ${f?.exitCode ?? '-'}${f?.signal ? ` ${f.signal}` : ''}`;
  return { text: `${r.hook} ${why}: r retry · c record done by hand`, tone: 'bad' };
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
