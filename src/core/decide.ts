import { actingRole, describeHolders, rolesAllowed, rolesOf } from './authority.js';
import type { AttachmentRef, EventPayloads, EventType, IncidentStatus, NewEvent, StoredEvent } from './events.js';
import type { IncidentState, StepState } from './incident-state.js';
import { applyEvent } from './reducer.js';
import type { Severity } from './constants.js';
import type { ConfigFile } from './schemas/config.js';
import type { RosterFile } from './schemas/roster.js';
import { didYouMean } from './closest-name.js';
import { formatShortDuration, parseDuration } from './duration.js';
import { playbookRoles } from './validate-playbook.js';
import { hookStepNeeds, isHookStepId } from './hook-step.js';

export type Command =
  | { kind: 'assign'; role: string; person: string; handoff?: boolean }
  | { kind: 'step'; step: string; action: 'done' | 'skip' | 'choose'; reason?: string; option?: string; note?: string; text?: string; fromHook?: boolean; record?: boolean }
  | { kind: 'approve'; step: string; note?: string; override?: string; argv?: string[] }
  | { kind: 'deny'; step: string; reason: string }
  | { kind: 'request'; step: string; params?: Record<string, string>; argv?: string[]; undoOf?: string }
  | { kind: 'note'; text: string; attachments?: AttachmentRef[]; context?: Record<string, string> }
  | { kind: 'severity'; to: Severity; reason: string }
  | { kind: 'status'; to: IncidentStatus; reason?: string; summary?: string }
  | { kind: 'fire'; step: string; retry?: boolean }
  | { kind: 'record-outcome'; run: string; ok: boolean; note: string }
  | { kind: 'judge'; expectation: string; met: boolean; note?: string }
  | { kind: 'debrief'; text: string }
  | { kind: 'tick' };

export interface DecideContext {
  actor: string;
  now: string;
  config: ConfigFile;
  roster: RosterFile;
}

export type Decision =
  | { ok: true; events: NewEvent[]; warnings: string[]; role: string | null }
  | { ok: false; kind: 'invalid'; message: string; hint?: string }
  | { ok: false; kind: 'refused'; rule: string; message: string; event: NewEvent };

const PERSON_RE = /^[A-Za-z0-9][A-Za-z0-9_.@-]*$/;

const TRANSITIONS: Record<IncidentStatus, IncidentStatus[]> = {
  open: ['mitigated', 'resolved'],
  mitigated: ['resolved', 'open'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

/** The incident's step, or a pseudo-step `hook:NAME` for a hook fired outside the playbook. */
export function findStep(state: IncidentState, id: string): StepState | undefined {
  return state.steps.find((s) => s.id === id);
}

export function stepHook(step: StepState): string | null {
  if (step.spec.kind === 'action') return step.spec.hook;
  if (step.spec.kind === 'notify') return step.spec.hook ?? null;
  return null;
}

/** Roles still missing for a step's current approval round. */
export function missingApprovals(step: StepState): string[] {
  if (step.approvals.some((a) => a.override)) return [];
  const filled = new Set(step.approvals.map((a) => a.role));
  return step.needs.filter((r) => !filled.has(r));
}

/** Seq of the approval that completed the current round (0 when none were needed). */
function approvalRoundSeq(step: StepState): number {
  return step.approvals.reduce((m, a) => Math.max(m, a.seq), 0);
}

/**
 * Decides a command against the current state: the events to append, or why not.
 * Pure: the caller appends the events (or the refusal event) in one transaction.
 */
export function decide(state: IncidentState, cmd: Command, ctx: DecideContext): Decision {
  const d = new Decider(state, ctx);
  const primary = d.run(cmd);
  if (!primary.ok) return primary;
  return { ...primary, events: [...primary.events, ...followUps(state, primary.events, ctx)] };
}

/** Events the system adds after a command: newly overdue steps, and approval requests for the next step. */
export function followUps(state: IncidentState, events: NewEvent[], ctx: DecideContext): NewEvent[] {
  // Follow-ups read only status, steps and the path: the notes are not copied.
  let next: IncidentState | null = { ...structuredClone({ ...state, recentNotes: [] }), recentNotes: [...state.recentNotes] };
  let seq = state.lastSeq;
  for (const e of events) next = applyEvent(next, { ...e, seq: ++seq, prevHash: '', hash: '' } as StoredEvent);
  if (!next) return [];
  const out: NewEvent[] = [];
  const mk = <T extends EventType>(type: T, payload: EventPayloads[T]) =>
    ({ type, incidentId: state.id, ts: ctx.now, actor: 'system', role: null, payload }) as NewEvent;
  const now = Date.parse(ctx.now);
  if (next.status !== 'closed') {
    for (const st of next.steps) {
      if ((st.status === 'pending') && st.dueAt && Date.parse(st.dueAt) < now && !st.overdueLogged) {
        out.push(mk('step.overdue', { step: st.id, due: st.spec.due ?? '', dueAt: st.dueAt }));
      }
    }
    const cur = next.current ? findStep(next, next.current) : undefined;
    if (cur && cur.needs.length > 0 && cur.requestedAt === null && !cur.denied) {
      out.push(mk('approval.requested', { step: cur.id, hook: stepHook(cur), roles: cur.needs }));
    }
  }
  return out;
}

class Decider {
  constructor(
    private readonly s: IncidentState,
    private readonly ctx: DecideContext,
  ) {}

  private ev<T extends EventType>(type: T, payload: EventPayloads[T], role: string | null): NewEvent {
    return { type, incidentId: this.s.id, ts: this.ctx.now, actor: this.ctx.actor, role, payload } as NewEvent;
  }

  private ok(events: NewEvent[], role: string | null, warnings: string[] = []): Decision {
    return { ok: true, events, warnings, role };
  }

  private invalid(message: string, hint?: string): Decision {
    return { ok: false, kind: 'invalid', message, hint };
  }

  private refuse(rule: string, message: string, command: string, args: Record<string, unknown>): Decision {
    const held = rolesOf(this.s, this.ctx.actor);
    const event = this.ev('policy.refused', { rule, command, message, args }, held[0] ?? null);
    return { ok: false, kind: 'refused', rule, message, event };
  }

  run(cmd: Command): Decision {
    const closedOk = cmd.kind === 'note' || cmd.kind === 'status' || cmd.kind === 'debrief' || cmd.kind === 'judge' || cmd.kind === 'tick' || cmd.kind === 'record-outcome';
    if (this.s.status === 'closed' && !closedOk) {
      return this.refuse('incident.closed', `${this.s.id} is closed; reopen it first (aiops incident status ${this.s.id} open --reason ..)`, cmd.kind, {});
    }
    switch (cmd.kind) {
      case 'assign':
        return this.assign(cmd);
      case 'step':
        return this.step(cmd);
      case 'approve':
        return this.approve(cmd);
      case 'deny':
        return this.deny(cmd);
      case 'request':
        return this.request(cmd);
      case 'note':
        if (!cmd.text.trim() && !(cmd.attachments?.length)) return this.invalid('a note needs text or an attachment');
        return this.ok([this.ev('note.added', { text: cmd.text, attachments: cmd.attachments ?? [], ...(cmd.context ? { context: cmd.context } : {}) }, rolesOf(this.s, this.ctx.actor)[0] ?? null)], null);
      case 'severity':
        return this.severity(cmd);
      case 'status':
        return this.status(cmd);
      case 'fire':
        return this.fire(cmd);
      case 'record-outcome':
        return this.recordOutcome(cmd);
      case 'judge':
        if (!this.s.drill) return this.invalid(`${this.s.id} is not a drill`);
        return this.ok([this.ev('drill.judged', { expectation: cmd.expectation, met: cmd.met, ...(cmd.note ? { note: cmd.note } : {}) }, null)], null);
      case 'debrief':
        if (!cmd.text.trim()) return this.invalid('a debrief note needs text');
        return this.ok([this.ev('drill.debrief', { text: cmd.text }, null)], null);
      case 'tick':
        return this.ok([], null);
    }
  }

  private assign(cmd: Extract<Command, { kind: 'assign' }>): Decision {
    const roles = playbookRoles(this.s.playbookContent);
    if (!roles.includes(cmd.role)) return this.invalid(`unknown role "${cmd.role}"; roles are ${roles.join(', ')}`);
    if (!PERSON_RE.test(cmd.person)) return this.invalid(`"${cmd.person}" is not a usable person name`, 'use a roster id like alice');
    const allowed = rolesAllowed('assign', this.ctx.config.authority);
    // Whoever holds a role may hand it on themselves (a shift change); anything else needs assign authority.
    const ownHandoff = cmd.handoff && this.s.roles[cmd.role]?.person === this.ctx.actor ? cmd.role : null;
    const role = actingRole(this.s, this.ctx.actor, allowed) ?? ownHandoff;
    const verb = cmd.handoff ? 'handoff' : 'assign';
    if (!role) {
      return this.refuse('authority.assign', `only ${allowed.join(' or ')} may ${verb} roles (${describeHolders(this.s, allowed)}); ${this.ctx.actor} holds ${rolesOf(this.s, this.ctx.actor).join(', ') || 'no role'}`, verb, { role: cmd.role, person: cmd.person });
    }
    const current = this.s.roles[cmd.role];
    // Already so: nothing to record, and a script or a second terminal doing the same is not an error.
    if (current?.person === cmd.person) return this.ok([], role, [`${cmd.person} already holds ${cmd.role}`]);
    if (cmd.handoff && !current) return this.invalid(`${cmd.role} is not held by anyone yet; use assign`);
    const warnings: string[] = [];
    const people = Object.keys(this.ctx.roster.people);
    const person = this.ctx.roster.people[cmd.person];
    // With a roster, a name not in it is almost always a typo: refuse before it becomes the record.
    if (!person && people.length > 0) {
      return this.invalid(`${cmd.person} is not in the roster${didYouMean(cmd.person, people)}`, `people: ${people.join(', ')}`);
    }
    if (!person) warnings.push(`${cmd.person} is not in the roster`);
    else if (!person.roles.includes(cmd.role)) warnings.push(`${cmd.person} does not have the ${cmd.role} role in the roster (has: ${person.roles.join(', ') || 'none'})`);
    const payload: EventPayloads['role.assigned'] = {
      role: cmd.role,
      person: cmd.person,
      previous: current?.person ?? null,
      handoff: Boolean(cmd.handoff),
      source: 'manual',
      ...(warnings.length ? { warning: warnings.join('; ') } : {}),
    };
    return this.ok([this.ev('role.assigned', payload, role)], role, warnings);
  }

  private stepRole(st: StepState): string | null {
    return actingRole(this.s, this.ctx.actor, [st.owner, 'commander']);
  }

  private step(cmd: Extract<Command, { kind: 'step' }>): Decision {
    const st = findStep(this.s, cmd.step);
    if (!st || st.id.startsWith('hook:')) return this.invalid(`no step "${cmd.step}" in ${this.s.playbook.id}@${this.s.playbook.version}`, `steps: ${this.s.steps.map((x) => x.id).join(', ')}`);
    if (st.status === 'done' || st.status === 'skipped') {
      return this.invalid(`step ${st.id} was already ${st.status === 'done' ? 'done' : 'skipped'} by ${st.doneBy} at ${st.doneAt}`);
    }
    const args = { step: st.id, action: cmd.action };
    const role = this.stepRole(st);
    // A hook that succeeded completes its step: firing it was already authorised.
    if (!role && !cmd.fromHook) {
      return this.refuse('step.owner', `step ${st.id} belongs to ${st.owner} (${describeHolders(this.s, [st.owner, 'commander'])}); ${this.ctx.actor} holds ${rolesOf(this.s, this.ctx.actor).join(', ') || 'no role'}`, 'step', args);
    }
    const note = cmd.note ? { note: cmd.note } : {};
    if (cmd.action === 'skip') {
      if (!cmd.reason?.trim()) return this.invalid('skipping a step needs a reason (--skip "why")');
      return this.ok([this.ev('step.skipped', { step: st.id, reason: cmd.reason }, role)], role);
    }
    if (cmd.action === 'choose') {
      if (st.spec.kind !== 'decision') return this.invalid(`step ${st.id} is a ${st.kind}, not a decision; use --done`);
      const opt = st.spec.options.find((o) => String(o.id) === cmd.option);
      if (!opt) return this.invalid(`step ${st.id} has no option "${cmd.option}"; options: ${st.spec.options.map((o) => o.id).join(', ')}`);
      return this.ok([this.ev('step.completed', { step: st.id, option: String(opt.id), ...(opt.goto ? { goto: opt.goto } : {}), ...note }, role)], role);
    }
    if (st.spec.kind === 'decision') {
      return this.invalid(`step ${st.id} is a decision: choose with --choose (${st.spec.options.map((o) => o.id).join(', ')})`);
    }
    const warnings: string[] = [];
    const marks: { byHand?: { hook: string; run: string }; endedEarlyBy?: string } = {};
    const hook = stepHook(st);
    if (hook) {
      const last = st.runs.at(-1);
      if (cmd.fromHook) {
        if (!last?.finished?.ok) return this.invalid(`hook ${hook} for step ${st.id} has not succeeded`);
      } else if (cmd.record) {
        const missing = missingApprovals(st);
        if (missing.length) return this.refuse('approval.missing', `step ${st.id} still needs approval from ${missing.join(' and ')}`, 'step', args);
        if (!cmd.note?.trim()) return this.invalid('recording a step done by hand needs --note saying what was done');
        if (!last || last.finished?.ok) return this.invalid(`--record is for a hook that failed or whose outcome is unknown; step ${st.id} has ${last ? 'a successful run' : 'no run yet'}`);
        warnings.push(`recorded ${st.id} as done by hand; hook ${hook} did not succeed`);
        marks.byHand = { hook, run: last.run };
      } else {
        return this.invalid(`step ${st.id} completes when hook ${hook} succeeds`, `aiops incident step ${this.s.id} ${st.id} --done runs it once approvals are in`);
      }
    }
    const early = this.endedEarlyBy(st);
    if (early !== null && st.spec.kind === 'wait') {
      warnings.push(`wait ${st.id} ended early, ${early} before its ${st.spec.duration} were up`);
      marks.endedEarlyBy = early;
    }
    const text = cmd.text !== undefined ? { text: cmd.text } : {};
    // The marks go into the event, so the postmortem says so too, not only this terminal
    return this.ok([this.ev('step.completed', { step: st.id, ...note, ...text, ...marks }, role)], role, warnings);
  }

  /** For a wait step ended before its time was up, how much was left (`9m59s`); else null. */
  private endedEarlyBy(st: StepState): string | null {
    if (st.spec.kind !== 'wait') return null;
    const idx = this.s.path.indexOf(st.id);
    const prev = idx > 0 ? findStep(this.s, this.s.path[idx - 1]!) : undefined;
    const start = Date.parse(prev?.doneAt ?? this.s.openedAt);
    const ends = start + (parseDuration(st.spec.duration) ?? 0);
    const now = Date.parse(this.ctx.now);
    return now < ends ? formatShortDuration(ends - now) : null;
  }

  private resolveApprovalStep(stepId: string): StepState | Decision {
    const st = findStep(this.s, stepId);
    if (!st && isHookStepId(stepId)) {
      const hook = stepId.slice('hook:'.length);
      return this.invalid(`nothing was requested for ${stepId}`, `aiops hook run ${this.s.id} ${hook} --param k=v asks for approval of the exact command`);
    }
    if (!st) return this.invalid(`no step "${stepId}" in ${this.s.playbook.id}@${this.s.playbook.version}`);
    if (st.needs.length === 0) return this.invalid(`step ${st.id} needs no approval`);
    if (st.status === 'done' || st.status === 'skipped') return this.invalid(`step ${st.id} is already ${st.status}`);
    return st;
  }

  private approve(cmd: Extract<Command, { kind: 'approve' }>): Decision {
    const found = this.resolveApprovalStep(cmd.step);
    if ('ok' in found) return found;
    const st = found;
    const args = { step: st.id, ...(cmd.override ? { override: true } : {}) };
    const hook = stepHook(st);
    if (st.denied) {
      return this.refuse('approval.denied', `step ${st.id} was denied by ${st.denied.by}: ${st.denied.reason}; re-request it first (aiops incident request ${this.s.id} ${st.id})`, 'approve', args);
    }
    const missing = missingApprovals(st);
    const base = {
      step: st.id,
      hook,
      playbook: this.s.playbook,
      context: this.s.context,
      ...(cmd.argv ? { argv: cmd.argv } : {}),
      ...(cmd.note ? { note: cmd.note } : {}),
    };
    if (cmd.override !== undefined) {
      if (!cmd.override.trim()) return this.invalid('an override needs --reason');
      if (actingRole(this.s, this.ctx.actor, ['commander']) !== 'commander') {
        return this.refuse('override.commander', `only the commander may override approvals (${describeHolders(this.s, ['commander'])})`, 'approve', args);
      }
      if (missing.length === 0) return this.invalid(`step ${st.id} is already fully approved; nothing to override`);
      return this.ok([this.ev('approval.granted', { ...base, role: 'commander', override: { reason: cmd.override, missing } }, 'commander')], 'commander');
    }
    if (missing.length === 0) return this.invalid(`step ${st.id} is already fully approved`);
    const mine = st.approvals.find((a) => a.person === this.ctx.actor);
    if (mine) {
      return this.refuse('approval.two-person', `${this.ctx.actor} already approved ${st.id} as ${mine.role}; two-person rule: the ${missing.join(' and ')} approval must come from someone else`, 'approve', args);
    }
    const role = actingRole(this.s, this.ctx.actor, missing);
    if (!role) {
      return this.refuse('approval.role', `approving ${st.id} needs ${missing.join(' or ')} (${describeHolders(this.s, missing)}); ${this.ctx.actor} holds ${rolesOf(this.s, this.ctx.actor).join(', ') || 'no role'}`, 'approve', args);
    }
    const events: NewEvent[] = [];
    if (st.requestedAt === null) events.push(this.ev('approval.requested', { step: st.id, hook, roles: st.needs }, role));
    events.push(this.ev('approval.granted', { ...base, role }, role));
    return this.ok(events, role);
  }

  private deny(cmd: Extract<Command, { kind: 'deny' }>): Decision {
    const found = this.resolveApprovalStep(cmd.step);
    if ('ok' in found) return found;
    if (!cmd.reason.trim()) return this.invalid('a deny needs --reason');
    const role = actingRole(this.s, this.ctx.actor, [...found.needs, 'commander']);
    if (!role) {
      return this.refuse('approval.role', `denying ${found.id} needs one of ${[...new Set([...found.needs, 'commander'])].join(', ')}; ${this.ctx.actor} holds ${rolesOf(this.s, this.ctx.actor).join(', ') || 'no role'}`, 'deny', { step: found.id });
    }
    return this.ok([this.ev('approval.denied', { step: found.id, hook: stepHook(found), role, reason: cmd.reason }, role)], role);
  }

  private request(cmd: Extract<Command, { kind: 'request' }>): Decision {
    if (isHookStepId(cmd.step)) return this.requestHook(cmd);
    const found = this.resolveApprovalStep(cmd.step);
    if ('ok' in found) return found;
    const role = rolesOf(this.s, this.ctx.actor)[0] ?? null;
    return this.ok([this.ev('approval.requested', { step: found.id, hook: stepHook(found), roles: found.needs }, role)], role);
  }

  /** Opens a new approval round on a pseudo-step `hook:NAME` for one exact set of params. */
  private requestHook(cmd: Extract<Command, { kind: 'request' }>): Decision {
    const hook = cmd.step.slice('hook:'.length);
    const spec = this.ctx.config.hooks?.[hook];
    if (!spec) return this.invalid(`hook "${hook}" is not defined in aiops.yaml`, `hooks: ${Object.keys(this.ctx.config.hooks ?? {}).join(', ') || 'none'}`);
    const args = { step: cmd.step, hook };
    const role = rolesOf(this.s, this.ctx.actor)[0] ?? null;
    if (!role) return this.refuse('step.owner', `${this.ctx.actor} holds no role in ${this.s.id}; only responders may ask to run hooks`, 'request', args);
    const existing = findStep(this.s, cmd.step);
    const unknown = existing?.runs.find((r) => !r.finished);
    if (unknown) {
      return this.refuse('hook.outcome-unknown', `hook ${unknown.hook} started at ${unknown.startedAt} (run ${unknown.run}) has no recorded outcome — check and record it (aiops hook record ${this.s.id} ${unknown.run} --ok|--failed --note ..) before asking again`, 'request', args);
    }
    let roles = hookStepNeeds(this.ctx.config, hook);
    if (cmd.undoOf !== undefined) {
      const run = this.s.runs.find((r) => r.run === cmd.undoOf);
      if (!run) return this.invalid(`no hook run "${cmd.undoOf}" in ${this.s.id}`);
      if (!run.finished?.ok) return this.invalid(`run ${run.run} (${run.hook}) did not succeed; there is nothing to undo`);
      const undo = this.ctx.config.hooks?.[run.hook]?.undo;
      if (undo !== hook) return this.invalid(`hook ${run.hook} has ${undo ? `undo ${undo}` : 'no undo'} in aiops.yaml, not ${hook}`);
      const original = findStep(this.s, run.step ?? '');
      roles = [...(original?.needs ?? [])];
      for (const r of spec.approve ?? []) if (!roles.includes(r)) roles.push(r);
    }
    const payload: EventPayloads['approval.requested'] = {
      step: cmd.step,
      hook,
      roles,
      ...(cmd.argv ? { argv: cmd.argv } : {}),
      params: { ...(cmd.params ?? {}) },
      ...(cmd.undoOf !== undefined ? { undoOf: cmd.undoOf } : {}),
    };
    return this.ok([this.ev('approval.requested', payload, role)], role);
  }

  private severity(cmd: Extract<Command, { kind: 'severity' }>): Decision {
    if (!cmd.reason?.trim()) return this.invalid('changing severity needs --reason');
    if (cmd.to === this.s.severity) return this.invalid(`${this.s.id} is already ${cmd.to}`);
    const allowed = rolesAllowed('severity', this.ctx.config.authority);
    const role = actingRole(this.s, this.ctx.actor, allowed);
    if (!role) return this.refuse('authority.severity', `only ${allowed.join(' or ')} may change severity (${describeHolders(this.s, allowed)})`, 'severity', { to: cmd.to });
    return this.ok([this.ev('severity.changed', { from: this.s.severity, to: cmd.to, reason: cmd.reason }, role)], role);
  }

  private status(cmd: Extract<Command, { kind: 'status' }>): Decision {
    const from = this.s.status;
    if (cmd.to === from) return this.invalid(`${this.s.id} is already ${from}`);
    const args = { from, to: cmd.to };
    if (!TRANSITIONS[from].includes(cmd.to)) {
      return this.refuse('status.transition', `cannot go from ${from} to ${cmd.to}; from ${from} an incident may go to ${TRANSITIONS[from].join(' or ')}`, 'status', args);
    }
    const closing = cmd.to === 'closed';
    if (closing && !cmd.summary?.trim()) return this.invalid('closing needs a summary (aiops incident close ID --summary "...")');
    if (cmd.to === 'open' && !cmd.reason?.trim()) return this.invalid('reopening needs --reason');
    const allowed = rolesAllowed(closing ? 'close' : 'status', this.ctx.config.authority);
    const role = actingRole(this.s, this.ctx.actor, allowed);
    if (!role) return this.refuse(closing ? 'authority.close' : 'authority.status', `only ${allowed.join(' or ')} may ${closing ? 'close' : 'change status'} (${describeHolders(this.s, allowed)})`, 'status', args);
    const payload: EventPayloads['status.changed'] = { from, to: cmd.to, ...(cmd.reason ? { reason: cmd.reason } : {}), ...(closing ? { summary: cmd.summary } : {}) };
    const open = this.s.steps.filter((st) => st.status === 'pending').map((st) => st.id);
    const warnings = (cmd.to === 'resolved' || closing) && open.length ? [`${open.length} step${open.length === 1 ? '' : 's'} still pending: ${open.join(', ')}`] : [];
    return this.ok([this.ev('status.changed', payload, role)], role, warnings);
  }

  /** May this actor fire the step's hook now? No events: the hook runner commits hook.started itself. */
  private fire(cmd: Extract<Command, { kind: 'fire' }>): Decision {
    const st = findStep(this.s, cmd.step);
    if (!st) return this.invalid(`no step "${cmd.step}" in ${this.s.playbook.id}@${this.s.playbook.version}`);
    const hook = stepHook(st);
    if (!hook) return this.invalid(`step ${st.id} has no hook to run`);
    if (st.status === 'done' || st.status === 'skipped') return this.invalid(`step ${st.id} is already ${st.status}`);
    const args = { step: st.id, hook, ...(cmd.retry ? { retry: true } : {}) };
    if (st.denied) return this.refuse('approval.denied', `step ${st.id} was denied by ${st.denied.by}: ${st.denied.reason}`, 'fire', args);
    const missing = missingApprovals(st);
    if (missing.length > 0) {
      const have = st.approvals.map((a) => `${a.role} by ${a.person}`).join(', ');
      return this.refuse('approval.missing', `hook ${hook} for step ${st.id} needs approval from ${missing.join(' and ')}${have ? ` (have: ${have})` : ''}; nothing ran`, 'fire', args);
    }
    const role = this.stepRole(st) ?? actingRole(this.s, this.ctx.actor, st.approvals.filter((a) => a.person === this.ctx.actor).map((a) => a.role));
    if (!role) return this.refuse('step.owner', `step ${st.id} belongs to ${st.owner}; ${this.ctx.actor} may not run its hook`, 'fire', args);
    // Any run of this step without an outcome blocks it, whatever approval round it belonged to.
    const unknown = st.runs.find((r) => !r.finished);
    if (unknown) {
      return this.refuse('hook.outcome-unknown', `hook ${unknown.hook} started at ${unknown.startedAt} (run ${unknown.run}) has no recorded outcome — check and record it (aiops hook record ${this.s.id} ${unknown.run} --ok|--failed --note ..); it is never retried silently`, 'fire', args);
    }
    const round = approvalRoundSeq(st);
    const runsThisRound = st.runs.filter((r) => r.seq > round && (!r.undoOf || isHookStepId(st.id)));
    const last = runsThisRound.at(-1);
    if (last && last.finished?.ok) return this.invalid(`hook ${hook} already succeeded for step ${st.id}`);
    if (last && !cmd.retry) {
      return this.refuse('hook.once-per-approval', `hook ${hook} already ran for step ${st.id} under this approval and failed; re-run it explicitly with --retry`, 'fire', args);
    }
    return this.ok([], role);
  }

  private recordOutcome(cmd: Extract<Command, { kind: 'record-outcome' }>): Decision {
    const run = this.s.runs.find((r) => r.run === cmd.run);
    if (!run) return this.invalid(`no hook run "${cmd.run}" in ${this.s.id}`);
    if (run.finished) return this.invalid(`run ${cmd.run} already has an outcome (${run.finished.ok ? 'ok' : 'failed'})`);
    if (!cmd.note.trim()) return this.invalid('recording an outcome needs --note saying how you checked');
    const role = rolesOf(this.s, this.ctx.actor)[0] ?? null;
    return this.ok([this.ev('hook.outcome_recorded', { run: run.run, hook: run.hook, step: run.step, ok: cmd.ok, note: cmd.note }, role)], role);
  }
}
