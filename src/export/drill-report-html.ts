import { formatShortDuration } from '../core/duration.js';
import { scoreText } from '../core/score-text.js';
import type { DrillReport, TrendSummary } from './drill-report-data.js';
import { offsetsFrom } from './format-time.js';

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const dur = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : formatShortDuration(ms));
const rows = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
const head = (cells: string[]) => `<tr>${cells.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
const OUTCOME: Record<string, string> = { met: 'met', met_late: 'met late', missed: 'missed', not_judged: 'not judged', not_reached: 'not reached' };

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
.score{font-size:2.5rem;font-weight:700}.muted{color:#666}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f4f6}.met{background:#e7f6ea}.met_late{background:#fff6db}.missed{background:#fde8e8}.not_judged,.not_reached{background:#eef1f5}
tr.inject td{background:#eef4ff;font-weight:600}code{font-size:.9em}
.bars{display:flex;gap:4px;align-items:flex-end;height:80px;margin:.5rem 0}.bars div{width:22px;background:#6b8fd6}.bars div.current{background:#1f4fb3}
@media print{body{margin:0}}`;

/** The after-action report as one self-contained HTML file (no scripts, no external assets); `at` shows an instant (the CLI's display zone). Pure. */
export function renderDrillReportHtml(r: DrillReport, at: (iso: string) => string): string {
  // T+ as the export of the same drill shows it.
  const t = offsetsFrom(r.startedAt);
  const m = r.measures;
  const list = (items: string[], empty: string) => `<ul>${(items.length ? items : [empty]).map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
  const parts: string[] = [];
  parts.push(`<h1>Drill ${esc(r.id)}: ${esc(r.scenario.title)}</h1>`);
  parts.push(`<p class="muted">Scenario <code>${esc(r.scenario.id)}</code> · playbook <code>${esc(`${r.playbook.id}@${r.playbook.version}`)}</code> · started ${esc(at(r.startedAt))} by ${esc(r.startedBy)}${r.auto ? ' · unattended (--auto)' : ''}${r.speed !== 1 ? ` · speed ×${esc(r.speed)}` : ''}</p>`);
  parts.push(`<p><span class="score" id="score">${esc(scoreText(r.score))}</span> ${r.ended ? (r.ended.early ? 'ended early' : `ended after ${esc(dur(r.ended.elapsedMs))}`) : 'still running (live score)'}</p>`);
  parts.push('<h2>Expectations</h2><table>', head(['expectation', 'wants', 'weight', 'outcome', 'took', 'why']));
  for (const e of r.expectations) {
    parts.push(`<tr class="${e.outcome}">${[`${esc(e.id)}${e.title ? `<br><span class="muted">${esc(e.title)}</span>` : ''}`, `<code>${esc(e.wants)}</code>`, esc(e.weight), esc(OUTCOME[e.outcome]), esc(dur(e.tookMs)), esc(e.reason)].map((c) => `<td>${c}</td>`).join('')}</tr>`);
  }
  parts.push('</table>', `<p class="muted">Met counts its full weight, met late half, missed nothing; manual expectations not judged yet and expectations not reached before an early end are left out (${esc(r.earned)} of ${esc(r.possible)} points).</p>`);
  parts.push('<h2>Measures</h2><ul>');
  parts.push(`<li>First role assignment: ${m.firstRoleAssignment ? `${esc(t(m.firstRoleAssignment.atMs))} (${esc(m.firstRoleAssignment.role)} → ${esc(m.firstRoleAssignment.person)})` : 'none'}</li>`);
  parts.push(`<li>Time to mitigation: ${m.mitigatedMs !== null ? esc(t(m.mitigatedMs)) : 'never marked mitigated'}</li>`);
  if (m.resolvedMs !== null) parts.push(`<li>Time to resolution: ${esc(t(m.resolvedMs))}</li>`);
  parts.push(`<li>Policy refusals: ${esc(m.refusals)}</li></ul>`);
  if (m.approvals.length) {
    parts.push('<h3>Approvals waited for</h3><table>', head(['step', 'hook', 'needed', 'requested', 'approved', 'waited', 'by']));
    for (const a of m.approvals) {
      const by = a.approvers.map((x) => `${x.person} as ${x.role}${x.override ? ' (OVERRIDE)' : ''}`).join(', ');
      parts.push(rows([esc(a.step), esc(a.hook ?? '—'), esc(a.roles.join(' + ')), esc(t(a.requestedMs)), a.denied ? `denied by ${esc(a.denied.by)}: ${esc(a.denied.reason)}` : esc(t(a.grantedMs)), esc(dur(a.waitedMs)), esc(by)]));
    }
    parts.push('</table>');
  }
  if (m.hooks.length) {
    parts.push('<h3>Hooks</h3><ul>');
    for (const h of m.hooks) parts.push(`<li>${esc(t(h.atMs))} <code>${esc(h.hook)}</code>: ${h.simulated ? 'simulated — would have run' : 'ran'} <code>${esc(h.argv.join(' '))}</code></li>`);
    parts.push('</ul>');
  }
  parts.push('<h2>What went well</h2>', list(r.wentWell, 'nothing met yet'));
  parts.push('<h2>What was missed or late</h2>', list(r.missed, 'nothing'));
  if (r.notJudged.length) parts.push(`<p>Not judged yet: ${esc(r.notJudged.join('; '))}</p>`);
  parts.push('<h2>Timeline</h2><table>', head(['time', 'who', 'what']));
  for (const e of r.timeline) {
    parts.push(`<tr${e.inject ? ' class="inject"' : ''}>${[esc(t(e.atMs)), e.inject ? 'inject' : esc(`${e.actor}${e.role ? ` (${e.role})` : ''}`), esc(e.text)].map((c) => `<td>${c}</td>`).join('')}</tr>`);
  }
  parts.push('</table>');
  if (r.injectsHeldBack.length) parts.push('<p>Injects not delivered (their condition did not hold):</p>', list(r.injectsHeldBack.map((h) => `${t(h.atMs)} ${h.key}: ${h.summary} — ${h.reason}`), ''));
  parts.push('<h2>Debrief</h2>', list(r.debrief.map((d) => `${d.by}: ${d.text}`), 'no notes yet'));
  parts.push(`<h2>Trend: every drill people played of ${esc(r.scenario.id)}</h2>`);
  parts.push(...trendParts(r.trend, r.trend.current, 'No drill played by people has ended yet.', at));
  if (r.trend.scriptChecks.runs.length) {
    parts.push('<h3>Script checks (--auto runs: they check the script, they are not rehearsals)</h3>');
    parts.push(...trendParts(r.trend.scriptChecks, r.trend.current, '', at));
  }
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(`Drill ${r.id}: ${r.scenario.title}`)}</title><style>${STYLE}</style></head>\n<body>\n${parts.join('\n')}\n</body></html>\n`;
}

function trendParts(tr: TrendSummary, current: string, none: string, at: (iso: string) => string): string[] {
  if (tr.runs.length === 0) return [`<p>${esc(none)}</p>`];
  const parts = [`<div class="bars" aria-label="scores">${tr.runs.map((x) => `<div class="${x.id === current ? 'current' : ''}" style="height:${Math.max(2, x.score)}%" title="${esc(`${x.id}: ${x.score}`)}"></div>`).join('')}</div>`];
  parts.push(`<p>${tr.runs.length} run(s); best ${esc(tr.best)}, worst ${esc(tr.worst)}, mean ${esc(tr.mean)}${tr.change !== null ? `, change since the first ${tr.change >= 0 ? '+' : ''}${esc(tr.change)}` : ''}</p>`);
  parts.push('<table>', head(['drill', 'started', 'playbook', 'score']));
  for (const run of tr.runs) parts.push(rows([run.id === current ? `<strong>${esc(run.id)}</strong> (this one)` : esc(run.id), esc(at(run.startedAt)), esc(run.playbook), esc(run.score)]));
  parts.push('</table>');
  return parts;
}
