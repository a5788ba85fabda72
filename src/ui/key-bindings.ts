import type { Key } from 'ink';
import type { IncidentState, StepState } from '../core/incident-state.js';
import type { VerbId } from '../verbs/verb.js';
import { enterAction, type EnterAction, enterRefusal, hasUndoableRun, lastStepRun } from './step-actions.js';
import { isHookStepId, undoTarget } from '../core/hook-step.js';
import { missingApprovals, type StepTag, stepHook } from './step-view.js';

/** What only the screen does: moving around, help, leaving. */
export type UiActionId = 'help' | 'quit' | 'dismiss' | 'tab.steps' | 'tab.roles' | 'tab.timeline' | 'step.select' | 'step.instructions' | 'role.select' | 'timeline.scroll' | 'timeline.page' | 'timeline.ends' | 'hook.output' | 'in-full';

export type Pane = 'steps' | 'roles' | 'timeline';
export type Section = 'Anywhere' | 'Steps' | 'Roles' | 'Timeline';

/** What a binding's predicate sees: the screen and the selected step or role. */
export interface KeyContext {
  pane: Pane;
  state: IncidentState;
  step?: StepState;
  tag?: StepTag;
  /** The undo hook of the selected step's hook, when aiops.yaml names one. */
  undoHook: string | null;
  role?: { name: string; held: boolean };
  /** Why the engine would refuse an override of the selected step now (as the status line says it); none: it would take it. */
  overrideRefused?: string;
}

/** What the screen can be asked to do; the bindings' handlers call exactly one of these. */
export interface KeyOps {
  say(text: string, bad?: boolean): void;
  dismiss(): void;
  help(): void;
  /** Opens the status line's message and the timeline rows on screen in full, wrapped. */
  inFull(): void;
  quit(): void;
  showPane(pane: Pane): void;
  note(): void;
  severity(): void;
  edit(): void;
  status(): void;
  moveStep(by: -1 | 1): void;
  toggleInstructions(): void;
  enter(action: EnterAction): void;
  skip(): void;
  approve(): void;
  override(): void;
  deny(): void;
  request(): void;
  retry(): void;
  undo(): void;
  record(): void;
  output(): void;
  reopen(): void;
  moveRole(by: -1 | 1): void;
  assign(handoff: boolean): void;
  judge(): void;
  endDrill(): void;
  pauseDrill(): void;
  resumeDrill(): void;
  debrief(): void;
  impact(): void;
  review(): void;
  addAction(): void;
  closeAction(): void;
  ack(): void;
  scroll(by: 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'top' | 'bottom'): void;
}

/** A pressed key as bindings name it: a character, or Enter Esc Up Down PgUp PgDn Home End. */
export type KeyName = string;

/** A key performs a verb (the CLI's and drill scripts' id) or something only the screen does, never both. */
export type KeyBinding = KeyBindingBase & ({ verb: VerbId; ui?: never } | { ui: UiActionId; verb?: never });

interface KeyBindingBase {
  id: string;
  section: Section;
  keys: KeyName[];
  /** The keys as help shows them. */
  label: string;
  /** The key and a word for the hint line ("x skip"); none: help only. */
  hint?: string;
  /** A longer phrase for the step detail's keys line, when the hint word is too short there. */
  detail?: string;
  /** What help says it does. */
  help: string;
  when(ctx: KeyContext): boolean;
  /** What is said when the key is pressed where it does not apply; none: the key does nothing. */
  otherwise?(ctx: KeyContext): { text: string; bad?: boolean };
  run(ops: KeyOps, ctx: KeyContext, pressed: KeyName): void;
}

const always = () => true;
const enterIs = (action: EnterAction) => (c: KeyContext) => c.pane === 'steps' && enterAction(c.step, c.tag, c.state.status === 'closed') === action;
const pending = (c: KeyContext) => c.step?.status === 'pending' && c.state.status !== 'closed';
// A denied step is approved again only after R asks again; the engine refuses (and logs) an approval before that.
const approvable = (c: KeyContext) => pending(c) && missing(c).length > 0 && !c.step?.denied;
const deniedFirst = (c: KeyContext) => (c.step?.denied ? { text: `the approval of ${c.step.id} was denied: R asks for it again` } : null);
const missing = (c: KeyContext) => (c.step ? missingApprovals(c.step) : []);
/** Why `u` has nothing to undo on a step whose hook has an undo. */
const undoneWords = (state: KeyContext['state'], step: NonNullable<KeyContext['step']>) => {
  const t = undoTarget(state, step);
  return t.run && t.undoneBy ? `${t.run.run} (${t.run.hook}) was already undone by ${t.undoneBy.run}` : `${stepHook(step)} has no successful run to undo`;
};

const enterNot = (c: KeyContext) => (c.step ? enterRefusal(c.state, c.step, c.tag, c.undoHook) : { text: '' });

const drill = (c: KeyContext) => c.state.drill !== null;
const drillPaused = (c: KeyContext) => (c.state.drill?.pauses ?? []).some((p) => p.to === null);
const forDrills = (what: string) => (c: KeyContext) => ({ text: `${what} is for drills; ${c.state.id} is a real incident, not a drill` });

function enterBinding(action: EnterAction, verb: VerbId, hint: string, help: string): KeyBinding {
  return { id: `enter.${action}`, section: 'Steps', keys: ['Enter'], label: 'Enter', hint, help, verb, when: enterIs(action), otherwise: enterNot, run: (ops) => ops.enter(action) };
}

/** Every key the screen answers to, in the order help lists them within a section. */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  { id: 'note', section: 'Anywhere', keys: ['n'], label: 'n', hint: 'n note', help: 'add a note, then optionally attach a file', verb: 'note', when: always, run: (o) => o.note() },
  { id: 'severity', section: 'Anywhere', keys: ['s'], label: 's', hint: 's sev', help: 'change severity (asks for a reason)', verb: 'severity', when: always, run: (o) => o.severity() },
  { id: 'edit', section: 'Anywhere', keys: ['T'], label: 'T', help: 'change the title or service (the commander; asks for a reason)', verb: 'edit', when: always, run: (o) => o.edit() },
  { id: 'status', section: 'Anywhere', keys: ['S'], label: 'S', hint: 'S status', help: 'change status: mitigated, resolved, closed, cancelled, duplicate-of, reopen', verb: 'status', when: always, run: (o) => o.status() },
  { id: 'close', section: 'Anywhere', keys: ['S'], label: 'S', help: 'close a resolved incident: S, then closed, with a summary', verb: 'close', when: (c) => c.state.status === 'resolved', run: (o) => o.status() },
  { id: 'tab.steps', section: 'Anywhere', keys: ['1'], label: '1', hint: '1 steps', help: 'show Steps', ui: 'tab.steps', when: (c) => c.pane !== 'steps', run: (o) => o.showPane('steps') },
  { id: 'tab.roles', section: 'Anywhere', keys: ['2'], label: '2', hint: '2 roles', help: 'show Roles', ui: 'tab.roles', when: (c) => c.pane !== 'roles', run: (o) => o.showPane('roles') },
  { id: 'tab.timeline', section: 'Anywhere', keys: ['3'], label: '3', hint: '3 timeline', help: 'show Timeline', ui: 'tab.timeline', when: (c) => c.pane !== 'timeline', run: (o) => o.showPane('timeline') },
  { id: 'drill.judge', section: 'Anywhere', keys: ['J'], label: 'J', hint: 'J judge', help: 'drills: judge a manual expectation met or missed', verb: 'drill.judge', when: drill, otherwise: forDrills('J (judge an expectation)'), run: (o) => o.judge() },
  { id: 'drill.end', section: 'Anywhere', keys: ['E'], label: 'E', hint: 'E end drill', help: 'drills: end the drill now and score it', verb: 'drill.end', when: drill, otherwise: forDrills('E (end and score)'), run: (o) => o.endDrill() },
  {
    id: 'drill.pause', section: 'Anywhere', keys: ['P'], label: 'P', help: 'drills: pause the drill clock (the facilitator; paused time is not scored)', verb: 'drill.pause',
    when: (c) => drill(c) && !drillPaused(c) && !c.state.drillEnded,
    otherwise: (c) => (!drill(c) ? forDrills('P (pause the drill)')(c) : { text: `${c.state.id} has ended; there is no clock to pause` }),
    run: (o) => o.pauseDrill(),
  },
  { id: 'drill.resume', section: 'Anywhere', keys: ['P'], label: 'P', hint: 'P resume', help: 'drills: resume a paused drill', verb: 'drill.resume', when: (c) => drill(c) && drillPaused(c), run: (o) => o.resumeDrill() },
  { id: 'drill.debrief', section: 'Anywhere', keys: ['B'], label: 'B', hint: 'B debrief', help: 'drills: add a debrief note to the after-action report', verb: 'drill.debrief', when: drill, otherwise: forDrills('B (debrief note)'), run: (o) => o.debrief() },
  { id: 'impact', section: 'Anywhere', keys: ['I'], label: 'I', help: 'postmortem: record the impact (what users saw, who, how long)', verb: 'impact', when: always, run: (o) => o.impact() },
  { id: 'review', section: 'Anywhere', keys: ['F'], label: 'F', help: 'postmortem: record the root cause, a contributing factor, what went well or badly', verb: 'review', when: always, run: (o) => o.review() },
  { id: 'action.add', section: 'Anywhere', keys: ['A'], label: 'A', help: 'postmortem: add an action item with an owner and a due date', verb: 'action.add', when: always, run: (o) => o.addAction() },
  { id: 'action.close', section: 'Anywhere', keys: ['C'], label: 'C', help: 'postmortem: close an action item', verb: 'action.close', when: always, run: (o) => o.closeAction() },
  { id: 'ack', section: 'Anywhere', keys: ['K'], label: 'K', help: 'acknowledge the pages of this incident (stops their escalation to backups)', verb: 'ack', when: (c) => c.state.pages.some((p) => !p.acked), otherwise: () => ({ text: 'no page waits for an ack' }), run: (o) => o.ack() },
  { id: 'in-full', section: 'Anywhere', keys: ['m'], label: 'm', help: 'read in full what is cut off: the status line (a refusal) and the timeline on screen', ui: 'in-full', when: always, run: (o) => o.inFull() },
  { id: 'help', section: 'Anywhere', keys: ['?'], label: '?', hint: '? help', help: 'this help', ui: 'help', when: always, run: (o) => o.help() },
  { id: 'quit', section: 'Anywhere', keys: ['q'], label: 'q', hint: 'q quit', help: 'leave (asks first; everything shown is already in the log)', ui: 'quit', when: always, run: (o) => o.quit() },
  { id: 'dismiss', section: 'Anywhere', keys: ['Esc'], label: 'Esc', help: 'close a dialog or cancel', ui: 'dismiss', when: always, run: (o) => o.dismiss() },

  { id: 'step.select', section: 'Steps', keys: ['Up', 'k', 'Down', 'j'], label: '↑ ↓  k j', hint: '↑↓ step', help: 'select a step', ui: 'step.select', when: always, run: (o, _c, k) => o.moveStep(k === 'Up' || k === 'k' ? -1 : 1) },
  enterBinding('done', 'step.done', 'Enter do', 'do the step: mark it done'),
  enterBinding('choose', 'step.choose', 'Enter choose', 'choose a decision option'),
  enterBinding('approve', 'approve', 'Enter approve', 'approve first when the hook still needs approvals'),
  enterBinding('run', 'hook.run', 'Enter run', 'run the hook (says exactly what will run)'),
  enterBinding('edit-message', 'step.done', 'Enter edit', 'edit the message, then send it (and its hook, if any)'),
  { id: 'skip', section: 'Steps', keys: ['x'], label: 'x', hint: 'x skip', help: 'skip the step (asks for a reason)', verb: 'step.skip', when: pending, otherwise: enterNot, run: (o) => o.skip() },
  {
    id: 'approve', section: 'Steps', keys: ['a'], label: 'a', hint: 'a approve', help: 'approve (says exactly what will run)', verb: 'approve',
    when: approvable,
    otherwise: (c) => deniedFirst(c) ?? ({ text: !c.step ? '' : c.step.needs.length === 0 ? `${c.step.id} needs no approval` : `${c.step.id} is already fully approved${stepHook(c.step) ? '; Enter runs it' : ''}` }),
    run: (o) => o.approve(),
  },
  {
    id: 'override', section: 'Steps', keys: ['o'], label: 'o', hint: 'o override', help: 'override a missing approval (commander, with a reason)', verb: 'override',
    when: (c) => approvable(c) && !c.overrideRefused,
    otherwise: (c) => deniedFirst(c) ?? (approvable(c) && c.overrideRefused ? { text: c.overrideRefused, bad: true } : { text: `${c.step?.id} has no missing approval to override` }),
    run: (o) => o.override(),
  },
  {
    id: 'deny', section: 'Steps', keys: ['D'], label: 'D', hint: 'D deny', help: 'deny the approval (with a reason)', verb: 'deny',
    when: (c) => pending(c) && Boolean(c.step?.needs.length), otherwise: (c) => ({ text: `${c.step?.id} needs no approval to deny` }), run: (o) => o.deny(),
  },
  {
    id: 'request', section: 'Steps', keys: ['R'], label: 'R', hint: 'R re-request', help: 'ask again for the approval of a denied step', verb: 'request',
    when: (c) => pending(c) && Boolean(c.step?.denied), otherwise: (c) => ({ text: c.step ? `R asks again after a deny; ${c.step.id} was not denied` : '' }), run: (o) => o.request(),
  },
  {
    id: 'retry', section: 'Steps', keys: ['r'], label: 'r', hint: 'r retry', help: 'retry a failed hook', verb: 'hook.retry',
    when: (c) => c.tag === 'fail', otherwise: (c) => ({ text: `r retries a failed hook; ${c.step?.id} has none` }), run: (o) => o.retry(),
  },
  {
    id: 'undo', section: 'Steps', keys: ['u'], label: 'u', hint: 'u undo', help: "undo: run the hook's undo (e.g. resume after pause)", verb: 'hook.undo',
    when: (c) => Boolean(c.step && stepHook(c.step) && c.undoHook && hasUndoableRun(c.state, c.step)),
    otherwise: (c) => ({ text: c.step && stepHook(c.step) && c.undoHook ? undoneWords(c.state, c.step) : `${(c.step && stepHook(c.step)) ?? c.step?.id} has no undo hook in aiops.yaml` }),
    run: (o) => o.undo(),
  },
  {
    id: 'record', section: 'Steps', keys: ['c'], label: 'c', hint: 'c record', detail: 'c record done by hand', help: 'record by hand: a failed hook done another way, or an unknown outcome', verb: 'hook.record',
    // (a hook run on its own, hook:NAME, has no step to complete by hand: it is run again)
    when: (c) => (c.tag === 'fail' && !isHookStepId(c.step?.id)) || (c.tag === 'unknown' && Boolean(c.step && lastStepRun(c.step) && !lastStepRun(c.step)!.finished)),
    otherwise: (c) => ({ text: c.tag === 'fail' ? `${c.step?.id} is a hook run on its own, with no step to record as done: r runs it again` : 'c records a failed hook or one whose outcome is unknown; this step has neither' }),
    run: (o) => o.record(),
  },
  {
    id: 'reopen', section: 'Steps', keys: ['O'], label: 'O', hint: 'O reopen', help: 'reopen a done or skipped step, e.g. one marked done by mistake (asks why)', verb: 'step.reopen',
    when: (c) => (c.step?.status === 'done' || c.step?.status === 'skipped') && !isHookStepId(c.step.id) && c.state.status !== 'closed',
    otherwise: (c) => ({ text: c.state.status === 'closed' ? `${c.state.id} is closed; S reopens it first` : c.step ? `O reopens a done or skipped step; ${c.step.id} is ${c.step.status}` : '' }),
    run: (o) => o.reopen(),
  },
  {
    id: 'hook.output', section: 'Steps', keys: ['v'], label: 'v', hint: 'v output', help: "view the whole output of the step's last hook run (↑↓ PgUp PgDn scroll, Esc closes)", ui: 'hook.output',
    when: (c) => Boolean(c.step?.runs.length), otherwise: (c) => ({ text: c.step ? `${c.step.id} has no hook run to show` : '' }), run: (o) => o.output(),
  },
  { id: 'step.instructions', section: 'Steps', keys: ['i'], label: 'i', help: 'read the full instructions', ui: 'step.instructions', when: (c) => Boolean(c.step), run: (o) => o.toggleInstructions() },

  { id: 'role.select', section: 'Roles', keys: ['Up', 'k', 'Down', 'j'], label: '↑ ↓  k j', hint: '↑↓ role', help: 'select a role', ui: 'role.select', when: always, run: (o, _c, k) => o.moveRole(k === 'Up' || k === 'k' ? -1 : 1) },
  { id: 'assign', section: 'Roles', keys: ['Enter', 'a'], label: 'Enter a', hint: 'Enter assign', help: 'assign the role to someone from the roster', verb: 'assign', when: (c) => Boolean(c.role), run: (o) => o.assign(false) },
  {
    id: 'handoff', section: 'Roles', keys: ['h'], label: 'h', hint: 'h hand off', help: 'hand the role off (the old holder is recorded)', verb: 'handoff',
    when: (c) => Boolean(c.role?.held), otherwise: (c) => ({ text: c.role ? `${c.role.name} is not held by anyone yet: Enter assigns it` : '' }), run: (o) => o.assign(true),
  },

  { id: 'timeline.scroll', section: 'Timeline', keys: ['Up', 'k', 'Down', 'j'], label: '↑ ↓  k j', hint: '↑↓ scroll', help: 'scroll one event', ui: 'timeline.scroll', when: always, run: (o, _c, k) => o.scroll(k === 'Up' || k === 'k' ? 'line-up' : 'line-down') },
  { id: 'timeline.page', section: 'Timeline', keys: ['PgUp', 'PgDn', 'Space'], label: 'PgUp PgDn', hint: 'PgUp PgDn page', help: 'scroll a page', ui: 'timeline.page', when: always, run: (o, _c, k) => o.scroll(k === 'PgUp' ? 'page-up' : 'page-down') },
  { id: 'timeline.ends', section: 'Timeline', keys: ['g', 'Home', 'G', 'End'], label: 'g G', hint: 'g oldest · G newest', help: 'oldest / newest (G follows new events)', ui: 'timeline.ends', when: always, run: (o, _c, k) => o.scroll(k === 'g' || k === 'Home' ? 'top' : 'bottom') },
];

const SECTION_OF: Record<Pane, Section> = { steps: 'Steps', roles: 'Roles', timeline: 'Timeline' };

/** The names a key press goes by (one press, several names: Up is also what `k` does, but not its name). */
export function keyNames(input: string, key: Key): KeyName[] {
  if (key.return) return ['Enter'];
  if (key.escape) return ['Esc'];
  if (key.upArrow) return ['Up'];
  if (key.downArrow) return ['Down'];
  if (key.pageUp) return ['PgUp'];
  if (key.pageDown) return ['PgDn'];
  if (key.home) return ['Home'];
  if (key.end) return ['End'];
  if (input === ' ') return ['Space'];
  return input ? [input] : [];
}

/** The bindings live in this pane: its own section, then those that work anywhere. */
export function bindingsFor(pane: Pane, table: readonly KeyBinding[] = KEY_BINDINGS): KeyBinding[] {
  return [...table.filter((b) => b.section === SECTION_OF[pane]), ...table.filter((b) => b.section === 'Anywhere')];
}

/**
 * Runs the binding for a key press: the first in this pane (or anywhere) whose keys match and
 * that applies; when none applies, the first matching binding says why. Returns what ran.
 */
export function dispatchKey(ops: KeyOps, ctx: KeyContext, input: string, key: Key, table: readonly KeyBinding[] = KEY_BINDINGS): KeyBinding | null {
  const names = keyNames(input, key);
  const matching = bindingsFor(ctx.pane, table).filter((b) => b.keys.some((k) => names.includes(k)));
  const pressed = names[0] ?? '';
  const hit = matching.find((b) => b.when(ctx));
  if (hit) {
    hit.run(ops, ctx, pressed);
    return hit;
  }
  const why = matching.find((b) => b.otherwise)?.otherwise?.(ctx);
  if (why?.text) ops.say(why.text, why.bad);
  // A key of another tab: say where it works rather than nothing at all.
  else if (matching.length === 0) {
    const elsewhere = table.find((b) => b.section !== 'Anywhere' && b.section !== SECTION_OF[ctx.pane] && b.keys.some((k) => names.includes(k)));
    if (elsewhere) ops.say(`${elsewhere.label} works on the ${elsewhere.section} tab (${TAB_KEY[elsewhere.section]})`);
  }
  return null;
}

/** The key that opens each tab. */
const TAB_KEY: Record<Section, string> = { Steps: '1', Roles: '2', Timeline: '3', Anywhere: '' };

/** The hint line: every binding with a hint word that applies here, pane keys first. */
export function hintLine(ctx: KeyContext, table: readonly KeyBinding[] = KEY_BINDINGS): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const b of bindingsFor(ctx.pane, table)) {
    if (!b.hint || !b.when(ctx)) continue;
    if (seen.has(b.hint)) continue;
    seen.add(b.hint);
    parts.push(b.hint);
  }
  return parts.join(' · ');
}

/** The keys of these bindings that apply here, in the order given, as the step detail words them. */
function keysLine(ctx: KeyContext, ids: readonly string[], table: readonly KeyBinding[]): string {
  return ids
    .map((id) => table.find((b) => b.id === id && b.when(ctx)))
    .filter((b): b is KeyBinding => Boolean(b?.hint))
    .map((b) => b.detail ?? b.hint)
    .join(' · ');
}

/** The keys line under the step detail: what Enter and the other step keys do here. */
export function detailHint(ctx: KeyContext, table: readonly KeyBinding[] = KEY_BINDINGS): string {
  const { step, tag } = ctx;
  if (!step || step.status !== 'pending') return '';
  if (tag === 'fail' && isHookStepId(step.id)) return 'r run it again · n note';
  // The one line that says how to get past a failed hook (the hook's status above it says only what failed).
  if (tag === 'fail') return keysLine(ctx, ['retry', 'undo', 'record', 'skip', 'note'], table);
  if (tag === 'unknown') return 'c record what happened · n note';
  if (tag === 'run') return 'the hook is running…';
  if (tag === 'denied') return 'the approval was denied · R re-request · x skip · n note';
  const action = enterAction(step, tag, false);
  if (action === 'choose') return 'Enter choose an option · x skip';
  if (action === 'approve') return `Enter/a approve (asks first) · ${ctx.overrideRefused ? '' : 'o override · '}D deny · x skip`;
  if (action === 'edit-message') return 'Enter edit and record the message · x skip';
  if (action === 'run' || stepHook(step)) return 'Enter run the hook (asks first) · x skip';
  return 'Enter mark done · x skip · i instructions';
}

export interface KeyHelp {
  keys: string;
  what: string;
}

export interface KeySection {
  title: Section;
  keys: KeyHelp[];
}

/** The help overlay's sections, one line per binding. */
export function helpSections(table: readonly KeyBinding[] = KEY_BINDINGS): KeySection[] {
  const order: Section[] = ['Anywhere', 'Steps', 'Roles', 'Timeline'];
  return order.map((title) => ({ title, keys: table.filter((b) => b.section === title).map((b) => ({ keys: b.label, what: b.help })) }));
}
