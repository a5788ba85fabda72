import { readFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { type OversightRow, oversightRows, OVERSIGHT_DEFINITIONS } from '../core/watch/oversight.js';
import { parseTelemetryLine, type TelemetryRecord } from '../core/watch/telemetry.js';

export interface OversightSection {
  file: string;
  records: number;
  bad: { line: number; reason: string }[];
  /** Only this service (report --service), else every one. */
  service: string | null;
  definitions: typeof OVERSIGHT_DEFINITIONS;
  rows: OversightRow[];
}

/** `aiops report --telemetry FILE`: the oversight figures of a JSON Lines telemetry file, bad lines counted by number. */
export async function oversightFromFile(path: string, shownAs: string, service: string | null): Promise<OversightSection> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`${shownAs}: cannot read the telemetry file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const records: TelemetryRecord[] = [];
  const bad: OversightSection['bad'] = [];
  text.split('\n').forEach((l, i) => {
    if (l.trim() === '') return;
    const p = parseTelemetryLine(l);
    if (!p.ok) bad.push({ line: i + 1, reason: p.reason });
    else if (service === null || p.record.service === service) records.push(p.record);
  });
  return { file: shownAs, records: records.length, bad, service, definitions: OVERSIGHT_DEFINITIONS, rows: oversightRows(records) };
}
