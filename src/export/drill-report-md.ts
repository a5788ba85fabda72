import { formatShortDuration } from '../core/duration.js';
import { scoreText } from '../core/score-text.js';
import type { DrillReport, TrendSummary } from './drill-report-data.js';
import { offsetsFrom } from './format-time.js';

const dur = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : formatShortDuration(ms));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const OUTCOME: Record<string, string> = { met: 'met', met_late: 'met late', missed: 'MISSED', not_judged: 'not judged', not_reached: 'not reached' };
const BARS = '▁▂▃▄▅▆▇█';

/** A one-line sparkline of scores 0..100. */
export function sparkline(scores: number[]): string {
  return scores.map((s) => BARS[Math.min(BARS.length - 1, Math.floor((Math.max(0, Math.min(100, s)) / 100) * (BARS.length - 1)))]).join('');
}

/** The after-action report as Markdown that reads well on a code-hosting site; `at` shows an instant (the CLI's display zone). Pure. */
export function renderDrillReportMarkdown(r: DrillReport, at: (iso: string) => string): string {
  // T+ as the export of the same drill shows it.
  const t = offsetsFrom(r.startedAt);
  const out: string[] = [];
  out.push(`# Drill ${r.id}: ${r.scenario.title}`, '');
  out.push(`**Score: ${scoreText(r.score)}**${r.ended ? (r.ended.early ? ' (ended early)' : '') : ' (drill still running: live score)'}`, '');
  if (r.scenario.description) out.push(r.scenario.description.trim(), '');
  out.push(
    `- Scenario: \`${r.scenario.id}\` — incident “${r.incident.title}” on ${r.incident.service} (${r.incident.severity}, ${r.incident.status})`,
    `- Playbook: \`${r.playbook.id}@${r.playbook.version}\` (sha256 ${r.playbook.sha256.slice(0, 12)}…)`,
    `- Started ${at(r.startedAt)} by ${r.startedBy}${r.auto ? ', played unattended (--auto)' : ''}${r.speed !== 1 ? `, speed ×${r.speed}` : ''}`,
    `- ${r.ended ? `Ended ${at(r.ended.at)} after ${dur(r.ended.elapsedMs)} of drill time` : 'Not ended yet'}`,
    '',
  );
  out.push('## Expectations', '', '| expectation | wants | weight | outcome | took | why |', '|---|---|---:|---|---:|---|');
  for (const e of r.expectations) {
    out.push(`| ${cell(e.id)}${e.title ? ` — ${cell(e.title)}` : ''} | ${cell(e.wants)} | ${e.weight} | ${OUTCOME[e.outcome]} | ${dur(e.tookMs)} | ${cell(e.reason)} |`);
  }
  out.push('', `Scoring: met counts its full weight, met late half, missed nothing; manual expectations not judged yet and expectations not reached before an early end are left out (${r.earned} of ${r.possible} points).`, '');
  const m = r.measures;
  out.push('## Measures', '');
  out.push(`- First role assignment: ${m.firstRoleAssignment ? `${t(m.firstRoleAssignment.atMs)} (${m.firstRoleAssignment.role} → ${m.firstRoleAssignment.person})` : 'none'}`);
  out.push(`- Time to mitigation: ${m.mitigatedMs !== null ? t(m.mitigatedMs) : 'never marked mitigated'}`);
  if (m.resolvedMs !== null) out.push(`- Time to resolution: ${t(m.resolvedMs)}`);
  out.push(`- Policy refusals: ${m.refusals}`);
  if (m.approvals.length) {
    out.push('', '### Approvals waited for', '', '| step | hook | needed | requested | approved | waited | by |', '|---|---|---|---:|---:|---:|---|');
    for (const a of m.approvals) {
      const by = a.approvers.map((x) => `${x.person} as ${x.role}${x.override ? ' (OVERRIDE)' : ''}`).join(', ');
      const granted = a.denied ? `denied by ${a.denied.by}: ${cell(a.denied.reason)}` : t(a.grantedMs);
      out.push(`| ${a.step} | ${a.hook ?? '—'} | ${a.roles.join(' + ') || '—'} | ${t(a.requestedMs)} | ${granted} | ${dur(a.waitedMs)} | ${cell(by) || '—'} |`);
    }
  }
  if (m.hooks.length) {
    out.push('', '### Hooks', '');
    for (const h of m.hooks) {
      const what = h.simulated ? 'simulated — would have run' : `ran (${h.ok === null ? 'outcome unknown' : h.ok ? 'ok' : 'failed'})`;
      out.push(`- ${t(h.atMs)} \`${h.hook}\`${h.step ? ` for ${h.step}` : ''}: ${what} \`${h.argv.join(' ')}\``);
    }
  }
  out.push('', '## What went well', '');
  out.push(...(r.wentWell.length ? r.wentWell.map((w) => `- ${w}`) : ['- nothing met yet']));
  out.push('', '## What was missed or late', '');
  out.push(...(r.missed.length ? r.missed.map((w) => `- ${w}`) : ['- nothing']));
  if (r.notJudged.length) out.push('', `Not judged yet: ${r.notJudged.join('; ')} — \`aiops drill judge ${r.id} EXPECTATION --met|--missed\`.`);
  out.push('', '## Timeline', '', '| time | who | what |', '|---:|---|---|');
  for (const e of r.timeline) {
    const who = e.inject ? '**inject**' : `${e.actor}${e.role ? ` (${e.role})` : ''}`;
    out.push(`| ${t(e.atMs)} | ${cell(who)} | ${cell(e.text)} |`);
  }
  if (r.injectsHeldBack.length) {
    out.push('', 'Injects not delivered (their condition did not hold):', '');
    for (const h of r.injectsHeldBack) out.push(`- ${t(h.atMs)} ${h.key}: ${h.summary} — ${h.reason}`);
  }
  out.push('', '## Debrief', '');
  out.push(...(r.debrief.length ? r.debrief.map((d) => `- ${d.by}: ${d.text}`) : [`- no notes yet — \`aiops drill debrief ${r.id} "..."\``]));
  out.push('', `## Trend: every drill people played of ${r.scenario.id}`, '');
  out.push(...trendLines(r.trend, r.trend.current, 'No drill played by people has ended yet.', at));
  if (r.trend.scriptChecks.runs.length) {
    out.push('', '### Script checks (--auto runs: they check the script, they are not rehearsals)', '');
    out.push(...trendLines(r.trend.scriptChecks, r.trend.current, '', at));
  }
  return `${out.join('\n')}\n`;
}

function trendLines(tr: TrendSummary, current: string, none: string, at: (iso: string) => string): string[] {
  if (tr.runs.length === 0) return [none];
  const out = [`${sparkline(tr.runs.map((x) => x.score))}  ${tr.runs.length} run(s); best ${tr.best}, worst ${tr.worst}, mean ${tr.mean}${tr.change !== null ? `, change since the first ${tr.change >= 0 ? '+' : ''}${tr.change}` : ''}`, ''];
  out.push('| drill | started | playbook | score |', '|---|---|---|---:|');
  for (const run of tr.runs) out.push(`| ${run.id === current ? `**${run.id}** (this one)` : run.id} | ${at(run.startedAt)} | ${run.playbook} | ${run.score} |`);
  const often = tr.expectations.filter((x) => x.missed > 0).sort((a, b) => b.missed - a.missed);
  if (often.length) out.push('', `Missed across runs: ${often.map((x) => `${x.id} ${x.missed}/${x.outcomes.length}`).join(', ')}`);
  return out;
}
