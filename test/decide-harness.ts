import { ManualClock } from '../src/core/clock.js';
import { type Command, type Decision, decide, type OpenCommand, refusalEvent } from '../src/core/decide.js';
import type { NewEvent, StoredEvent } from '../src/core/events.js';
import type { IncidentState } from '../src/core/incident-state.js';
import { reduceIncident } from '../src/core/reducer.js';
import { phraseFailure } from '../src/app/present-failure.js';
import { shippedPlaybook, shippedProject } from './helpers/engine.js';

export const MIN = 60_000;
export const T0 = '2026-03-01T02:00:00.000Z';

/** The open command for a shipped playbook, as start-incident would give it. */
export function openCommand(playbookId: string, extra: Partial<OpenCommand> = {}): OpenCommand {
  const lp = shippedPlaybook(playbookId);
  const trigger = lp.playbook.triggers[0];
  return {
    kind: 'open',
    id: 'INC-2026-0001',
    playbook: { playbook: lp.playbook, sha256: lp.sha256 },
    trigger: trigger?.id ?? null,
    severity: trigger?.severity ?? 'SEV3',
    selection: { reason: 'test' },
    assignOncall: false,
    ...extra,
  };
}

/**
 * Given events / when a command / then events: an incident folded from its log, every command
 * decided on that state, accepted events (or the refusal's policy.refused) appended.
 */
export class Given {
  readonly log: StoredEvent[] = [];
  readonly clock = new ManualClock(T0);
  readonly project = shippedProject();

  /** An incident opened by `starter` through decide's own `open` command. */
  static opened(playbookId: string, opts: { starter?: string; open?: Partial<OpenCommand> } = {}): Given {
    const g = new Given();
    const d = g.when(opts.starter ?? 'alice', openCommand(playbookId, opts.open), null);
    if (!d.ok) throw new Error(`could not open: ${phraseFailure(d).message}`);
    g.append(d.events);
    return g;
  }

  get state(): IncidentState {
    return reduceIncident(this.log)!;
  }

  ctx(actor: string) {
    return { actor, now: this.clock.now().toISOString(), config: this.project.config, roster: this.project.roster };
  }

  /** Decides without appending. */
  when(actor: string, cmd: Command, state: IncidentState | null = this.state): Decision {
    return decide(state, cmd, this.ctx(actor));
  }

  /** Decides and appends what the pipeline would: the events, or the refusal's policy.refused. */
  run(actor: string, cmd: Command): { decision: Decision; appended: StoredEvent[] } {
    const state = this.state;
    const decision = this.when(actor, cmd, state);
    if (decision.ok) return { decision, appended: this.append(decision.events) };
    if (decision.kind === 'refused') return { decision, appended: this.append([refusalEvent(state, this.ctx(actor), decision, phraseFailure(decision).message)]) };
    return { decision, appended: [] };
  }

  /** Runs each command and fails loudly if one is not accepted. */
  given(...moves: [string, Command][]): this {
    for (const [actor, cmd] of moves) {
      const { decision } = this.run(actor, cmd);
      if (!decision.ok) throw new Error(`given ${cmd.kind} by ${actor}: ${phraseFailure(decision).message}`);
    }
    return this;
  }

  append(events: NewEvent[]): StoredEvent[] {
    const stored = events.map((e, i): StoredEvent => ({ ...e, seq: this.log.length + 1 + i, prevHash: '', hash: '' }));
    this.log.push(...stored);
    return stored;
  }
}

/** Type and payload of each event, the way the tests state what was decided. */
export function typesAndPayloads(events: readonly NewEvent[]): [string, unknown][] {
  return events.map((e) => [e.type, e.payload]);
}

/** The phrased failure of a decision that should have failed. */
export function failureText(d: Decision): { message: string; hint?: string } {
  if (d.ok) throw new Error('expected a failure, the command was accepted');
  return phraseFailure(d);
}
