import { formatShortDuration } from '../core/duration.js';
import type { Figures, ReportDocument, ScenarioScores, Stat } from './report-metrics.js';
import { bar, sparkline } from './sparkline.js';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
const dur = (ms: number | null) => (ms === null ? '—' : formatShortDuration(Math.round(ms)));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The report as terminal text: figures with medians and p90s, a bar per week and sparklines. */
export function renderReport(doc: ReportDocument): string {
  const out: string[] = [];
  const scope = doc.window.from ? `opened since ${doc.window.from.slice(0, 10)} (${doc.window.since})` : 'all time';
  out.push(`aiops report: ${scope} to ${doc.window.to.slice(0, 10)}, ${doc.service ? `service ${doc.service}` : 'all services'}`);
  if (doc.incidents) {
    out.push('', `INCIDENTS (${doc.incidents.count}${doc.drills === 'exclude' ? '' : '; drills are reported separately below'})`);
    out.push(...figureLines(doc.incidents, 'incidents'));
  }
  if (doc.drillFigures) {
    out.push('', `DRILLS (${doc.drillFigures.count} played by people; never mixed into the incident figures)`);
    out.push(...figureLines(doc.drillFigures, 'drills'));
    out.push(...scoreLines(doc.drillFigures.scenarios));
  }
  if (doc.scriptChecks && doc.scriptChecks.count > 0) {
    out.push('', `SCRIPT CHECKS (${doc.scriptChecks.count} --auto ${doc.scriptChecks.count === 1 ? 'run' : 'runs'}; they check the scripts, they are not rehearsals)`);
    out.push(...scoreLines(doc.scriptChecks.scenarios).slice(1));
  }
  return `${out.join('\n')}\n`;
}

function statRow(name: string, s: Stat): string {
  return `  ${name.padEnd(30)} ${String(s.n).padStart(4)}  ${dur(s.medianMs).padStart(9)}  ${dur(s.p90Ms).padStart(9)}`;
}

function counts(r: Record<string, number>): string {
  const parts = Object.entries(r).map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.join(' · ') : '—';
}

function figureLines(f: Figures, noun: string): string[] {
  const left = f.leftOut.cancelled + f.leftOut.duplicate;
  const leftLine = left ? [`  left out            ${f.leftOut.cancelled} cancelled, ${f.leftOut.duplicate} duplicate (in no figure below)`] : [];
  if (f.count === 0) return [`  no ${noun} in this window`, ...leftLine];
  const a = f.approvals;
  const d = f.disagreement;
  const hooks = Object.entries(f.hooks.byHook)
    .filter(([, h]) => h.failed > 0)
    .map(([name, h]) => `${name} ${h.failed}/${h.runs}`);
  const lines = [
    `  by severity (peak)  ${counts(f.bySeverity)}`,
    `  by trigger          ${counts(f.byTrigger)}`,
    ...leftLine,
    '',
    `  ${''.padEnd(30)} ${'n'.padStart(4)}  ${'median'.padStart(9)}  ${'p90'.padStart(9)}`,
    statRow('time to acknowledge', f.timeToAcknowledge),
    statRow('time to mitigate', f.timeToMitigate),
    statRow('time to resolve', f.timeToResolve),
    statRow('approval latency', f.approvalLatency),
    statRow('correction (detected→fix live)', f.correctionTime),
    ...(f.correctionPending ? [`  ${plural(f.correctionPending, noun.replace(/s$/, ''))} open with no fix live yet`] : []),
    '',
    `  approvals      ${a.granted} granted${a.byPolicy ? ` (${a.byPolicy} by severity policy)` : ''}, ${a.denied} denied, ${plural(a.overrides, 'override')} (in ${a.incidentsWithOverride} of ${f.count} ${noun}, ${pct(a.overrideRate)})`,
    `  disagreement   ${d.total} (${d.denyAfterApproval} denied after another role approved, ${plural(d.decisionsReversed, 'decision')} reversed; in ${d.incidents} ${noun})`,
    `  hook runs      ${f.hooks.runs}, ${f.hooks.failed} failed (${pct(f.hooks.failureRate)})${hooks.length ? `: ${hooks.join(', ')}` : ''}`,
    `  escalations    ${f.escalations.total} severity raises in ${f.escalations.incidents} ${noun}`,
    '',
  ];
  lines.push(...weekLines(f));
  return lines;
}

function weekLines(f: Figures): string[] {
  const maxOpened = Math.max(0, ...f.weeks.map((w) => w.opened));
  const maxEsc = Math.max(0, ...f.weeks.map((w) => w.escalations));
  const lines = [`  ${'week of'.padEnd(11)} ${'opened'.padEnd(24)} escalations`];
  for (const w of f.weeks) {
    const opened = `${bar(w.opened, maxOpened, 16)} ${w.opened}`.trimStart();
    const esc = `${bar(w.escalations, maxEsc, 10)} ${w.escalations}`.trimStart();
    lines.push(`  ${w.week.padEnd(11)} ${opened.padEnd(24)} ${esc}`);
  }
  lines.push(
    `  trend       opened ${sparkline(f.weeks.map((w) => w.opened))}   escalations ${sparkline(f.weeks.map((w) => w.escalations))}`,
  );
  return lines;
}

function scoreLines(scenarios: ScenarioScores[]): string[] {
  if (scenarios.length === 0) return [];
  const width = Math.max(8, ...scenarios.map((s) => s.scenario.length));
  const lines = ['', `  scores by scenario (oldest → newest)`];
  for (const s of scenarios) {
    if (s.runs.length === 0) {
      lines.push(`  ${s.scenario.padEnd(width)}  no finished runs`);
      continue;
    }
    const last = s.runs.at(-1)!;
    lines.push(
      `  ${s.scenario.padEnd(width)}  ${sparkline(s.runs.map((r) => r.score)).padEnd(10)} ${plural(s.runs.length, 'run')}, latest ${last.score} (${last.at.slice(0, 10)}), median ${s.median}`,
    );
  }
  return lines;
}
