import type { OversightSection, TelemetryWindow } from '../app/read-telemetry.js';
import { OVERSIGHT_METRICS } from '../core/watch/oversight.js';
import type { Figures } from '../core/watch/metrics.js';

const rate = (f: Figures) => (f.value === null ? '—' : `${(f.value * 100).toFixed(1)}% (${f.hits}/${f.count})`);

/** What was left out for its time: `; 2 records outside the window left out: 1 before 2026-11-28, 1 dated after now`. */
function outsideText(s: OversightSection, window: TelemetryWindow): string {
  const { before, after } = s.outsideWindow;
  if (before + after === 0) return '';
  const parts = [...(before ? [`${before} before ${window.from?.slice(0, 10)}`] : []), ...(after ? [`${after} dated after now`] : [])];
  return `; ${before + after} ${before + after === 1 ? 'record' : 'records'} outside the window left out: ${parts.join(', ')}`;
}

/** The oversight section of `aiops report --telemetry` as terminal text: definitions first, then a block per service and week. */
export function renderOversight(s: OversightSection, window: TelemetryWindow): string {
  const out = ['', `OVERSIGHT (telemetry ${s.file}: ${s.records} requests${outsideText(s, window)}${s.bad.length ? `, ${s.bad.length} bad line(s) skipped: line ${s.bad.slice(0, 10).map((b) => b.line).join(', ')}${s.bad.length > 10 ? ', …' : ''}` : ''})`];
  for (const [name, text] of Object.entries(s.definitions)) out.push(`  ${name}: ${text}`);
  for (const drill of [false, true]) {
    const rows = s.rows.filter((r) => r.drill === drill);
    if (rows.length === 0) continue;
    if (drill) out.push('', '  DRILL TRAFFIC (never mixed into the figures above)');
    for (const r of rows) {
      out.push('', `  ${r.service}  week of ${r.week}: ${r.requests} requests, ${r.escalations} escalated`);
      for (const m of OVERSIGHT_METRICS) out.push(`    ${m.padEnd(21)} ${rate(r.figures[m])}`);
    }
  }
  return `${out.join('\n')}\n`;
}
