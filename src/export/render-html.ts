import { createHash } from 'node:crypto';
import { activityLine } from './activity-line.js';
import { argvText, byKey } from './describe-event.js';
import type { ExportDocument, HookDetail, TimelineEntry } from './export-document.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { RunTimes, hookOutcomeText, undoPairText } from './hook-outcome-text.js';
import { drillClockNote, verificationSummary } from './render-markdown.js';
import { RowChunks, RowIndex } from './row-chunks.js';
import { esc } from './html-escape.js';
import { postmortemHtml } from './postmortem-html.js';
import { LanePoints, swimlaneSection } from './html-swimlanes.js';
import { PageParts, type TimelineWriter } from './timeline-writer.js';

/**
 * The page's own style and script by hash, not 'unsafe-inline': markup that slipped past escaping
 * still cannot run a script or restyle the page.
 */
const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const CSP = `default-src 'none'; style-src ${cspHash(HTML_STYLE)}; script-src ${cspHash(HTML_SCRIPT)}; img-src data:; form-action 'none'; base-uri 'none'`;

/** The swimlane an entry sits in: the role it was done in, else `system`, else `no role`. */
export function laneOf(e: Pick<TimelineEntry, 'role' | 'actor'>): string {
  return e.role ?? (e.actor === 'system' ? 'system' : 'no role');
}

/**
 * One self-contained HTML page: inline CSS and script, a Content-Security-Policy that forbids
 * every fetch, a swimlane per role on a time axis, role and type filters, and the same
 * verification line as the other formats.
 */
export function htmlWriter(): TimelineWriter {
  const points = new LanePoints();
  const table = tableRows();
  const times = new RunTimes();
  return {
    row(e, ms) {
      const lane = laneOf(e);
      points.add(e, lane, ms, table.row(e, lane));
      times.note(e);
    },
    finish(doc) {
      const inc = doc.incident;
      const lanes = points.laneOrder(doc.roles.map((r) => r.role));
      const kinds = points.kinds();
      const out = new PageParts();
      out.push(
        '<!doctype html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<meta name="generator" content="aiops export (${esc(doc.format)} v${doc.version})">`,
        `<title>${esc(`${inc.drill && !inc.id.startsWith('DRILL') ? 'DRILL ' : ''}${inc.id}: ${inc.title}`)}</title>`,
        `<style>${HTML_STYLE}</style>`,
        '</head>',
        '<body>',
        '<main>',
        `<h1>${esc(inc.id)}: ${esc(inc.title)}</h1>`,
      );
      if (inc.drill) {
        const score = inc.drill.score === null ? 'not scored yet' : `score ${inc.drill.score}`;
        out.push(`<p class="banner drill">DRILL — a rehearsal of scenario ${esc(inc.drill.scenario)} (${esc(inc.drill.title)}), not a real incident; ${inc.drill.injects} injects, ${esc(score)}.${esc(drillClockNote(inc.drill))}</p>`);
      }
      const bad = doc.verification.firstBad;
      const badRow = bad !== null && table.index.has(bad.seq) ? bad.seq : null;
      out.push(verificationBlock(doc, badRow));
      if (inc.summary) out.push(`<p><strong>Summary:</strong> ${esc(inc.summary)}</p>`);
      for (const line of postmortemHtml(doc)) out.push(line);
      for (const line of summarySection(doc)) out.push(line);
      const rows = table.chunks();
      swimlaneSection(out, doc, points, lanes, kinds, rows, table.index);
      if (bad) table.markFailed(rows, bad.seq, bad.kind);
      timelineSection(out, doc, rows, points.count, lanes, kinds);
      if (doc.hooks.length) for (const line of hooksSection(doc.hooks, times)) out.push(line);
      for (const line of attachmentsSection(doc)) out.push(line);
      out.push('<section id="verification">', '<h2>Verification</h2>', verificationBlock(doc, badRow));
      const v = doc.verification;
      out.push(
        `<p>This incident has ${v.incidentEvents} events; its last is seq ${v.incidentHead.seq} with hash <code>${esc(v.incidentHead.hash)}</code>. Re-check with <code>${esc(v.command)}</code>, or without aiops from <code>aiops evidence export ${esc(inc.id)}</code>.</p>`,
        '</section>',
        `<footer>Exported by aiops from the evidence log. ${esc(zoneNote(doc))}</footer>`,
        '</main>',
        `<script>${HTML_SCRIPT}</script>`,
        '</body>',
        '</html>',
      );
      return out.done();
    },
  };
}

function zoneNote(doc: ExportDocument): string {
  return doc.timeZone === 'UTC' ? 'Times are UTC.' : `Times are ${doc.timeZone} local time, each with its offset from UTC.`;
}

/** The verification line; when the event that failed is in the table, a link to its row. */
function verificationBlock(doc: ExportDocument, badRow: number | null): string {
  const jump = badRow === null ? '' : ` <a href="#e${badRow}">Go to seq ${badRow}</a>`;
  return `<p class="verify ${doc.verification.ok ? 'ok' : 'bad'}">${esc(verificationSummary(doc))}${jump}</p>`;
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
  const ctx = byKey(inc.context);
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
          esc(r.handoff ? 'handoff' : r.source === 'starter' ? 'started the incident' : r.source === 'oncall' ? 'on-call primary' : r.source === 'owner' ? 'technical owner of the service' : 'assigned'),
        ]),
      ),
    );
  }
  out.push('</section>');
  return out;
}

function timelineSection(out: PageParts, doc: ExportDocument, tableChunks: readonly string[], count: number, lanes: string[], kinds: readonly string[]): void {
  const box = (name: string, value: string) => `<label><input type="checkbox" name="${name}" value="${esc(value)}" checked> ${esc(value)}</label>`;
  out.push(
    '<section id="timeline">',
    '<h2>Timeline</h2>',
    `<p class="reason">${esc(zoneNote(doc))}</p>`,
    '<form id="filters" class="no-print">',
    `<fieldset><legend>Role</legend>${lanes.map((l) => box('lane', l)).join('')}</fieldset>`,
    `<fieldset><legend>Type</legend>${kinds.map((k) => box('kind', k)).join('')}</fieldset>`,
    `<span>showing <strong id="shown">${count}</strong> of ${count}</span>`,
    '<button type="button" id="show-all">show all</button>',
    '</form>',
    '<table>',
    '<thead><tr><th>Time</th><th>Since start</th><th>Who</th><th>What happened</th></tr></thead>',
    '<tbody>',
  );
  out.chunks(tableChunks);
  out.push('</tbody>', '</table>', '</section>');
}

/** The timeline table's rows, one line each, collected in chunks. */
interface TableRows {
  /** Renders the row; says how long its escaped text is (where it starts is in `index`). */
  row(e: TimelineEntry, lane: string): number;
  readonly index: RowIndex;
  chunks(): string[];
  /** Says, in front of its text, that the row of `seq` failed verification (after the swimlanes read the chunks). */
  markFailed(chunks: string[], seq: number, kind: string): void;
}

function tableRows(): TableRows {
  const out: string[] = [];
  const chunk = new RowChunks(out);
  const index = new RowIndex();
  // Lanes, actors and roles repeat across thousands of rows: escape each distinct one once.
  const escaped = new Map<string, string>();
  const once = (text: string) => {
    let hit = escaped.get(text);
    if (hit === undefined) escaped.set(text, (hit = esc(text)));
    return hit;
  };
  return {
    row(e, lane) {
      const who = e.role ? `${once(e.actor)} <span class="tag">${once(e.role)}</span>` : once(e.actor);
      const reason = e.reason ? `\n<span class="reason">Reason: ${esc(e.reason)}</span>` : '';
      const run = e.run ? ` <a href="#${esc(e.run)}">details</a>` : '';
      // sinceStart is digits and punctuation we produced; the time is the event's as stored, which a
      // hand-edited log can fill with markup. The cells are styled by column (HTML_STYLE), not by
      // class: 10,000 rows, 46 bytes a row fewer.
      const head = `<tr id="e${e.seq}" data-kind="${e.kind}" data-lane="${once(lane)}"><td>${esc(e.time)}</td><td>${e.sinceStart}</td><td>${who}</td><td>`;
      const text = esc(e.text);
      index.add(e.seq, chunk.nextChunk, chunk.nextOffset + head.length);
      chunk.line(`${head}${text}${run}${reason}</td></tr>`);
      return text.length;
    },
    chunks() {
      chunk.flush();
      return out;
    },
    index,
    markFailed(chunks, seq, kind) {
      index.insertBefore(chunks, seq, `<strong class="failed">FAILED VERIFICATION (seq ${seq}, ${esc(kind)}):</strong> `);
    },
  };
}

function hooksSection(hooks: HookDetail[], times: RunTimes): string[] {
  const out = ['<section id="hooks">', '<h2>Hook runs</h2>'];
  for (const h of hooks) {
    out.push(
      `<article id="${esc(h.run)}">`,
      `<h3>${esc(h.run)}: ${esc(h.name)}${h.step ? ` (step ${esc(h.step)})` : ''}${h.undoOf ? `, undo of ${esc(h.undoOf)}` : ''}</h3>`,
      `<p>Outcome: <strong>${esc(hookOutcomeText(h))}</strong>${h.error ? ` — ${esc(h.error)}` : ''}</p>`,
      ...(h.undoOf ? [`<p>${esc(undoPairText(h, hooks, times))}</p>`] : []),
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
