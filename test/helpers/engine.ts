import { ManualClock } from '../../src/core/clock.js';
import { type Command, type Decision, decide, type Failure, followUps } from '../../src/core/decide.js';
import { type Phrase, phraseFailure, refusalEventFor } from '../../src/app/present-failure.js';
import type { EventPayloads, NewEvent, StoredEvent } from '../../src/core/events.js';
import type { IncidentState } from '../../src/core/incident-state.js';
import { reduceIncident } from '../../src/core/reducer.js';
import { requiredApprovals } from '../../src/core/validate-playbook.js';
import { type LoadedPlaybook, loadProject, type Project } from '../../src/app/project.js';
import { REPO } from './project.js';

let cached: Project | undefined;

/** A decision as the tests read it: a failure also carries the message and hint people see. */
export type PhrasedDecision = Exclude<Decision, Failure> | (Failure & Phrase);

/** The shipped project (aiops.yaml, roster, 7 playbooks), parsed once; no database. */
export function shippedProject(): Project {
  cached ??= loadProject({ cwd: REPO, env: {} });
  return cached;
}

export function shippedPlaybook(id: string, version?: string): LoadedPlaybook {
  const found = shippedProject().playbooks.filter((p) => p.playbook.id === id && (!version || p.playbook.version === version));
  if (!found.length) throw new Error(`no shipped playbook ${id}`);
  return found.sort((a, b) => (a.playbook.version < b.playbook.version ? 1 : -1))[0]!;
}

/**
 * An incident kept in memory the way src/app keeps it on disk: the log is the truth, every
 * command is decided on the state folded from it, refusals log their policy.refused event.
 */
export class MemoryIncident {
  readonly log: StoredEvent[] = [];
  readonly clock: ManualClock;
  readonly project: Project;

  constructor(lp: LoadedPlaybook, opts: { starter?: string; start?: string; id?: string; context?: Record<string, string> } = {}) {
    this.project = shippedProject();
    this.clock = new ManualClock(opts.start ?? '2026-03-01T02:00:00.000Z');
    const ts = this.clock.now().toISOString();
    const id = opts.id ?? 'INC-2026-0001';
    const starter = opts.starter ?? 'alice';
    const pb = lp.playbook;
    const approvals: Record<string, string[]> = {};
    for (const s of pb.steps) {
      const need = requiredApprovals(s, this.project.config);
      if (need.length) approvals[s.id] = need;
    }
    const opened: EventPayloads['incident.opened'] = {
      title: `${pb.id} test`,
      service: 'assistant-eu',
      severity: pb.triggers[0]?.severity ?? 'SEV3',
      trigger: pb.triggers[0]?.id ?? null,
      playbook: { id: pb.id, version: pb.version, sha256: lp.sha256 },
      playbookContent: structuredClone(pb),
      approvals,
      context: opts.context ?? {},
      selection: { reason: 'test' },
    };
    const first: NewEvent[] = [
      { type: 'incident.opened', incidentId: id, ts, actor: starter, role: 'commander', payload: opened },
      { type: 'role.assigned', incidentId: id, ts, actor: starter, role: 'commander', payload: { role: 'commander', person: starter, previous: null, handoff: false, source: 'starter' } },
    ];
    this.append(first);
    this.append(followUps(this.state, [], this.ctx(starter)));
  }

  get state(): IncidentState {
    return reduceIncident(this.log)!;
  }

  ctx(actor: string) {
    return { actor, now: this.clock.now().toISOString(), config: this.project.config, roster: this.project.roster };
  }

  append(events: NewEvent[]): StoredEvent[] {
    const stored = events.map((e) => ({ ...e, seq: this.log.length + 1 + events.indexOf(e), prevHash: '', hash: '' }) as StoredEvent);
    this.log.push(...stored);
    return stored;
  }

  /** Decides a command as `actor` and appends what src/app would append. */
  run(actor: string, cmd: Command): { decision: PhrasedDecision; appended: StoredEvent[] } {
    const ctx = this.ctx(actor);
    const decision = decide(this.state, cmd, ctx);
    if (decision.ok) return { decision, appended: this.append(decision.events) };
    const phrased = { ...decision, ...phraseFailure(decision) };
    if (decision.kind === 'refused') return { decision: phrased, appended: this.append([refusalEventFor(this.state, ctx, decision)]) };
    return { decision: phrased, appended: [] };
  }

  /** What fire-hook.ts does for a drill: a simulated run, then the step completes from the hook. */
  fireSimulated(actor: string, step: string): { decision: PhrasedDecision; appended: StoredEvent[] } {
    const st = this.state.steps.find((s) => s.id === step);
    const hook = st && (st.spec.kind === 'action' || st.spec.kind === 'notify') ? (st.spec.hook ?? '') : '';
    return this.run(actor, { kind: 'hook-begin', step, argv: [hook], env: [], cwd: '', simulated: true });
  }
}
