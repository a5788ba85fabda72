import type { EventOf, StoredEvent } from '../events.js';
import { isHookStepId, openHookStepRound } from '../hook-step.js';
import { IncidentDraft } from './draft.js';
import { failureFromNow } from './drill-failures.js';
import { finishRun, startRun } from './hook-runs.js';
import { noteOf } from './note-of.js';
import { openIncident } from './open-incident.js';
import { readablePayload } from '../payload-shape.js';
import { pinActingLogin } from './acting-logins.js';
import { Ownership } from './ownership.js';
import { recomputePath } from './path.js';
import { type IncidentState, RECENT_NOTES } from './state.js';
import type { InventorySnapshot } from '../inventory.js';

/**
 * The incident after one more event; `state` itself is never changed (only what the event touches
 * is copied). Events for another incident, or before the opening, leave it as it was.
 */
export function evolve(state: IncidentState | null, e: StoredEvent): IncidentState | null {
  return evolveOwned(new Ownership(), state, e);
}

/**
 * The incident after several events: the same as evolving them one by one, but each array the
 * events touch is copied once for the whole batch, not once per event, so a fold costs O(1) per event.
 */
export function foldEvents(state: IncidentState | null, events: Iterable<StoredEvent>): IncidentState | null {
  const own = new Ownership();
  let next = state;
  for (const e of events) next = evolveOwned(own, next, e);
  return next;
}

/** Rebuilds an incident from its events; total: unknown shapes never throw past here. */
export function reduceIncident(events: Iterable<StoredEvent>): IncidentState | null {
  return foldEvents(null, events);
}

function evolveOwned(own: Ownership, state: IncidentState | null, e: StoredEvent): IncidentState | null {
  if (e.type === 'incident.opened') {
    if (state) return touch(own, state, e);
    const opened = openIncident(own, e);
    recomputePath(new IncidentDraft(own, opened));
    pinActingLogin(opened, e);
    return opened;
  }
  if (!state || e.incidentId !== state.id) return state;
  const d = new IncidentDraft(own, touch(own, state, e));
  apply(d, e);
  pinActingLogin(d.s, e);
  return d.s;
}

function touch(own: Ownership, state: IncidentState, e: StoredEvent): IncidentState {
  const s = own.writable(state);
  s.lastSeq = e.seq;
  s.lastTs = e.ts;
  s.events += 1;
  return s;
}

function apply(d: IncidentDraft, e: Exclude<StoredEvent, EventOf<'incident.opened'>>): void {
  const s = d.s;
  switch (e.type) {
    case 'role.assigned':
      return assignRole(d, e);
    case 'step.completed': {
      const at = d.stepAt(e.payload.step);
      if (at < 0) return;
      const st = d.editStep(at);
      st.status = 'done';
      st.option = e.payload.option;
      st.note = e.payload.note;
      st.text = e.payload.text;
      st.doneAt = e.ts;
      st.doneBy = e.actor;
      return recomputePath(d);
    }
    case 'step.skipped': {
      const at = d.stepAt(e.payload.step);
      if (at < 0) return;
      const st = d.editStep(at);
      st.status = 'skipped';
      st.skipReason = e.payload.reason;
      st.doneAt = e.ts;
      st.doneBy = e.actor;
      return recomputePath(d);
    }
    case 'step.reopened': {
      const at = d.stepAt(e.payload.step);
      if (at < 0) return;
      const st = d.editStep(at);
      st.status = 'pending';
      st.option = undefined;
      st.note = undefined;
      st.text = undefined;
      st.skipReason = undefined;
      st.doneAt = undefined;
      st.doneBy = undefined;
      // A reopened hook step asks for its approvals again: those given were for what already ran.
      st.approvals = [];
      st.denied = null;
      return recomputePath(d);
    }
    case 'step.overdue': {
      const at = d.stepAt(e.payload.step);
      if (at >= 0) d.editStep(at).overdueLogged = true;
      return;
    }
    case 'approval.requested':
      return requestApproval(d, e);
    case 'approval.granted': {
      const at = d.stepAt(e.payload.step);
      if (at < 0) return;
      const st = d.editStep(at);
      st.approvals = d.list(st.approvals);
      const { role, note, override, argv, command, policy } = e.payload;
      st.approvals.push({ role, person: e.actor, ts: e.ts, seq: e.seq, note, override, ...(argv ? { argv } : {}), ...(command ? { command } : {}), ...(policy ? { policy } : {}) });
      if (override) s.overrides += 1;
      return;
    }
    case 'approval.denied': {
      const at = d.stepAt(e.payload.step);
      if (at >= 0) d.editStep(at).denied = { by: e.actor, role: e.payload.role, reason: e.payload.reason, ts: e.ts };
      return;
    }
    case 'approval.lapsed': {
      const at = d.stepAt(e.payload.step);
      if (at >= 0) d.editStep(at).approvals = [];
      return;
    }
    case 'hook.started':
    case 'hook.simulated':
      return startRun(d, e);
    case 'hook.finished':
    case 'hook.outcome_recorded':
      return finishRun(d, e);
    case 'note.added': {
      const notes = d.field('recentNotes');
      notes.push(noteOf(e));
      if (notes.length > RECENT_NOTES) notes.shift();
      s.noteCount += 1;
      if (readablePayload(e) && e.payload.context) Object.assign(d.field('context'), e.payload.context);
      return;
    }
    case 'severity.changed':
      s.severity = e.payload.to;
      d.field('severityHistory').push({ ts: e.ts, from: e.payload.from, to: e.payload.to, reason: e.payload.reason, actor: e.actor });
      return;
    case 'incident.edited':
      if (typeof e.payload.title === 'string') s.title = e.payload.title;
      if (typeof e.payload.service === 'string') s.service = e.payload.service;
      // An edit without a pin (a title alone, or a log from before edits re-pinned) keeps the pin it had.
      if (isSnapshot(e.payload.inventory)) s.inventory = e.payload.inventory;
      return;
    case 'status.changed':
      s.status = e.payload.to;
      d.field('statusHistory').push({ ts: e.ts, from: e.payload.from, to: e.payload.to, reason: e.payload.reason, actor: e.actor });
      if (e.payload.summary !== undefined) s.summary = e.payload.summary;
      s.duplicateOf = e.payload.to === 'duplicate' ? e.payload.duplicateOf ?? null : null;
      return;
    case 'policy.refused':
      s.refusals += 1;
      return;
    case 'policy.triggered':
      d.field('policyRuns')[e.payload.policy] = { policy: e.payload.policy, ts: e.ts, severity: e.payload.severity, hold: e.payload.hold, acked: null };
      return;
    case 'policy.acknowledged': {
      const runs = d.field('policyRuns');
      for (const id of e.payload.policies) if (runs[id]) runs[id] = { ...runs[id]!, acked: { by: e.actor, role: e.role, ts: e.ts } };
      return;
    }
    case 'policy.withdrawn':
      return withdrawPolicy(d, e);
    case 'drill.inject': {
      const p = e.payload;
      d.field('injects').push({ seq: e.seq, inject: p.inject, kind: p.kind, summary: p.summary, ts: e.ts, source: p.source });
      // A new drill record, as for pauses: it is shared with earlier states.
      if (p.fail && s.drill) s.drill = { ...s.drill, failures: [...(s.drill.failures ?? []), failureFromNow(s, p.fail)] };
      return;
    }
    case 'drill.judged':
      d.field('judged')[e.payload.expectation] = { met: e.payload.met, note: e.payload.note, by: e.actor, ts: e.ts };
      return;
    case 'drill.paused':
      // A new object each time: the drill record is shared with earlier states. Pauses are few.
      if (s.drill) s.drill = { ...s.drill, pauses: [...(s.drill.pauses ?? []), { from: e.payload.real, to: null }] };
      return;
    case 'drill.resumed':
      if (s.drill) s.drill = { ...s.drill, pauses: (s.drill.pauses ?? []).map((p) => (p.to === null ? { ...p, to: e.payload.real } : p)) };
      return;
    case 'drill.debrief':
      d.field('debrief').push({ text: e.payload.text, by: e.actor, ts: e.ts });
      return;
    case 'drill.ended':
      // It ended, whatever the payload says; what it scored is unknown when that cannot be read.
      s.drillEnded = { score: readablePayload(e) ? e.payload.score : null, ts: e.ts };
      return;
    case 'alert.received': {
      // A new object: the previous state keeps its own alert.
      const p = e.payload;
      const prev = s.alert;
      s.alert = {
        format: prev?.format ?? p.format,
        ...(prev?.source ?? p.source ? { source: prev?.source ?? p.source } : {}),
        attachment: prev?.attachment ?? p.attachment,
        key: prev?.key ?? p.key,
        count: (prev?.count ?? 0) + 1,
        firstSeen: prev?.firstSeen ?? e.ts,
        lastSeen: e.ts,
        firing: p.firing,
        alerts: p.alerts,
        resolvedAt: p.status === 'resolved' ? (p.resolvedAt ?? e.ts) : null,
      };
      return;
    }
    case 'inventory.changed':
      // Kept on the log-wide inventory stream, never in an incident (see core/inventory.ts).
      return;
    case 'impact.recorded':
    case 'review.recorded':
      return recordPostmortem(d, e);
    case 'action.added': {
      const p = e.payload;
      d.field('actions').push({ id: p.action, text: p.text, owner: p.owner, due: p.due, addedBy: e.actor, addedAt: e.ts, closed: null });
      return;
    }
    case 'action.closed': {
      const actions = d.field('actions');
      const at = actions.findIndex((a) => a.id === e.payload.action);
      if (at >= 0) actions[at] = { ...actions[at]!, closed: { by: e.actor, ts: e.ts, ...(e.payload.note ? { note: e.payload.note } : {}) } };
      return;
    }
    case 'page.sent':
    case 'page.failed':
      return recordPage(d, e);
    case 'page.acked': {
      const acked = new Set(e.payload.pages);
      const pages = d.field('pages');
      pages.forEach((pg, i) => {
        if (acked.has(pg.page) && !pg.acked) pages[i] = { ...pg, acked: { by: e.actor, ts: e.ts } };
      });
      return;
    }
    default:
      return exhaustive(e);
  }
}

function exhaustive(e: never): never {
  void e;
  throw new Error('unreachable: unknown event type');
}

/** The postmortem fields an impact or review event sets: given fields replace, listed findings are added. */
function recordPostmortem(d: IncidentDraft, e: EventOf<'impact.recorded'> | EventOf<'review.recorded'>): void {
  const pm = d.field('postmortem');
  if (e.type === 'impact.recorded') {
    const was = pm.impact;
    const p = e.payload;
    pm.impact = { text: p.text ?? was?.text ?? null, affected: p.affected ?? was?.affected ?? null, duration: p.duration ?? was?.duration ?? null, by: e.actor, ts: e.ts };
    return;
  }
  const p = e.payload;
  if (p.cause !== undefined) pm.cause = p.cause;
  if (p.factors.length) pm.factors = [...pm.factors, ...p.factors];
  if (p.wentWell.length) pm.wentWell = [...pm.wentWell, ...p.wentWell];
  if (p.wentBadly.length) pm.wentBadly = [...pm.wentBadly, ...p.wentBadly];
}

/** One try of a page: the first opens its record, later ones update it (pages are few: a scan is fine). */
function recordPage(d: IncidentDraft, e: EventOf<'page.sent'> | EventOf<'page.failed'>): void {
  const p = e.payload;
  const pages = d.field('pages');
  const at = pages.findIndex((pg) => pg.page === p.page);
  const was = at >= 0 ? pages[at]! : null;
  const next = {
    page: p.page,
    key: p.key,
    to: p.to,
    reason: p.reason,
    message: p.message,
    escalatedFrom: p.escalatedFrom,
    attempts: Math.max(was?.attempts ?? 0, p.attempt),
    lastTry: e.ts,
    sentAt: was?.sentAt ?? (e.type === 'page.sent' ? e.ts : null),
    lastError: e.type === 'page.failed' ? e.payload.error : null,
    acked: was?.acked ?? null,
  };
  if (at >= 0) pages[at] = next;
  else pages.push(next);
}

/** Records who now holds a role, closing the previous holder's entry in the history. */
function assignRole(d: IncidentDraft, e: EventOf<'role.assigned'>): void {
  const p = e.payload;
  const history = d.field('roleHistory');
  const open = d.s.index.openRoles.get(p.role);
  if (open !== undefined) history[open] = { ...history[open]!, to: e.ts };
  d.index('openRoles').set(p.role, history.length);
  history.push({ role: p.role, person: p.person, from: e.ts, to: null, handoff: p.handoff });
  d.field('roles')[p.role] = { person: p.person, since: e.ts, source: p.source };
}

/** A new approval round: a pseudo-step starts afresh; a step keeps its approvals unless it was denied. */
function requestApproval(d: IncidentDraft, e: EventOf<'approval.requested'>): void {
  const at = d.stepAt(e.payload.step);
  if (isHookStepId(e.payload.step)) {
    d.putStep(at, openHookStepRound(at >= 0 ? d.s.steps[at] : undefined, e.payload, e.ts));
    return;
  }
  if (at < 0) return;
  const st = d.editStep(at);
  if (st.denied) st.approvals = [];
  st.denied = null;
  st.requestedAt = e.ts;
}

/** A pin in the shape aiops writes: a payload edited into another shape changes nothing (the fold never throws). */
function isSnapshot(v: unknown): v is InventorySnapshot {
  const o = v as Partial<InventorySnapshot> | null | undefined;
  return typeof o === 'object' && o !== null && typeof o.service === 'string' && typeof o.live === 'object' && o.live !== null && typeof o.previous === 'object' && o.previous !== null && Array.isArray(o.recent);
}

/**
 * A withdrawn policy fires nothing more: the approvals it granted lapse, and the items that are its
 * own hook runs are skipped with the reason (a playbook step it listed stays the playbook's).
 */
function withdrawPolicy(d: IncidentDraft, e: EventOf<'policy.withdrawn'>): void {
  const runs = d.field('policyRuns');
  const run = runs[e.payload.policy];
  if (run) runs[e.payload.policy] = { ...run, withdrawn: { ts: e.ts, reason: e.payload.reason } };
  for (const id of e.payload.items) {
    const at = d.stepAt(id);
    if (at < 0) continue;
    const st = d.editStep(at);
    st.approvals = st.approvals.filter((a) => a.policy !== e.payload.policy);
    if (isHookStepId(st.id) && st.status === 'pending') {
      st.status = 'skipped';
      st.skipReason = `withdrawn: ${e.payload.reason}`;
      st.requestedAt = null;
    }
  }
}
