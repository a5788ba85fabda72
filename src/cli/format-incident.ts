import { formatShortDuration } from '../core/duration.js';
import { scoreText } from '../core/score-text.js';
import type { IncidentView } from '../app/incident-view.js';
import { programNote, showArgv } from '../core/show-argv.js';
import { terminalLine } from '../core/terminal-text.js';

const MARK: Record<string, string> = {
  done: '✔',
  skipped: '↷',
  bypassed: '·',
  current: '▶',
  pending: ' ',
  'waiting-approval': '⏸',
  denied: '✖',
  running: '…',
  failed: '✖',
  'outcome-unknown': '?',
};

/** Notes a terminal shows by default: the latest few; `--all-notes` shows every one. */
const NOTES_ON_SCREEN = 5;

/**
 * Plain-text view of an incident for `incident show` and non-TTY `start`/`resume`. Each entry is
 * one line on the screen: a line break in a title, note, reason, label or hook argument is shown
 * as ␊ (the log keeps it), so text someone typed or an alert sent cannot draw a line that reads
 * as a note, a role or a step of its own.
 * `notes.count`: how many notes the incident has (the view may hold only the latest); `notes.all`:
 * show every note of the view. `running`: runs with no outcome still running (run id → aiops pid).
 */
export function formatIncident(v: IncidentView, now: Date, at: (iso: string) => string = (iso) => iso, notes: { count?: number; all?: boolean } = {}, running: ReadonlyMap<string, number> = new Map()): string {
  const out: string[] = [];
  const drill = v.drill ? `  [DRILL: ${v.drill.scenario}]` : '';
  const of = v.duplicateOf ? ` OF ${v.duplicateOf}` : '';
  // An ended drill is no longer played, whatever its incident status says: the header says so first.
  const ended = v.drill?.ended ?? null;
  out.push(`${v.id}  ${v.severity}  ${ended ? 'DRILL ENDED' : `${v.status.toUpperCase()}${of}`}  ${v.title}${drill}`);
  out.push(`service ${v.service} · trigger ${v.trigger ?? '-'} · playbook ${v.playbook.id}@${v.playbook.version} (sha256 ${v.playbook.sha256.slice(0, 12)}…)`);
  out.push(`opened ${at(v.openedAt)} by ${v.openedBy} · ${formatShortDuration(now.getTime() - Date.parse(v.openedAt))} ago`);
  if (ended) out.push(`drill ended ${at(ended.at)} · score ${scoreText(ended.score)} · incident status ${v.status}${v.duplicateOf ? ` of ${v.duplicateOf}` : ''} · after-action report: aiops drill report ${v.id}`);
  out.push(`chosen: ${v.selection.reason}`);
  if (v.alert) {
    const a = v.alert;
    out.push(`alert: ${a.format} payload attached (${a.attachment.name} sha256:${a.attachment.sha256.slice(0, 12)}…)`);
    if (a.count !== undefined) {
      const state = a.resolvedAt ? `source says resolved at ${at(a.resolvedAt)}` : `${a.firing} of ${a.alerts.length} alert(s) firing`;
      out.push(`       ${state} · ${a.count} notification(s), first ${at(a.firstSeen)}, last ${at(a.lastSeen)}${a.key ? ` · key ${a.key}` : ''}`);
      for (const x of a.alerts.slice(0, 10)) out.push(`       ${x.status.padEnd(8)} ${Object.entries(x.labels).filter(([k]) => k !== 'status' && k !== 'format').map(([k, val]) => `${k}=${val}`).join(' ')}`);
      if (a.alerts.length > 10) out.push(`       … and ${a.alerts.length - 10} more (incident show --json lists them)`);
    }
  }
  out.push('');
  out.push('Roles:');
  for (const role of ['commander', 'model_owner', 'reviewer', 'communicator', ...Object.keys(v.roles).filter((r) => !['commander', 'model_owner', 'reviewer', 'communicator'].includes(r))]) {
    const h = v.roles[role];
    if (!h) {
      out.push(`  ${role.padEnd(13)} UNASSIGNED`);
      continue;
    }
    const contact = h.contact ? ` (${h.contact})` : '';
    const backups = h.backups.length ? ` · backups: ${h.backups.join(', ')}` : '';
    const before = v.roleHistory.filter((x) => x.role === role && x.to !== null).map((x) => x.person);
    const was = before.length ? ` · before: ${before.join(' → ')}` : '';
    out.push(`  ${role.padEnd(13)} ${h.person}${contact}${backups}${was}`);
  }
  out.push('');
  out.push('Steps:');
  for (const s of v.steps) {
    const inProgress = s.display === 'outcome-unknown' && s.runs.some((r) => running.has(r.run));
    const display = inProgress ? 'running' : s.id === v.current && s.display === 'pending' ? 'current' : s.display;
    const due = s.dueAt && (s.status === 'pending') ? (s.overdue ? `  OVERDUE by ${formatShortDuration(now.getTime() - Date.parse(s.dueAt))}` : `  due in ${formatShortDuration(Date.parse(s.dueAt) - now.getTime())}`) : '';
    const extra: string[] = [];
    if (s.option) extra.push(`chose ${s.option}`);
    if (s.skipReason) extra.push(`skipped: ${s.skipReason}`);
    if (s.doneBy && s.status === 'done') extra.push(`by ${s.doneBy}`);
    out.push(`  ${MARK[display] ?? ' '} ${s.id.padEnd(22)} ${s.kind.padEnd(8)} ${s.owner.padEnd(12)} ${display}${due}${extra.length ? ` (${extra.join(', ')})` : ''}`);
    if (s.needs.length && s.status === 'pending') {
      const have = s.approvals.map((a) => `${a.role}: ${a.person}${a.override ? ' (override)' : ''}`).join(', ');
      out.push(`      approvals: need ${s.needs.join(' + ')}${have ? `; have ${have}` : ''}${s.missing.length ? `; missing ${s.missing.join(', ')}` : ''}`);
      if (s.lapsed) out.push(`      lapsed: ${s.lapsed.approvals.map((a) => `${a.role}: ${a.person}`).join(', ')} approved another command (${s.lapsed.changes.join('; ')}); approve again`);
    }
    if (s.argv && (s.needs.length || s.id === v.current)) out.push(`      runs: ${s.argvShown ?? showArgv(s.argv)}${programNote(s.command, s.argv)}`);
    if (s.denied && s.status === 'pending') out.push(`      denied by ${s.denied.by}: ${s.denied.reason}`);
    for (const r of s.runs) {
      const pid = running.get(r.run);
      const unknown = pid !== undefined ? `running now (aiops pid ${pid}); its outcome is logged when it ends` : 'OUTCOME UNKNOWN — check and record';
      const reported = `${r.outcome}, exit ${r.exitCode ?? '-'}${r.timedOut ? ', timed out' : ''}, ${r.durationMs ?? 0} ms`;
      const outcome = r.simulated ? 'simulated (drill)' : r.outcome === 'unknown' ? unknown : r.recorded !== null ? `${r.outcome}, recorded by hand: ${r.recorded}` : reported;
      out.push(`      ${r.run} ${r.hook}: ${outcome}`);
    }
  }
  if (v.notes.length) {
    const shown = notes.all ? v.notes : v.notes.slice(-NOTES_ON_SCREEN);
    const count = Math.max(notes.count ?? v.notes.length, v.notes.length);
    out.push('');
    out.push(shown.length < count ? `Notes (the latest ${shown.length} of ${count}; every one: aiops incident show ${v.id} --all-notes):` : 'Notes:');
    for (const n of shown) out.push(`  ${at(n.ts)} ${n.actor}: ${n.text}${n.attachments.length ? ` [${n.attachments.map((a) => `${a.name} ${a.sha256.slice(0, 12)}`).join(', ')}]` : ''}`);
  }
  if (v.summary) out.push('', `Summary: ${v.summary}`);
  return out.map(terminalLine).join('\n');
}
