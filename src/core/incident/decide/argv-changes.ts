const shown = (s: string | undefined) => (s === undefined ? '(none)' : JSON.stringify(s.length > 60 ? `${s.slice(0, 59)}…` : s));

/** What differs between the argv an approval was given for and the argv that would run now, one line a change; empty when equal. */
export function argvChanges(approved: readonly string[], now: readonly string[]): string[] {
  const changes: string[] = [];
  if (approved.length !== now.length) changes.push(`${approved.length} arguments approved, ${now.length} now`);
  for (let i = 0; i < Math.max(approved.length, now.length); i++) {
    if (approved[i] !== now[i]) changes.push(`argv[${i}] ${shown(approved[i])} → ${shown(now[i])}`);
  }
  return changes;
}
