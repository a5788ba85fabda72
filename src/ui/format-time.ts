/** Elapsed time as H:MM:SS (or D+H:MM:SS past a day). */
export function formatElapsed(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const hms = `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  return d > 0 ? `${d}d+${hms}` : hms;
}

/** HH:MM:SS of an ISO timestamp, in UTC like the log itself. */
export function clockTime(iso: string): string {
  return iso.slice(11, 19);
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
