import type { ReactNode } from 'react';
import { Box } from 'ink';
import Text from './Text.js';
import type { HookRun, IncidentState, StepState } from '../../core/incident-state.js';
import { clockTime } from '../format-time.js';
import { type ShownArg, showArgv } from '../show-argv.js';
import { kindLines } from '../step-actions.js';
import { type LocalRun, type StepTag, dueLong, missingApprovals, stepHook } from '../step-view.js';
import { useTheme } from '../theme.js';
import HookStatus from './HookStatus.js';
import Clip from './Clip.js';

export interface StepDetailProps {
  state: IncidentState;
  step: StepState;
  tag: StepTag;
  now: Date;
  /** What the hook would run, for a reader (a value that is missing marked as such). */
  argv: readonly ShownArg[] | undefined;
  message: string | undefined;
  undoHook: string | null;
  local: LocalRun | null;
  runAlive: boolean;
  spinner: string;
  width: number;
  height: number;
  expanded: boolean;
  /** The keys line: what Enter and the step keys do here, from the key bindings. */
  keys: string;
}

/** Everything about the selected step a responder needs before pressing a key. */
export default function StepDetail(p: StepDetailProps) {
  const theme = useTheme();
  const { state, step, width } = p;
  const holder = state.roles[step.owner]?.person;
  const due = dueLong(step, p.now);
  const lastRun: HookRun | undefined = step.runs.filter((r) => !r.undoOf).at(-1);
  const hook = stepHook(step);
  if (p.expanded) {
    return (
      <Clip width={width} height={p.height}>
        <Text bold wrap="wrap">{step.title}</Text>
        <Text wrap="wrap">{step.spec.instructions ?? '(no instructions in the playbook)'}</Text>
        <Text color={theme.color('muted')}>i or Esc: back</Text>
      </Clip>
    );
  }
  return (
    <Clip width={width} height={p.height}>
      <Box width={width}>
        <Text wrap="truncate-end">
          <Text bold>{step.id}</Text>
          <Text color={theme.color('muted')}>{` · ${step.kind} · owner ${step.owner} `}</Text>
          {holder ? <Text>{`(${holder})`}</Text> : <Text inverse color={theme.color('bad')}>UNASSIGNED</Text>}
          {due ? <Text color={due.startsWith('OVERDUE') ? theme.color('bad') : undefined} bold={due.startsWith('OVERDUE')}>{` · ${due}`}</Text> : null}
        </Text>
      </Box>
      <Text bold wrap="wrap">{step.title}</Text>
      <Outcome step={step} />
      <KindSection {...p} hook={hook} />
      {hook ? (
        <HookStatus run={lastRun} local={p.local} spinner={p.spinner} nowMs={Date.now()} alive={p.runAlive} width={width} tail={4} />
      ) : null}
      <Text color={theme.color('muted')} wrap="truncate-end">{p.keys}</Text>
      {step.spec.instructions ? <Text color={theme.color('muted')} wrap="wrap">{step.spec.instructions}</Text> : null}
    </Clip>
  );
}

function Outcome({ step }: { step: StepState }) {
  const theme = useTheme();
  if (step.status === 'done') {
    const how = step.option ? ` · chose ${step.option}` : '';
    return (
      <Text color={theme.color('good')} wrap="wrap">{`✓ done by ${step.doneBy} at ${clockTime(step.doneAt ?? '')}${how}${step.note ? ` · ${step.note}` : ''}`}</Text>
    );
  }
  if (step.status === 'skipped') return <Text color={theme.color('muted')} wrap="wrap">{`skipped by ${step.doneBy} at ${clockTime(step.doneAt ?? '')}: ${step.skipReason}`}</Text>;
  if (step.status === 'bypassed') return <Text color={theme.color('muted')}>not on the path the decisions took</Text>;
  if (step.denied) {
    return <Text inverse bold color={theme.color('bad')} wrap="wrap">{` DENIED by ${step.denied.by}: ${step.denied.reason} `}</Text>;
  }
  return null;
}

function KindSection(p: StepDetailProps & { hook: string | null }) {
  const theme = useTheme();
  const { step } = p;
  const lines: ReactNode[] = kindLines(p.state, step, p.now, p.message).map((l, i) => (
    <Text key={`k${i}`} wrap="wrap" bold={l.bold} color={l.muted ? theme.color('muted') : undefined}>{l.text}</Text>
  ));
  if (p.hook && step.status === 'pending' && !p.local) {
    lines.push(
      <Text key="h" wrap="truncate-end">
        <Text color={theme.color('muted')}>hook </Text>
        <Text bold>{p.hook}</Text>
        {p.undoHook ? <Text color={theme.color('muted')}>{` (undo: ${p.undoHook})`}</Text> : null}
      </Text>,
    );
    lines.push(<Text key="argv" wrap="wrap">{`runs: ${p.argv ? showArgv(p.argv) : `(hook ${p.hook} is not defined in aiops.yaml)`}`}</Text>);
  }
  if (step.needs.length > 0 && step.status === 'pending') {
    const missing = missingApprovals(step);
    const have = step.approvals.map((a) => `${a.role} by ${a.person}${a.override ? ' (OVERRIDE)' : ''}`).join(', ');
    lines.push(
      <Text key="ap" wrap="wrap">
        <Text color={theme.color('muted')}>{`approval ${step.needs.join(' + ')}: `}</Text>
        {have ? <Text color={theme.color('good')}>{`have ${have}`}</Text> : null}
        {have && missing.length ? <Text>{' · '}</Text> : null}
        {missing.length ? <Text bold color={theme.color('warn')}>{`missing ${missing.join(' + ')}`}</Text> : <Text color={theme.color('good')}> complete</Text>}
      </Text>,
    );
  }
  return <>{lines}</>;
}
