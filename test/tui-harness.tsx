import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { loadProject } from '../src/app/project.js';
import { openSession, type Session } from '../src/app/session.js';
import { startIncident, type StartOptions } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import IncidentApp, { type IncidentAppProps } from '../src/ui/components/IncidentApp.js';
import { patience } from './helpers/patience.js';
import { makeProject, type TempProject } from './helpers/project.js';

export const T0 = '2026-03-01T10:00:00.000Z';

export const KEY = { enter: '\r', up: '\u001B[A', down: '\u001B[B', pageUp: '\u001B[5~', ctrlU: '\u0015' } as const;

export interface Mounted {
  project: TempProject;
  session: Session;
  clock: ManualClock;
  id: string;
  ui: ReturnType<typeof render>;
  /** The last frame, ANSI stripped, temp paths and times masked. */
  frame(): string;
  raw(): string;
  press(...keys: string[]): Promise<void>;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** A second person acting on the same log, as another terminal would. */
  other(as: string): Promise<Session>;
  cleanup(): Promise<void>;
}

/** A session on the project's log as `as`; the first one creates the log, as incident start does. */
export function openAs(project: TempProject, as: string, clock: ManualClock): Promise<Session> {
  const env = { ...process.env, AIOPS_DB: '' };
  return openSession({ cwd: project.dir, env, as, clock, project: loadProject({ cwd: project.dir, env }), create: true });
}

/** Starts an incident in a fresh copy of the shipped project and mounts the TUI on it at a fixed size. */
export async function mount(
  opts: {
    as?: string;
    start?: StartOptions;
    /** Opens the incident some other way (a drill); returns its id. */
    open?(session: Session): Promise<string>;
    size?: { columns: number; rows: number };
    setup?(session: Session, id: string): void | Promise<void>;
    props?: Partial<IncidentAppProps>;
  } = {},
): Promise<Mounted> {
  const project = makeProject({ withScenarios: Boolean(opts.open) });
  process.env.AIOPS_STATE_DIR = project.stateDir;
  const clock = new ManualClock(T0);
  const session = await openAs(project, opts.as ?? 'alice', clock);
  const starter = opts.as && opts.as !== 'alice' ? await openAs(project, 'alice', clock) : session;
  const state = { id: opts.open ? await opts.open(starter) : (await startIncident(starter, opts.start ?? { trigger: 'unexpected_tool_call', title: 'Refund loop', service: 'billing-agent', assignOncall: true })).state.id };
  await opts.setup?.(starter, state.id);
  const others: Session[] = [];
  const size = opts.size ?? { columns: 80, rows: 24 };
  const tree = <IncidentApp session={session} incidentId={state.id} cwd={project.dir} size={size} noColor pollMs={25} tickMs={40} {...opts.props} />;
  const ui = render(tree);
  // ink-testing-library's stdout says 100 columns whatever the size: Ink would lay a wider screen out
  // on 100 and push what lies past it sideways. Give it the test's width and lay out again.
  Object.defineProperty(ui.stdout, 'columns', { configurable: true, get: () => size.columns });
  ui.rerender(tree);
  const frame = () =>
    stripVTControlCharacters(ui.lastFrame() ?? '')
      .split(project.dir)
      .join('<project>')
      // A duration is N ms whatever its unit: a hook that takes 40 ms here takes 1.2 s on a loaded machine.
      .replace(/\d+(\.\d+)? (ms|s)\b/g, 'N ms')
      .replace(/⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏/g, '*');
  const m: Mounted = {
    project,
    session,
    clock,
    id: state.id,
    ui,
    frame,
    raw: () => ui.lastFrame() ?? '',
    press: async (...keys) => {
      for (const k of keys) {
        ui.stdin.write(k);
        await tick();
      }
    },
    waitFor: async (text, timeoutMs = 3000) => {
      const until = Date.now() + patience(timeoutMs);
      for (;;) {
        const f = frame();
        if (typeof text === 'string' ? f.includes(text) : text.test(f)) return f;
        if (Date.now() > until) throw new Error(`timed out waiting for ${String(text)} in:\n${f}`);
        await tick(15);
      }
    },
    other: async (as) => {
      const s = await openAs(project, as, clock);
      others.push(s);
      return s;
    },
    cleanup: async () => {
      ui.unmount();
      for (const s of others) await s.close();
      if (starter !== session) await starter.close();
      await session.close();
      project.cleanup();
    },
  };
  await tick();
  return m;
}

export function tick(ms = 10): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
