/** Report weeks: Monday-based UTC weeks, at most two years of rows. */
export interface WeekRow {
  week: string;
  opened: number;
  escalations: number;
}

const DAY_MS = 86_400_000;

/** The Monday (UTC) of the week an instant falls in, as YYYY-MM-DD. */
export function weekStart(iso: string): string {
  const t = Date.parse(iso);
  const day = Math.floor(t / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

const MAX_WEEKS = 104;

export function weekRows(fromIso: string, toIso: string): WeekRow[] {
  const rows: WeekRow[] = [];
  const last = Date.parse(`${weekStart(toIso)}T00:00:00.000Z`);
  let t = Date.parse(`${weekStart(fromIso)}T00:00:00.000Z`);
  if (last - t > MAX_WEEKS * 7 * DAY_MS) t = last - (MAX_WEEKS - 1) * 7 * DAY_MS;
  for (; t <= last; t += 7 * DAY_MS) rows.push({ week: new Date(t).toISOString().slice(0, 10), opened: 0, escalations: 0 });
  return rows;
}
