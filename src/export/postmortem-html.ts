import type { ExportDocument } from './export-document.js';
import { esc } from './html-escape.js';
import { keyEventsOmittedText } from './key-events.js';

/** The postmortem's lead in HTML: impact, cause, the action-item checklist, mitigations in effect, findings, key events. */
export function postmortemHtml(doc: ExportDocument): string[] {
  const pm = doc.postmortem;
  const id = doc.incident.id;
  const todo = (command: string) => `<p class="reason">Not recorded yet: <code>${esc(command)}</code></p>`;
  const items = (list: string[], empty: string) => (list.length ? `<ul>${list.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>` : todo(empty));
  const out = ['<section id="postmortem">', '<h2>Impact</h2>'];
  if (pm.impact) {
    if (pm.impact.text) out.push(`<p>${esc(pm.impact.text)}</p>`);
    const facts = [pm.impact.affected ? `<li><strong>Affected:</strong> ${esc(pm.impact.affected)}</li>` : '', pm.impact.duration ? `<li><strong>For how long:</strong> ${esc(pm.impact.duration)}</li>` : ''];
    out.push(`<ul>${facts.join('')}<li><strong>Service:</strong> ${esc(doc.incident.service)}, peak severity ${esc(doc.incident.peakSeverity)}</li></ul>`);
  } else out.push(todo(`aiops incident impact ${id} "what users saw" --affected "who" --duration "how long"`));
  out.push('<h2>Root cause and contributing factors</h2>', pm.cause ? `<p><strong>Root cause:</strong> ${esc(pm.cause)}</p>` : todo(`aiops incident review ${id} --cause "…"`));
  if (pm.factors.length) out.push(items(pm.factors, ''));
  out.push('<h2>Action items</h2>');
  if (pm.actionItems.length === 0) out.push(todo(`aiops action add ${id} "…" --owner P --due 7d`));
  else {
    const li = pm.actionItems.map((a) => {
      const done = a.closed ? ` — closed by ${esc(a.closed.by)} ${esc(a.closed.at.time)}${a.closed.note ? `: ${esc(a.closed.note)}` : ''}` : '';
      return `<li><input type="checkbox" disabled${a.closed ? ' checked' : ''}> <strong>${esc(a.id)}</strong> ${esc(a.text)} — owner ${esc(a.owner)}, due ${esc(a.due.time.slice(0, 10))}${done}</li>`;
    });
    out.push(`<ul class="checklist">${li.join('')}</ul>`);
  }
  if (pm.mitigationsInEffect.length) {
    out.push('<h2>Mitigations still in effect</h2>', '<ul>');
    for (const m of pm.mitigationsInEffect) out.push(`<li><strong>${esc(m.hook)}</strong> still in effect since ${esc(m.since.time)} (${esc(m.run)}${m.simulated ? ', simulated in a drill' : ''}); undo: <code>${esc(`aiops hook undo ${id} ${m.step ?? m.hook}`)}</code></li>`);
    out.push('</ul>');
  }
  out.push('<h2>What went well</h2>', items(pm.wentWell, `aiops incident review ${id} --went-well "…"`));
  out.push('<h2>What went badly</h2>', items(pm.wentBadly, `aiops incident review ${id} --went-badly "…"`));
  out.push('<h2>Key events</h2>', '<table><thead><tr><th>Time</th><th>Since start</th><th>What happened</th></tr></thead><tbody>');
  for (const k of pm.keyEvents) out.push(`<tr><td>${esc(k.time)}</td><td>${esc(k.sinceStart)}</td><td>${esc(k.text)}</td></tr>`);
  out.push('</tbody></table>');
  if (pm.keyEventsOmitted) out.push(`<p><em>${esc(keyEventsOmittedText(pm.keyEventsOmitted))}</em></p>`);
  out.push('</section>');
  return out;
}
