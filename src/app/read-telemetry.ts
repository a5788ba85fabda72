import { readFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { type OversightRow, oversightRows, OVERSIGHT_DEFINITIONS } from '../core/watch/oversight.js';
import { parseTelemetryLine, type TelemetryRecord } from '../core/watch/telemetry.js';

export interface OversightSection {
  file: string;
  records: number;
  /** Records of the service left out because their ts is outside the report's window: before its start, or after now. */
  outsideWindow: { before: number; after: number };
  bad: { line: number; reason: string }[];
  /** Only this service (report --service), else every one. */
  service: string | null;
  definitions: typeof OVERSIGHT_DEFINITIONS;
  rows: OversightRow[];
}

/** The report's window: from its start (null: the whole past) to now, ISO times. */
export interface TelemetryWindow {
  from: string | null;
  to: string;
}

/**
 * `aiops report --telemetry FILE`: the oversight figures of a JSON Lines telemetry file over the report's
 * window, bad lines counted by number, records outside the window (the future included) counted and left out.
 */
export async function oversightFromFile(path: string, shownAs: string, service: string | null, window: TelemetryWindow): Promise<OversightSection> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`${shownAs}: cannot read the telemetry file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const records: TelemetryRecord[] = [];
  const bad: OversightSection['bad'] = [];
  const outsideWindow = { before: 0, after: 0 };
  const from = window.from === null ? -Infinity : Date.parse(window.from);
  const to = Date.parse(window.to);
  text.split('\n').forEach((l, i) => {
    if (l.trim() === '') return;
    const p = parseTelemetryLine(l);
    if (!p.ok) bad.push({ line: i + 1, reason: p.reason });
    else if (service !== null && p.record.service !== service) return;
    else if (p.record.at < from) outsideWindow.before += 1;
    else if (p.record.at > to) outsideWindow.after += 1;
    else records.push(p.record);
  });
  return { file: shownAs, records: records.length, outsideWindow, bad, service, definitions: OVERSIGHT_DEFINITIONS, rows: oversightRows(records) };
}
