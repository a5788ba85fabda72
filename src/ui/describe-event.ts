import { alertReceivedText } from '../core/alerts.js';
import type { StoredEvent } from '../core/events.js';
import { describeRepin } from '../core/inventory.js';
import type { Tone } from './theme.js';

export interface TimelineRow {
  seq: number;
  ts: string;
  who: string;
  text: string;
  tone: Tone | null;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** One timeline line per event: what happened, in the words a responder would use. */
export function describeEvent(e: StoredEvent): TimelineRow {
  const row = (text: string, tone: Tone | null = null): TimelineRow => ({ seq: e.seq, ts: e.ts, who: e.actor, text: oneLine(text), tone });
  switch (e.type) {
    case 'incident.opened':
      return row(`opened ${e.payload.severity} with ${e.payload.playbook.id}@${e.payload.playbook.version}: ${e.payload.title}`, 'accent');
    case 'role.assigned': {
      const p = e.payload;
      return row(`${p.handoff ? 'handoff' : 'assigned'} ${p.role} → ${p.person}${p.previous ? ` (was ${p.previous})` : ''}${p.warning ? ` — ${p.warning}` : ''}`);
    }
    case 'step.completed': {
      const p = e.payload;
      const how = p.byHand ? ' by hand (hook failed)' : p.endedEarlyBy ? `, ${p.endedEarlyBy} early` : '';
      return row(`step ${p.step} done${how}${p.option ? `: chose ${p.option}` : ''}${p.note ? ` — ${p.note}` : ''}`, p.byHand || p.endedEarlyBy ? 'warn' : 'good');
    }
    case 'step.skipped':
      return row(`step ${e.payload.step} skipped: ${e.payload.reason}`, 'muted');
    case 'step.reopened':
      return row(`step ${e.payload.step} reopened (was ${e.payload.was}): ${e.payload.reason}`, 'warn');
    case 'step.overdue':
      return row(`step ${e.payload.step} is overdue (due ${e.payload.due})`, 'bad');
    case 'approval.requested':
      return row(`approval requested for ${e.payload.step} from ${e.payload.roles.join(' + ')}`, 'warn');
    case 'approval.granted': {
      const p = e.payload;
      if (p.policy) return row(`pre-approved ${p.step} by severity policy ${p.policy}`, 'good');
      return row(`approved ${p.step} as ${p.role}${p.override ? ` — OVERRIDE: ${p.override.reason}` : ''}`, p.override ? 'warn' : 'good');
    }
    case 'approval.denied':
      return row(`denied ${e.payload.step}: ${e.payload.reason}`, 'bad');
    case 'approval.lapsed':
      return row(`approvals of ${e.payload.step} lapsed: ${e.payload.changes.join('; ')}`, 'bad');
    case 'hook.started':
      return row(`hook ${e.payload.hook} started${e.payload.retry ? ' (retry)' : ''}${e.payload.undoOf ? ` (undo of ${e.payload.undoOf})` : ''}`, 'accent');
    case 'hook.simulated':
      return row(`hook ${e.payload.hook} simulated (drill): ${e.payload.argv.join(' ')}`, 'drill');
    case 'hook.finished': {
      const p = e.payload;
      const how = p.ok ? 'ok' : p.timedOut ? 'TIMED OUT' : 'FAILED';
      return row(`hook ${p.hook} ${how}, exit ${p.exitCode ?? '-'}${p.signal ? ` ${p.signal}` : ''} in ${p.durationMs} ms`, p.ok ? 'good' : 'bad');
    }
    case 'hook.outcome_recorded':
      return row(`hook ${e.payload.hook} outcome recorded: ${e.payload.ok ? 'ok' : 'failed'} — ${e.payload.note}`, 'warn');
    case 'note.added': {
      const files = e.payload.attachments.map((a) => a.name).join(', ');
      return row(`note: ${e.payload.text}${files ? ` [attached ${files}]` : ''}`);
    }
    case 'severity.changed':
      return row(`severity ${e.payload.from} → ${e.payload.to}: ${e.payload.reason}`, 'warn');
    case 'incident.edited': {
      const p = e.payload;
      const parts = (['title', 'service'] as const).filter((f) => typeof p[f] === 'string').map((f) => `${f} ${JSON.stringify(p.previous?.[f] ?? '')} → ${JSON.stringify(p[f])}`);
      const pin = p.inventory ? `, inventory ${describeRepin(p.previous?.inventory, p.inventory)}` : '';
      return row(`edited ${parts.join(', ')}${pin}: ${p.reason}`, 'warn');
    }
    case 'status.changed':
      return row(`status ${e.payload.from} → ${e.payload.to}${e.payload.reason ? `: ${e.payload.reason}` : ''}${e.payload.summary ? `: ${e.payload.summary}` : ''}`, 'warn');
    case 'policy.refused':
      return row(`REFUSED ${e.payload.command} (${e.payload.rule}): ${e.payload.message}`, 'bad');
    case 'drill.inject':
      return row(`INJECT ${e.payload.kind}${e.payload.source ? ` from ${e.payload.source}` : ''}: ${e.payload.summary}`, 'drill');
    case 'drill.judged':
      return row(`judged ${e.payload.expectation}: ${e.payload.met ? 'met' : 'missed'}${e.payload.note ? ` — ${e.payload.note}` : ''}`, 'drill');
    case 'drill.paused':
      return row(`drill PAUSED by ${e.actor}${e.payload.reason ? `: ${e.payload.reason}` : ''}`, 'drill');
    case 'drill.resumed':
      return row(`drill resumed by ${e.actor}`, 'drill');
    case 'drill.debrief':
      return row(`debrief: ${e.payload.text}`, 'drill');
    case 'drill.ended':
      return row(`drill ended, score ${e.payload.score}`, 'drill');
    case 'alert.received':
      return row(`alert: ${alertReceivedText(e.payload)}`, e.payload.status === 'resolved' ? 'good' : 'warn');
    case 'inventory.changed':
      return row(`inventory ${e.payload.service}: ${Object.entries(e.payload.set).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    case 'impact.recorded':
      return row(`impact: ${[e.payload.text, e.payload.affected, e.payload.duration].filter(Boolean).join(' — ')}`);
    case 'review.recorded':
      return row(`review: ${[e.payload.cause, ...e.payload.factors, ...e.payload.wentWell, ...e.payload.wentBadly].filter(Boolean).join(' — ')}`);
    case 'action.added':
      return row(`action ${e.payload.action} (${e.payload.owner}): ${e.payload.text}`);
    case 'action.closed':
      return row(`action ${e.payload.action} closed${e.payload.note ? ` — ${e.payload.note}` : ''}`);
    case 'page.sent':
      return row(`paged ${e.payload.to} (${e.payload.page}${e.payload.escalatedFrom ? `, escalated from ${e.payload.escalatedFrom}` : ''}): ${e.payload.message}`);
    case 'page.failed':
      return row(`page ${e.payload.page} to ${e.payload.to} FAILED (try ${e.payload.attempt}): ${e.payload.error}`, 'warn');
    case 'page.acked':
      return row(`${e.actor} acknowledged ${e.payload.pages.join(', ')}`, 'good');
    case 'policy.triggered':
      return row(`severity policy ${e.payload.policy} fired at ${e.payload.severity}: ${e.payload.items.map((i) => i.step).join(', ')}${e.payload.hold ? ` — held until the ${e.payload.hold} acks` : ''}`, 'warn');
    case 'policy.acknowledged':
      return row(`${e.actor} acknowledged severity policy ${e.payload.policies.join(', ')}`, 'good');
    case 'policy.withdrawn':
      return row(`severity policy ${e.payload.policy} withdrawn (${e.payload.reason}): ${e.payload.items.join(', ')}`, 'warn');
    default:
      return row(`${(e as StoredEvent).type}`);
  }
}
