import type { ExportDocument } from './export-document.js';
import { keyEventsOmittedText } from './key-events.js';

type Escape = (text: string) => string;

/** A command as Markdown inline code: a backtick in it (a hand-edited log's step id) would end the span, so it is shown as ' instead. */
export function mdCommand(command: string): string {
  return `\`${command.replace(/`/g, "'")}\``;
}

/**
 * What a postmortem reader needs first, as Markdown lines: impact, cause, action items as a
 * checklist, mitigations still in effect, then findings and the key events. A field nobody filled says
 * which command fills it, so the first screen also says what is left to do.
 */
export function postmortemLead(doc: ExportDocument, md: Escape): string[] {
  const pm = doc.postmortem;
  const id = doc.incident.id;
  const todo = (command: string) => `_Not recorded yet: ${mdCommand(command)}_`;
  const out: string[] = ['## Impact', ''];
  if (pm.impact) {
    if (pm.impact.text) out.push(md(pm.impact.text), '');
    if (pm.impact.affected) out.push(`- **Affected:** ${md(pm.impact.affected)}`);
    if (pm.impact.duration) out.push(`- **For how long:** ${md(pm.impact.duration)}`);
    out.push(`- **Service:** ${md(doc.incident.service)}, peak severity ${doc.incident.peakSeverity}`);
  } else {
    out.push(`Service ${md(doc.incident.service)}, peak severity ${doc.incident.peakSeverity}.`, '', todo(`aiops incident impact ${id} "what users saw" --affected "who" --duration "how long"`), '');
  }
  const d = doc.durations;
  const spans = [d.toMitigate ? `mitigated after ${d.toMitigate.text}` : '', d.toResolve ? `resolved after ${d.toResolve.text}` : ''].filter(Boolean);
  if (spans.length) out.push(`- **From the log:** ${spans.join(', ')}`);
  out.push('', '## Root cause and contributing factors', '');
  out.push(pm.cause ? `**Root cause:** ${md(pm.cause)}` : todo(`aiops incident review ${id} --cause "…" --factor "…"`));
  if (pm.factors.length) out.push('', ...pm.factors.map((f) => `- ${md(f)}`));
  // What is left to do comes before the findings: it has to fit the first screen of the page.
  out.push('', '## Action items', '');
  if (pm.actionItems.length === 0) out.push(todo(`aiops action add ${id} "…" --owner P --due 7d`));
  for (const a of pm.actionItems) {
    const done = a.closed ? ` — closed by ${md(a.closed.by)} ${md(a.closed.at.time)}${a.closed.note ? `: ${md(a.closed.note)}` : ''}` : '';
    out.push(`- [${a.closed ? 'x' : ' '}] **${md(a.id)}** ${md(a.text)} — owner ${md(a.owner)}, due ${md(a.due.time.slice(0, 10))}${done}`);
  }
  if (pm.mitigationsInEffect.length) {
    out.push('', '## Mitigations still in effect', '');
    for (const m of pm.mitigationsInEffect) {
      out.push(`- **${md(m.hook)}** still in effect since ${md(m.since.time)} (${md(m.run)}${m.simulated ? ', simulated in a drill' : ''}); its undo is ${md(m.undo)}: ${mdCommand(`aiops hook undo ${id} ${m.step ?? m.hook}`)}`);
    }
  }
  out.push('', '## What went well', '', ...list(pm.wentWell, md, todo(`aiops incident review ${id} --went-well "…"`)));
  out.push('', '## What went badly', '', ...list(pm.wentBadly, md, todo(`aiops incident review ${id} --went-badly "…"`)));
  out.push('', '## Key events', '', '| Time | Since start | What happened |', '| --- | --- | --- |');
  for (const k of pm.keyEvents) out.push(`| ${md(k.time)} | ${k.sinceStart} | ${md(k.text)} |`);
  if (pm.keyEventsOmitted) out.push('', `_${keyEventsOmittedText(pm.keyEventsOmitted)}_`);
  return out;
}

function list(items: string[], md: Escape, empty: string): string[] {
  return items.length ? items.map((t) => `- ${md(t)}`) : [empty];
}
