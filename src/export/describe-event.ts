import { alertReceivedText } from '../core/alerts.js';
import type { EventOf, StoredEvent } from '../core/events.js';
import { describeChange, describeRepin, INVENTORY_FIELDS, type InventorySnapshot, type Versions } from '../core/inventory.js';
import { formatShortDuration } from '../core/duration.js';
import type { TimelineKind } from './export-document.js';

/** What one event says in a timeline: its kind, a sentence, and the structured bits beside it. */
export interface EventDescription {
  kind: TimelineKind;
  text: string;
  step: string | null;
  reason: string | null;
  run: string | null;
  attachments: string[];
}

const SHELL_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Shows an argv the way a shell user would read it, quoting only what needs it (display only: nothing runs it). */
export function argvText(argv: readonly string[]): string {
  // A loop, not map/join: an export shows an argv for every approval and hook run. A payload
  // edited into something else than an array still throws, as map did (the event shows as unreadable).
  if (!Array.isArray(argv)) throw new TypeError('argv is not an array');
  let out = '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string | null | undefined;
    if (i > 0) out += ' ';
    // join showed null and undefined as nothing.
    if (a === null || a === undefined) continue;
    out += SHELL_WORD.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
  }
  return out;
}

/**
 * A map's entries by key: the log stores payloads as canonical JSON (keys sorted), an older log
 * in the order they were given; sorted, every log describes the same event the same way.
 */
export function byKey<V>(map: Record<string, V>): [string, V][] {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Shared by every description without attachments (an export describes thousands of events); never mutated. */
const NO_ATTACHMENTS = Object.freeze([]) as unknown as string[];

/** A description from its parts, given in place (no options object to allocate for each of thousands of events). */
function d(kind: TimelineKind, text: string, step?: string | null, reason?: string | null, run?: string | null, attachments?: string[]): EventDescription {
  return { kind, text, step: step ?? null, reason: reason ?? null, run: run ?? null, attachments: attachments ?? NO_ATTACHMENTS };
}

/** A step by its id and, when the pinned playbook has it, its title. */
function stepName(id: string, stepTitle: (id: string) => string | undefined): string {
  const title = stepTitle(id);
  return title ? `${id} (${title})` : id;
}

/**
 * Describes one stored event; `stepTitle` names steps from the pinned playbook, `shownTime` writes
 * a time the text holds (an export's zone; default the ISO instant as stored). The wording is
 * plain ASCII (" - " between parts, "from X to Y"), so exports grep and paste anywhere, and a 10,000-row
 * timeline stays in one-byte strings unless people's own text needs more.
 */
export function describeEvent(e: StoredEvent, stepTitle: (id: string) => string | undefined, shownTime: (iso: string) => string = (iso) => iso): EventDescription {
  switch (e.type) {
    case 'incident.opened':
      return describeOpened(e, shownTime);
    case 'role.assigned': {
      const p = e.payload;
      const how = p.source === 'oncall' ? ' (on-call primary)' : p.source === 'starter' ? ' (started the incident)' : p.source === 'owner' ? ' (technical owner of the service)' : '';
      const text = p.handoff
        ? `${p.role} handed off from ${p.previous ?? 'nobody'} to ${p.person}`
        : `${p.person} assigned ${p.role}${how}${p.previous ? `, replacing ${p.previous}` : ''}`;
      return d('role', p.warning ? `${text} - warning: ${p.warning}` : text);
    }
    case 'step.completed': {
      const p = e.payload;
      const note = p.note ? ` - ${p.note}` : '';
      if (p.option !== undefined) {
        return d('decision', `Decision ${stepName(p.step, stepTitle)}: chose ${p.option}${p.goto ? `, next ${p.goto}` : ''}${note}`, p.step);
      }
      const sent = p.text ? ` - sent: ${p.text}` : '';
      const how = p.byHand ? ` by hand (hook ${p.byHand.hook} did not succeed, ${p.byHand.run})` : p.endedEarlyBy ? `, ended ${p.endedEarlyBy} early` : '';
      return d('step', `Step ${stepName(p.step, stepTitle)} done${how}${note}${sent}`, p.step);
    }
    case 'step.skipped':
      return d('step', `Step ${stepName(e.payload.step, stepTitle)} skipped`, e.payload.step, e.payload.reason);
    case 'step.reopened':
      return d('step', `Step ${stepName(e.payload.step, stepTitle)} reopened (it was ${e.payload.was})`, e.payload.step, e.payload.reason);
    case 'step.overdue':
      return d('step', `Step ${stepName(e.payload.step, stepTitle)} overdue (due ${e.payload.due} after the start)`, e.payload.step);
    case 'approval.requested': {
      const p = e.payload;
      return d('approval', `Approval of ${p.step}${p.hook ? ` (hook ${p.hook})` : ''} requested from ${p.roles.join(' and ')}`, p.step);
    }
    case 'approval.granted': {
      const p = e.payload;
      // The command the approval pins (as aiops.yaml gives it); approvals written before it was pinned hold the argv.
      const pinned = p.command ?? p.argv;
      const runs = pinned ? ` - will run: ${argvText(pinned)}` : '';
      if (p.policy) return d('approval', `Pre-approved by severity policy ${p.policy}: ${p.step}${runs}`, p.step);
      if (p.override) {
        return d('override', `OVERRIDE: ${e.actor} approved ${p.step} as ${p.role} without ${p.override.missing.join(' and ')}${runs}`, p.step, p.override.reason);
      }
      return d('approval', `Approved ${p.step} as ${p.role}${p.note ? ` - ${p.note}` : ''}${runs}${p.inventory ? ` - versions live: ${versionsText(p.inventory)}` : ''}`, p.step);
    }
    case 'approval.denied':
      return d('denial', `Denied ${e.payload.step}${e.payload.role ? ` as ${e.payload.role}` : ''}`, e.payload.step, e.payload.reason);
    case 'approval.lapsed':
      return d('denial', `Approvals of ${e.payload.step} lapsed: what would run changed (${e.payload.changes.join('; ')})`, e.payload.step);
    case 'hook.started': {
      const p = e.payload;
      const what = p.undoOf ? `${p.run}, undo of ${p.undoOf}` : p.retry ? `${p.run}, retry` : p.run;
      return d('hook', `Hook ${p.hook} started (${what}): ${argvText(p.argv)}`, p.step, null, p.run);
    }
    case 'hook.finished': {
      const p = e.payload;
      const how = [
        p.exitCode !== null ? `exit ${p.exitCode}` : 'no exit code',
        p.signal ? `signal ${p.signal}` : '',
        p.timedOut ? 'timed out' : '',
      ].filter(Boolean);
      const text = `Hook ${p.hook} ${p.ok ? 'succeeded' : 'FAILED'} (${p.run}): ${how.join(', ')} in ${p.durationMs} ms${p.error ? ` - ${p.error}` : ''}`;
      return d('hook', text, p.step, null, p.run);
    }
    case 'hook.simulated':
      return d('hook', `Hook ${e.payload.hook} simulated (drill; nothing ran) - would run: ${argvText(e.payload.argv)}`, e.payload.step, null, e.payload.run);
    case 'hook.outcome_recorded':
      return d('hook', `Outcome of ${e.payload.run} (${e.payload.hook}) recorded by hand: ${e.payload.ok ? 'ok' : 'failed'}`, e.payload.step, e.payload.note, e.payload.run);
    case 'note.added': {
      const p = e.payload;
      const files = p.attachments.length ? ` [attached: ${p.attachments.map((a) => `${a.name} sha256:${a.sha256.slice(0, 12)}...`).join(', ')}]` : '';
      const ctx = p.context && Object.keys(p.context).length ? ` {${byKey(p.context).map(([k, v]) => `${k}=${v}`).join(', ')}}` : '';
      return d('note', `Note: ${p.text}${files}${ctx}`, null, null, null, p.attachments.length ? p.attachments.map((a) => a.sha256) : undefined);
    }
    case 'severity.changed': {
      const p = e.payload;
      const dir = p.to < p.from ? 'raised' : 'lowered';
      return d('severity', `Severity ${dir} from ${p.from} to ${p.to}`, null, p.reason);
    }
    case 'incident.edited': {
      const p = e.payload;
      // JSON quoting shows what was there exactly, a NUL or an escape as \u0000 rather than raw.
      const parts = (['title', 'service'] as const).filter((f) => typeof p[f] === 'string').map((f) => `${f} from ${JSON.stringify(p.previous?.[f] ?? '')} to ${JSON.stringify(p[f])}`);
      // A new service re-pins the inventory: what the rollback's `previous` resolves to from here on.
      const pin = p.inventory ? ` - inventory re-pinned: ${describeRepin(p.previous?.inventory, p.inventory)}, previous: ${versionsText(p.inventory.previous)}` : '';
      return d('status', `Edited by ${e.actor}: ${parts.join(', ')}${pin}`, null, p.reason);
    }
    case 'status.changed': {
      const p = e.payload;
      const summary = p.summary ? ` - summary: ${p.summary}` : '';
      return d('status', `Status changed from ${p.from} to ${p.to}${summary}`, null, p.reason ?? null);
    }
    case 'policy.refused': {
      const args = byKey(e.payload.args ?? {}).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      return d('refusal', `Refused by policy (${e.payload.rule}): ${e.payload.command}${args.length ? ` (${args.join(', ')})` : ''}`, null, e.payload.message);
    }
    case 'drill.inject': {
      const p = e.payload;
      return d('inject', `Inject ${p.inject} (${p.kind}${p.source ? ` from ${p.source}` : ''}): ${p.summary}${p.detail ? ` - ${p.detail}` : ''}`);
    }
    case 'drill.judged':
      return d('drill', `Expectation ${e.payload.expectation} ${e.payload.reason ? 're-judged' : 'judged'} ${e.payload.met ? 'met' : 'missed'}${e.payload.note ? ` - ${e.payload.note}` : ''}`, null, e.payload.reason ? e.payload.reason : null);
    case 'drill.paused':
      return d('drill', `Drill paused by the facilitator (drill clock stopped)${e.payload.reason ? `: ${e.payload.reason}` : ''}`);
    case 'drill.resumed':
      return d('drill', 'Drill resumed (drill clock runs again)');
    case 'drill.debrief':
      return d('drill', `Debrief: ${e.payload.text}`);
    case 'drill.ended': {
      const p = e.payload;
      const met = p.results.filter((r) => r.outcome === 'met' || r.outcome === 'met_late').length;
      return d('drill', `Drill ended${p.early ? ' early' : ''}: score ${p.score} (${met} of ${p.results.length} expectations met)${playedText(p)}`);
    }
    case 'alert.received':
      return d(e.payload.status === 'resolved' ? 'status' : 'note', `Alert: ${alertReceivedText(e.payload)}`, null, null, null, [e.payload.attachment.sha256]);
    case 'inventory.changed':
      return d('note', `Inventory of ${e.payload.service}: ${describeChange(e.payload)}`, null, e.payload.reason);
    case 'impact.recorded': {
      const p = e.payload;
      const parts = [p.text, p.affected ? `affected: ${p.affected}` : '', p.duration ? `for ${p.duration}` : ''].filter(Boolean);
      return d('postmortem', `Impact recorded by ${e.actor}: ${parts.join(' - ')}`);
    }
    case 'review.recorded': {
      const p = e.payload;
      const parts = [p.cause ? `cause: ${p.cause}` : '', ...p.factors.map((f) => `factor: ${f}`), ...p.wentWell.map((t) => `went well: ${t}`), ...p.wentBadly.map((t) => `went badly: ${t}`)].filter(Boolean);
      return d('postmortem', `Review by ${e.actor}: ${parts.join(' - ')}`);
    }
    case 'action.added':
      return d('postmortem', `Action item ${e.payload.action} added by ${e.actor}: ${e.payload.text} (owner ${e.payload.owner}, due ${e.payload.due.slice(0, 10)})`);
    case 'action.closed':
      return d('postmortem', `Action item ${e.payload.action} closed by ${e.actor}${e.payload.note ? ` - ${e.payload.note}` : ''}`);
    case 'page.sent':
      return d('note', `Paged ${e.payload.to} (${e.payload.page}, ${e.payload.reason}${e.payload.attempt > 1 ? `, try ${e.payload.attempt}` : ''}${e.payload.escalatedFrom ? `, escalated from ${e.payload.escalatedFrom}` : ''}): ${e.payload.message}`);
    case 'page.failed':
      return d('note', `Page ${e.payload.page} to ${e.payload.to} failed (try ${e.payload.attempt}): ${e.payload.error}`);
    case 'page.acked':
      return d('note', `Acknowledged by ${e.actor}: ${e.payload.pages.join(', ')}`);
    case 'policy.triggered': {
      const p = e.payload;
      const how = p.approval === 'policy' ? 'pre-approved by the policy' : 'under the usual approvals';
      return d('severity', `Severity policy ${p.policy} (${p.source}) fired at ${p.severity}: ${p.items.map((i) => i.step).join(', ')} ${how}${p.hold ? `, held until the ${p.hold} acknowledges` : ''}`);
    }
    case 'policy.acknowledged':
      return d('severity', `Acknowledged by ${e.actor}${e.role ? ` as ${e.role}` : ''}: severity policy ${e.payload.policies.join(', ')} may fire`);
    case 'policy.withdrawn':
      return d('severity', `Severity policy ${e.payload.policy} withdrawn, ${e.payload.reason}: ${e.payload.items.join(', ')} will not fire`);
    default:
      return unknownEvent(e);
  }
}

function describeOpened(e: EventOf<'incident.opened'>, shownTime: (iso: string) => string): EventDescription {
  const p = e.payload;
  const what = p.drill ? `Drill of scenario ${p.drill.scenario} opened` : 'Incident opened';
  const trigger = p.trigger ? `trigger ${p.trigger}, ` : '';
  const alert = p.alert ? ` from a ${p.alert.format} alert` : '';
  return d('opened', `${what}${alert} on ${p.service}: ${p.title} - ${p.severity}, ${trigger}playbook ${p.playbook.id}@${p.playbook.version}${p.inventory ? inventoryText(p.inventory, shownTime) : ''}`, null, p.selection.reason, null, p.alert ? [p.alert.attachment.sha256] : []);
}

/** `model m7, prompt p3`: live versions in field order. */
function versionsText(v: Versions): string {
  return INVENTORY_FIELDS.filter((f) => v[f] !== undefined).map((f) => `${f} ${v[f]}`).join(', ') || 'none';
}

/** The inventory an incident pinned: what was live, and what changed in the 24 h before it. */
function inventoryText(inv: InventorySnapshot, shownTime: (iso: string) => string): string {
  const changes = inv.recent.map((c) => `${shownTime(c.ts)} ${c.actor}: ${describeChange(c)} (${c.reason})`);
  return ` - versions live: ${versionsText(inv.live)} - changed in the 24 h before: ${changes.length ? changes.join('; ') : 'nothing'}`;
}

function unknownEvent(e: never): EventDescription {
  const ev = e as StoredEvent;
  return { kind: 'note', text: `Event ${ev.type}`, step: null, reason: null, run: null, attachments: [] };
}

/** How much of the scenario a drill played before it ended (" over 12m of 54m, 22%"); empty for older drills. */
export function playedText(p: { playedMs?: number; scenarioMs?: number }): string {
  if (p.playedMs === undefined || !p.scenarioMs) return '';
  const pct = Math.min(100, Math.round((100 * p.playedMs) / p.scenarioMs));
  return `, played ${formatShortDuration(p.playedMs)} of ${formatShortDuration(p.scenarioMs)} (${pct}%)`;
}
