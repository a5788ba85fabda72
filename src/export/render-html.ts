import { activityLine } from './activity-line.js';
import { argvText } from './describe-event.js';
import { type ExportDocument, type HookDetail, TIMELINE_KINDS, type TimelineEntry, type TimelineKind } from './export-document.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { humanDuration } from './format-time.js';
import { hookOutcomeText, undoPairText } from './hook-outcome-text.js';
import { verificationSummary } from './render-markdown.js';
import { RowChunks } from './row-chunks.js';
import { timeScale } from './time-scale.js';

const HTML_SPECIAL = /[&<>"']/;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string): string {
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** The swimlane an entry sits in: the role it was done in, else `system`, else `no role`. */
export function laneOf(e: Pick<TimelineEntry, 'role' | 'actor'>): string {
  return e.role ?? (e.actor === 'system' ? 'system' : 'no role');
}

/**
 * One self-contained HTML page: inline CSS and script, a Content-Security-Policy that forbids
 * every fetch, a swimlane per role on a time axis, role and type filters, and the same
 * verification line as the other formats.
 */
export function renderHtml(doc: ExportDocument): string {
  const inc = doc.incident;
  const rows = prepareTimeline(doc.timeline);
  const lanes = laneOrder(doc, rows);
  const kinds = kindsIn(doc);
  // One array of lines for the whole page: a 10,000-event timeline is 10,000 pushes and one join.
  const out: string[] = [];
  out.push(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="aiops export (${esc(doc.format)} v${doc.version})">`,
    `<title>${esc(`${inc.drill ? 'DRILL ' : ''}${inc.id}: ${inc.title}`)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${esc(inc.id)}: ${esc(inc.title)}</h1>`,
  );
  if (inc.drill) {
    const score = inc.drill.score === null ? 'not scored yet' : `score ${inc.drill.score}`;
    out.push(`<p class="banner drill">DRILL — a rehearsal of scenario ${esc(inc.drill.scenario)} (${esc(inc.drill.title)}), not a real incident; ${inc.drill.injects} injects, ${esc(score)}.</p>`);
  }
  out.push(verificationBlock(doc));
  for (const line of summarySection(doc)) out.push(line);
  swimlaneSection(out, doc, rows, lanes, kinds);
  timelineSection(out, doc, rows, lanes, kinds);
  if (doc.hooks.length) for (const line of hooksSection(doc.hooks, doc.timeline)) out.push(line);
  for (const line of attachmentsSection(doc)) out.push(line);
  out.push('<section id="verification">', '<h2>Verification</h2>', verificationBlock(doc));
  const v = doc.verification;
  out.push(
    `<p>This incident has ${v.incidentEvents} events; its last is seq ${v.incidentHead.seq} with hash <code>${esc(v.incidentHead.hash)}</code>. Re-check with <code>${esc(v.command)}</code>, or without aiops from <code>aiops evidence export ${esc(inc.id)}</code>.</p>`,
    '</section>',
    `<footer>Exported by aiops from the evidence log. ${esc(zoneNote(doc))}</footer>`,
    '</main>',
    `<script>${HTML_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  );
  return out.join('\n');
}

/** A timeline entry with what the page needs of it worked out once: its lane and its instant in ms. */
interface PreparedRow {
  e: TimelineEntry;
  lane: string;
  ms: number;
}

function prepareTimeline(timeline: readonly TimelineEntry[]): PreparedRow[] {
  const rows: PreparedRow[] = new Array(timeline.length);
  for (let i = 0; i < timeline.length; i++) {
    const e = timeline[i]!;
    rows[i] = { e, lane: laneOf(e), ms: Date.parse(e.at) };
  }
  return rows;
}

function zoneNote(doc: ExportDocument): string {
  return doc.timeZone === 'UTC' ? 'Times are UTC.' : `Times are ${doc.timeZone} local time.`;
}

function verificationBlock(doc: ExportDocument): string {
  return `<p class="verify ${doc.verification.ok ? 'ok' : 'bad'}">${esc(verificationSummary(doc))}</p>`;
}

function laneOrder(doc: ExportDocument, rows: readonly PreparedRow[]): string[] {
  const lanes: string[] = [];
  const add = (l: string) => {
    if (!lanes.includes(l)) lanes.push(l);
  };
  for (const r of doc.roles) add(r.role);
  const rest = new Set<string>();
  for (const r of rows) rest.add(r.lane);
  for (const l of rest) if (l !== 'system' && l !== 'no role') add(l);
  for (const l of ['system', 'no role']) if (rest.has(l)) add(l);
  return lanes;
}

function facts(rows: [string, string][]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function table(head: string[], rows: string[][]): string {
  return [
    '<table>',
    `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('\n');
}

function summarySection(doc: ExportDocument): string[] {
  const inc = doc.incident;
  const t = doc.times;
  const d = doc.durations;
  const c = doc.counts;
  const sev = inc.peakSeverity === inc.severity ? inc.severity : `${inc.severity} (peak ${inc.peakSeverity})`;
  const rows: [string, string][] = [
    ['Service', esc(inc.service)],
    ['Severity', esc(sev)],
    ['Status', esc(inc.status + (t.reopened ? ` (reopened ${t.reopened}×)` : ''))],
    ['Trigger', esc(inc.trigger ?? '—')],
    ['Playbook', `${esc(inc.playbook.id)}@${esc(inc.playbook.version)} <span class="mono">sha256 ${esc(inc.playbook.sha256)}</span>`],
    ['Chosen because', esc(inc.selection)],
    ['Opened by', esc(inc.openedBy)],
  ];
  const ctx = Object.entries(inc.context);
  if (ctx.length) rows.push(['Context', esc(ctx.map(([k, v]) => `${k}=${v}`).join(', '))]);
  rows.push([
    'Activity',
    esc(activityLine(c)),
  ]);
  const out = ['<section id="summary">', '<h2>Summary</h2>', facts(rows)];
  if (inc.summary) out.push(`<p><strong>Closing summary:</strong> ${esc(inc.summary)}</p>`);
  const stage = (name: string, at: { time: string } | null, span: { text: string } | null) => [esc(name), at ? esc(at.time) : '—', at ? esc(span?.text ?? '—') : 'not yet'];
  out.push(
    '<h3>Times</h3>',
    `<p class="reason">${esc(zoneNote(doc))}</p>`,
    table(['Stage', 'Time', 'Since opened'], [
      ['Opened', esc(t.opened.time), '—'],
      stage('Mitigated', t.mitigated, d.toMitigate),
      stage('Resolved', t.resolved, d.toResolve),
      stage('Closed', t.closed, d.toClose),
      ['Last event', esc(t.lastEvent.time), esc(d.open.text)],
    ]),
  );
  if (d.correction) out.push(`<p>Post-incident correction (resolved → closed): ${esc(d.correction.text)}.</p>`);
  out.push(
    '<h3>Severity</h3>',
    table(['Time', 'Severity', 'By', 'Reason'], doc.severityHistory.map((s) => [esc(s.time), esc(s.from ? `${s.from} → ${s.to}` : s.to), esc(s.actor), esc(s.reason)])),
    '<h3>Roles</h3>',
  );
  if (doc.roles.length === 0) out.push('<p>No roles were assigned.</p>');
  else {
    out.push(
      table(
        ['Role', 'Person', 'From', 'Until', 'How'],
        doc.roles.map((r) => [
          esc(r.role),
          esc(r.person),
          esc(r.from.time),
          esc(r.to ? r.to.time : 'end'),
          esc(r.handoff ? 'handoff' : r.source === 'starter' ? 'started the incident' : r.source === 'oncall' ? 'on-call primary' : 'assigned'),
        ]),
      ),
    );
  }
  out.push('</section>');
  return out;
}

const LANE_H = 26;
const LABEL_W = 130;
const PLOT_W = 840;
const AXIS_H = 34;
const TITLE_CHARS = 140;

function kindsIn(doc: ExportDocument): TimelineKind[] {
  const seen = new Set<string>();
  for (const e of doc.timeline) seen.add(e.kind);
  return TIMELINE_KINDS.filter((k) => seen.has(k));
}

function swimlaneSection(out: string[], doc: ExportDocument, rows: readonly PreparedRow[], lanes: string[], kinds: readonly TimelineKind[]): void {
  const first = Date.parse(doc.times.opened.at);
  const scale = timeScale(rows.map((r) => r.ms));
  const width = LABEL_W + PLOT_W + 20;
  const height = lanes.length * LANE_H + AXIS_H;
  const px = (pos: number) => (LABEL_W + pos * PLOT_W).toFixed(1);
  const axisY = lanes.length * LANE_H;
  out.push(
    '<section id="lanes">',
    '<h2>Timeline at a glance</h2>',
    `<svg class="lanes" viewBox="0 0 ${width} ${height}" role="img" aria-label="Swimlanes: one lane per role, time left to right">`,
  );
  lanes.forEach((lane, i) => {
    const y = i * LANE_H;
    if (i % 2 === 0) out.push(`<rect class="lane-band" x="0" y="${y}" width="${width}" height="${LANE_H}"/>`);
    out.push(`<text class="lane-label" x="8" y="${y + LANE_H / 2 + 4}">${esc(lane)}</text>`);
  });
  for (const b of scale.breaks) {
    const x0 = Number(px(b.from));
    const w = Math.max(2, Number(px(b.to)) - x0);
    out.push(
      `<rect class="gap" x="${x0.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="${axisY}"><title>${esc(`quiet for ${humanDuration(b.gapMs)} (compressed)`)}</title></rect>`,
      `<text class="tick-label" x="${(x0 + w / 2).toFixed(1)}" y="${axisY + 30}" text-anchor="middle">${esc(`…${shortSpan(b.gapMs)}…`)}</text>`,
    );
  }
  for (let k = 0; k <= 4; k++) {
    const at = scale.instantAt(k / 4);
    if (at === null) continue;
    const tx = px(k / 4);
    out.push(`<line class="tick" x1="${tx}" y1="0" x2="${tx}" y2="${axisY + 4}"/>`);
    const anchor = k === 0 ? 'start' : k === 4 ? 'end' : 'middle';
    out.push(`<text class="tick-label" x="${tx}" y="${axisY + 16}" text-anchor="${anchor}">T+${shortSpan(at - first)}</text>`);
  }
  const laneIndex = new Map(lanes.map((l, i) => [l, i]));
  const kindIndex = new Map(TIMELINE_KINDS.map((k, i) => [k, i]));
  // Entries that land on the same pixel of the same lane with the same kind share one dot, so a
  // 10,000-event incident draws a few hundred dots, not 10,000 (the table below has every one).
  const dots = new Map<number, { e: TimelineEntry; lane: string; x: number; count: number }>();
  for (const { e, lane, ms } of rows) {
    const x = LABEL_W + scale.at(ms) * PLOT_W;
    const key = ((laneIndex.get(lane) ?? 0) * TIMELINE_KINDS.length + kindIndex.get(e.kind)!) * 4096 + Math.round(x);
    const hit = dots.get(key);
    if (hit) hit.count += 1;
    else dots.set(key, { e, lane, x, count: 1 });
  }
  for (const { e, lane, x, count } of dots.values()) {
    const cy = (laneIndex.get(lane) ?? 0) * LANE_H + LANE_H / 2;
    const title = e.text.length > TITLE_CHARS ? `${e.text.slice(0, TITLE_CHARS)}…` : e.text;
    const more = count > 1 ? ` (+${count - 1} more ${e.kind} here)` : '';
    out.push(
      `<a href="#e${e.seq}" data-kind="${e.kind}" data-lane="${esc(lane)}"><circle class="c-${e.kind}" cx="${x.toFixed(1)}" cy="${cy}" r="5"><title>${esc(`${e.time} ${e.sinceStart} ${e.actor}: ${title}${more}`)}</title></circle></a>`,
    );
  }
  out.push('</svg>');
  const legend = kinds.map((k) => `<span><svg width="12" height="12" aria-hidden="true"><circle class="c-${k}" cx="6" cy="6" r="5"/></svg> ${k}</span>`);
  const note = scale.breaks.length ? '<span>shaded: a long quiet stretch, compressed</span>' : '';
  out.push(`<div class="legend">${legend.join('')}${note}</div>`, '</section>');
}

/** Axis ticks say how far into the incident they are; the exact clock times are in the table. */
function shortSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.round(h / 24)}d`;
}

function timelineSection(out: string[], doc: ExportDocument, rows: readonly PreparedRow[], lanes: string[], kinds: readonly string[]): void {
  const box = (name: string, value: string) => `<label><input type="checkbox" name="${name}" value="${esc(value)}" checked> ${esc(value)}</label>`;
  out.push(
    '<section id="timeline">',
    '<h2>Timeline</h2>',
    `<p class="reason">${esc(zoneNote(doc))}</p>`,
    '<form id="filters" class="no-print">',
    `<fieldset><legend>Role</legend>${lanes.map((l) => box('lane', l)).join('')}</fieldset>`,
    `<fieldset><legend>Type</legend>${kinds.map((k) => box('kind', k)).join('')}</fieldset>`,
    `<span>showing <strong id="shown">${doc.timeline.length}</strong> of ${doc.timeline.length}</span>`,
    '<button type="button" id="show-all">show all</button>',
    '</form>',
    '<table>',
    '<thead><tr><th>Time</th><th>Since start</th><th>Who</th><th>What happened</th></tr></thead>',
    '<tbody>',
  );
  // Lanes, actors and roles repeat across thousands of rows: escape each distinct one once.
  const escaped = new Map<string, string>();
  const once = (text: string) => {
    let hit = escaped.get(text);
    if (hit === undefined) escaped.set(text, (hit = esc(text)));
    return hit;
  };
  const chunk = new RowChunks(out);
  for (const { e, lane } of rows) {
    const who = e.role ? `${once(e.actor)} <span class="tag">${once(e.role)}</span>` : once(e.actor);
    const reason = e.reason ? `\n<span class="reason">Reason: ${esc(e.reason)}</span>` : '';
    const run = e.run ? ` <a href="#${esc(e.run)}">details</a>` : '';
    chunk.push(
      // time and sinceStart are digits and punctuation we produced; nothing to escape
      `<tr id="e${e.seq}" class="k-${e.kind}" data-kind="${e.kind}" data-lane="${once(lane)}"><td class="when">${e.time}</td><td class="when">${e.sinceStart}</td><td>${who}</td><td class="what">${esc(e.text)}${run}${reason}</td></tr>`,
    );
  }
  chunk.flush();
  out.push('</tbody>', '</table>', '</section>');
}

function hooksSection(hooks: HookDetail[], timeline: ExportDocument['timeline']): string[] {
  const out = ['<section id="hooks">', '<h2>Hook runs</h2>'];
  for (const h of hooks) {
    out.push(
      `<article id="${esc(h.run)}">`,
      `<h3>${esc(h.run)}: ${esc(h.name)}${h.step ? ` (step ${esc(h.step)})` : ''}${h.undoOf ? `, undo of ${esc(h.undoOf)}` : ''}</h3>`,
      `<p>Outcome: <strong>${esc(hookOutcomeText(h))}</strong>${h.error ? ` — ${esc(h.error)}` : ''}</p>`,
      ...(h.undoOf ? [`<p>${esc(undoPairText(h, hooks, timeline))}</p>`] : []),
      '<p>Command (argv):</p>',
      `<pre>${esc(argvText(h.argv))}</pre>`,
    );
    if (h.output) {
      const more = h.outputOmitted ? ` (first lines; ${h.outputOmitted} more not shown)` : '';
      out.push(`<p>Output${esc(more)}:</p>`, `<pre>${esc(h.output)}</pre>`);
    }
    out.push('</article>');
  }
  out.push('</section>');
  return out;
}

function attachmentsSection(doc: ExportDocument): string[] {
  const out = ['<section id="attachments">', '<h2>Attachments</h2>'];
  if (doc.attachments.length === 0) out.push('<p>None.</p>');
  else {
    out.push(
      table(
        ['sha256', 'Name', 'Bytes', 'Added'],
        doc.attachments.map((a) => [`<span class="mono">${esc(a.sha256)}</span>`, esc(a.name), String(a.size), esc(`${a.via} by ${a.by}, seq ${a.seq}`)]),
      ),
    );
  }
  out.push('</section>');
  return out;
}
