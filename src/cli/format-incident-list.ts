import { formatShortDuration } from '../core/duration.js';
import { isEnded } from '../core/events.js';
import { overdueCount, type IncidentSummary } from '../core/incident/summary-row.js';
import { terminalLine } from '../core/terminal-text.js';
import { textWidth, truncate } from '../ui/fit-line.js';

/** What a listed incident needs from someone now: steps past due, approvals waited on; a drill says so. */
export function listFlags(r: IncidentSummary, now: Date): string[] {
  const flags: string[] = [];
  if (!isEnded(r.status)) {
    const late = overdueCount(r, now.getTime());
    if (late > 0) flags.push(`OVERDUE ${late} step${late === 1 ? '' : 's'}`);
    const waiting = Object.keys(r.awaiting ?? {});
    if (waiting.length > 0) flags.push(`AWAITING APPROVAL ${waiting.join(', ')}`);
  }
  if (r.drill) flags.push(r.drillEnded ? 'DRILL ENDED' : 'DRILL');
  return flags;
}

/** `incident list` as text: a header row, then one row an incident with its age, commander and flags. */
export function formatIncidentList(rows: readonly IncidentSummary[], now: Date, at: (iso: string) => string): string {
  // Cells are made terminal-safe before they are measured, so a control shown as ␛ or <U+202E>
  // takes the columns it is shown in.
  const table = rows.map((r) => [
    r.id,
    r.severity,
    r.status,
    formatShortDuration(Math.max(0, now.getTime() - Date.parse(r.openedAt))),
    at(r.openedAt),
    r.commander ?? '-',
    r.service,
    r.title,
    listFlags(r, now).join('; '),
  ].map(terminalLine));
  const header = ['ID', 'SEV', 'STATUS', 'AGE', 'OPENED', 'COMMANDER', 'SERVICE', 'TITLE', 'FLAGS'];
  // Free text (commander, service, title) is padded up to a cap and cut there with …, so one long
  // title neither widens every row nor fills the screen; `show ID` and --json have it whole.
  // Widths are terminal columns (a wide character takes two), as truncate measures them.
  const widths = header.map((h, i) => Math.min(i >= 5 ? 40 : 60, Math.max(h.length, ...table.map((row) => textWidth(row[i]!)))));
  const fit = (c: string, i: number) => (i >= 5 && i < header.length - 1 && textWidth(c) > widths[i]! ? truncate(c, widths[i]!) : c);
  const pad = (c: string, width: number) => c + ' '.repeat(Math.max(0, width - textWidth(c)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(fit(c, i), widths[i]!))).join('  ').trimEnd();
  return [line(header), ...table.map(line)].join('\n');
}
