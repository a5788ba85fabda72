import { activityLine } from './activity-line.js';
import { argvText, byKey } from './describe-event.js';
import type { ExportDocument, HookDetail, TimelineEntry } from './export-document.js';
import { RunTimes, hookOutcomeText, undoPairText } from './hook-outcome-text.js';
import { mdCommand, postmortemLead } from './postmortem-md.js';
import { RowChunks, RowIndex } from './row-chunks.js';
import type { TimelineWriter } from './timeline-writer.js';
import { TERMINAL_CONTROLS, terminalText } from '../core/terminal-text.js';
import { textOf } from '../core/text-of.js';

/** Markdown's specials and line breaks, and the controls a terminal acts on: one scan passes a text that needs nothing done. */
const MD_SPECIAL = new RegExp(`[\\\\\`*_[\\]<>|~&\\n\\r\\u2028\\u2029${TERMINAL_CONTROLS}]`);

/**
 * Escapes text for Markdown so notes and outputs cannot add links, HTML or break a table, and an
 * entity typed as text (`&lt;`) reads as typed, not as the character it names: every line break
 * (CRLF, a lone CR, U+2028/2029) becomes <br>, so no text starts a new line of its own.
 * Markdown is read on terminals too (export to stdout, cat): every other control is made visible.
 */
export function mdText(value: string): string {
  const text = textOf(value);
  if (!MD_SPECIAL.test(text)) return text;
  return terminalText(text.replace(/[\\`*_[\]<>|~&]/g, '\\$&').replace(/\r\n|[\n\r\u2028\u2029]/g, '<br>'));
}

/**
 * A fenced block whose fence is longer than any backtick run inside it. Its text stays as it is:
 * the page around the timeline passes the terminal sanitiser, which keeps CRLF as a line and shows
 * a lone CR or U+2028 as ␍ / <U+2028>, so an argument or an output line that held one is not
 * shown as two lines (pasting a command shown so would pass other bytes than were run).
 */
export function mdFence(text: string, info = 'text'): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

/**
 * The postmortem as Markdown that reads well on a code-hosting site and pastes into a doc, its
 * timeline rows written as they are built.
 */
export function markdownWriter(): TimelineWriter {
  const timeline = timelineRows();
  const times = new RunTimes();
  return {
    row(e) {
      times.note(e);
      timeline.row(e);
    },
    finish(doc) {
      const head: string[] = [];
      const inc = doc.incident;
      head.push(`# ${mdText(inc.id)}: ${mdText(inc.title)}`, '');
      if (inc.drill) {
        const score = inc.drill.score === null ? 'not scored yet' : `score ${inc.drill.score}`;
        head.push(`> **DRILL** — a rehearsal of scenario ${mdText(inc.drill.scenario)} (${mdText(inc.drill.title)}), not a real incident; ${inc.drill.injects} injects, ${score}.${drillClockNote(inc.drill)}`, '');
      }
      head.push(verificationLine(doc), '');
      head.push('## Summary', '', inc.summary ? mdText(inc.summary) : `_${inc.status === 'closed' ? 'No summary' : `Not closed yet (${inc.status})`}: the closing summary comes with \`aiops incident close ${mdText(inc.id)} --summary "…"\`_`, '');
      for (const line of postmortemLead(doc, mdText)) head.push(line);
      head.push('', '## Details', '');
      for (const line of summaryTable(doc)) head.push(line);
      head.push('');
      for (const line of timesSection(doc)) head.push(line);
      head.push('');
      for (const line of severitySection(doc)) head.push(line);
      head.push('');
      for (const line of rolesSection(doc)) head.push(line);
      head.push('', '## Appendix A: full audit timeline', '', zoneNote(doc));
      const tail: string[] = [''];
      if (doc.hooks.length) {
        for (const line of hooksSection(doc.hooks, times)) tail.push(line);
        tail.push('');
      }
      for (const line of attachmentsSection(doc)) tail.push(line);
      tail.push('', '## Appendix B: evidence', '', verificationDetail(doc), '');
      // The timeline rows never hold a blank-line run (each day's table starts with one blank
      // line), so only the parts around them are tidied: not 2 MB of rows scanned once more.
      const tidy = (lines: string[]) => lines.join('\n').replace(/\n{3,}/g, '\n\n');
      // Markdown is read on terminals too (export to stdout, cat): no control reaches one raw. The
      // rows' every text came through mdText; the parts around them hold fenced text, scanned here.
      return [terminalText(`${tidy(head)}\n`), ...timeline.chunks(doc), terminalText(`${tidy(tail).trimEnd()}\n`)];
    },
  };
}

/** For a drill not played in real time, that its times are the drill's clock. */
export function drillClockNote(drill: { speed: number | null; auto: boolean }): string {
  if (drill.auto && drill.speed === null) return ' Its times are the drill clock: --auto played it at once, ending when it was run.';
  if (drill.speed !== null && drill.speed !== 1) return ` Its times are the drill clock, which ran at ${drill.speed}x.`;
  return '';
}

function zoneNote(doc: ExportDocument): string {
  return doc.timeZone === 'UTC' ? 'Times are UTC.' : `Times are ${mdText(doc.timeZone)} local time, each with its offset from UTC.`;
}

function summaryTable(doc: ExportDocument): string[] {
  const inc = doc.incident;
  const sev = inc.peakSeverity === inc.severity ? inc.severity : `${inc.severity} (peak ${inc.peakSeverity})`;
  const ctx = byKey(inc.context).map(([k, v]) => `${mdText(k)}=${mdText(v)}`).join(', ');
  const c = doc.counts;
  const lines = [
    row(['', '']),
    row(['---', '---']),
    row(['Service', mdText(inc.service)]),
    row(['Severity', sev]),
    row(['Status', inc.status + (doc.times.reopened ? ` (reopened ${doc.times.reopened}×)` : '')]),
    row(['Trigger', inc.trigger ? mdText(inc.trigger) : '—']),
    row(['Playbook', `${mdText(inc.playbook.id)}@${mdText(inc.playbook.version)} (sha256 ${inc.playbook.sha256})`]),
    row(['Chosen because', mdText(inc.selection)]),
    row(['Opened by', mdText(inc.openedBy)]),
  ];
  if (ctx) lines.push(row(['Context', ctx]));
  lines.push(
    row([
      'Activity',
      activityLine(c),
    ]),
  );
  return lines;
}

function timesSection(doc: ExportDocument): string[] {
  const t = doc.times;
  const d = doc.durations;
  const stage = (name: string, at: { time: string } | null, span: { text: string } | null) =>
    row([name, at ? mdText(at.time) : '—', at ? (span ? span.text : '—') : 'not yet']);
  const lines = [
    '## Times',
    '',
    zoneNote(doc),
    '',
    row(['Stage', 'Time', 'Since opened']),
    row(['---', '---', '---']),
    row(['Opened', mdText(t.opened.time), '—']),
    stage('Mitigated', t.mitigated, d.toMitigate),
    stage('Resolved', t.resolved, d.toResolve),
    stage('Closed', t.closed, d.toClose),
    row(['Last event', mdText(t.lastEvent.time), d.open.text]),
  ];
  if (d.correction) lines.push('', `Post-incident correction (resolved → closed): ${d.correction.text}.`);
  return lines;
}

function severitySection(doc: ExportDocument): string[] {
  const lines = ['## Severity', '', row(['Time', 'Severity', 'By', 'Reason']), row(['---', '---', '---', '---'])];
  for (const s of doc.severityHistory) {
    lines.push(row([mdText(s.time), s.from ? `${mdText(s.from)} → ${mdText(s.to)}` : mdText(s.to), mdText(s.actor), mdText(s.reason)]));
  }
  return lines;
}

function rolesSection(doc: ExportDocument): string[] {
  if (!doc.roles.length) return ['## Roles', '', 'No roles were assigned.'];
  const lines = ['## Roles', '', row(['Role', 'Person', 'From', 'Until', 'How']), row(['---', '---', '---', '---', '---'])];
  for (const r of doc.roles) {
    const how = r.handoff ? 'handoff' : r.source === 'starter' ? 'started the incident' : r.source === 'oncall' ? 'on-call primary' : r.source === 'owner' ? 'technical owner of the service' : 'assigned';
    lines.push(row([mdText(r.role), mdText(r.person), mdText(r.from.time), r.to ? mdText(r.to.time) : 'end', how]));
  }
  return lines;
}

function who(e: TimelineEntry): string {
  return e.role ? `${mdText(e.actor)} (${mdText(e.role)})` : mdText(e.actor);
}

/** The timeline's tables, a day each, one line a row, collected in chunks (an incident may have 100,000 events). */
function timelineRows(): { row(e: TimelineEntry): void; chunks(doc: ExportDocument): string[] } {
  const out: string[] = [];
  const chunk = new RowChunks(out);
  const index = new RowIndex();
  let day = '';
  // Actors and roles repeat on every row: escape each pair once, found by role then actor (no key string to build a row).
  const whoOf = new Map<string | null, Map<string, string>>();
  return {
    row(e) {
      // Rows of one day in a row: their time starts with the day (no slice to compare).
      if (!(day.length === 10 && e.time.startsWith(day))) {
        const d = e.time.slice(0, 10);
        if (d !== day) {
          day = d;
          chunk.push('', `### ${mdText(d)}`, '', row(['Time', 'Since start', 'Who', 'What happened']), row(['---', '---', '---', '---']));
        }
      }
      const reason = e.reason ? `<br>Reason: ${mdText(e.reason)}` : '';
      const text = e.kind === 'override' || e.kind === 'denial' || e.kind === 'refusal' ? `**${mdText(e.text)}**` : mdText(e.text);
      let ofRole = whoOf.get(e.role);
      if (ofRole === undefined) whoOf.set(e.role, (ofRole = new Map()));
      let by = ofRole.get(e.actor);
      if (by === undefined) ofRole.set(e.actor, (by = who(e)));
      // The time is the event's as stored (a hand-edited one is no instant): escaped as any text.
      const head = `| ${mdText(e.time.slice(11))} | ${e.sinceStart} | ${by} | `;
      index.add(e.seq, chunk.nextChunk, chunk.nextOffset + head.length);
      chunk.line(`${head}${text}${reason} |`);
    },
    /** The rows; the row that failed verification, if it is one of them, says so in front. */
    chunks(doc) {
      chunk.flush();
      const bad = doc.verification.firstBad;
      if (bad) index.insertBefore(out, bad.seq, `**FAILED VERIFICATION (seq ${bad.seq}, ${mdText(bad.kind)}):** `);
      return out;
    },
  };
}

function hooksSection(hooks: HookDetail[], times: RunTimes): string[] {
  const lines = ['## Hook runs'];
  for (const h of hooks) {
    lines.push('', `### ${mdText(h.run)}: ${mdText(h.name)}${h.step ? ` (step ${mdText(h.step)})` : ''}${h.undoOf ? `, undo of ${mdText(h.undoOf)}` : ''}`, '');
    lines.push(`- Outcome: ${hookOutcomeText(h)}`);
    if (h.undoOf) lines.push(`- Undo: ${mdText(undoPairText(h, hooks, times))}`);
    if (h.error) lines.push(`- Error: ${mdText(h.error)}`);
    lines.push('- Command (argv):', '', mdFence(argvText(h.argv), 'sh'));
    if (h.output) {
      const more = h.outputOmitted ? ` (first lines; ${h.outputOmitted} more not shown, see \`aiops evidence export\`)` : '';
      lines.push('', `Output${more}:`, '', mdFence(h.output));
    }
  }
  return lines;
}

function attachmentsSection(doc: ExportDocument): string[] {
  if (!doc.attachments.length) return ['## Attachments', '', 'None.'];
  const lines = ['## Attachments', '', row(['sha256', 'Name', 'Bytes', 'Added']), row(['---', '---', '---', '---'])];
  for (const a of doc.attachments) lines.push(row([a.sha256, mdText(a.name), String(a.size), `${a.via} by ${mdText(a.by)}, seq ${a.seq}`]));
  return lines;
}

/** One line of plain text: passed or not, for what (this incident's events), the chain head, and how to check the rest. */
export function verificationSummary(doc: ExportDocument): string {
  const v = doc.verification;
  const head = v.chainHead ? `chain head seq ${v.chainHead.seq} ${v.chainHead.hash}` : 'empty chain';
  if (v.ok) return `Evidence verified for this incident: its ${v.checkedEvents} events are intact and linked into the chain; ${head}. The rest of the log was not re-walked — run "${v.command}" for that.`;
  const bad = v.firstBad ? `first bad seq ${v.firstBad.seq} (${v.firstBad.kind}): ${v.firstBad.message}` : 'unknown problem';
  return `EVIDENCE VERIFICATION FAILED: ${bad}; ${head}. Only this incident's events and their links were checked; run "${v.command}" for the whole chain.`;
}

function verificationLine(doc: ExportDocument): string {
  const v = doc.verification;
  const head = v.chainHead ? `chain head seq ${v.chainHead.seq} \`${v.chainHead.hash}\`` : 'empty chain';
  const command = mdCommand(v.command);
  if (v.ok) return `**Evidence verified for this incident:** its ${v.checkedEvents} events are intact and linked into the chain; ${head}. The rest of the log was not re-walked — run ${command} for that.`;
  const bad = v.firstBad ? `first bad seq ${v.firstBad.seq} (${mdText(v.firstBad.kind)}): ${mdText(v.firstBad.message)}` : 'unknown problem';
  return `**EVIDENCE VERIFICATION FAILED:** ${bad}; ${head}. Only this incident's events and their links were checked; run ${command} for the whole chain.`;
}

function verificationDetail(doc: ExportDocument): string {
  const v = doc.verification;
  return [
    verificationLine(doc),
    '',
    `This incident has ${v.incidentEvents} events; its last is seq ${v.incidentHead.seq} with hash ${v.incidentHead.hash}.`,
    `Re-check at any time with \`${v.command}\`, or without aiops from \`aiops evidence export ${doc.incident.id}\`.`,
  ].join('\n');
}
