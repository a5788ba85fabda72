import { UserError } from '../core/errors.js';
import type { IncidentState } from '../core/incident-state.js';
import { type DuePage, duePages, pagingPolicy } from '../core/paging.js';
import { act, refreshIncident } from './act.js';
import { hookValues } from './fire-hook.js';
import type { Session } from './session.js';

/** One page tried by runPaging: where it went and whether the hook got it through. */
export interface PageTried {
  incident: string;
  page: string;
  to: string;
  attempt: number;
  escalatedFrom: string | null;
  ok: boolean;
  error?: string;
}

/** The hook notify: names, checked once so a typo is an error at start, not a silent page that never goes. */
export function notifyHook(session: Session): string | null {
  const notify = session.project.config.notify;
  if (!notify) return null;
  if (!session.project.config.hooks?.[notify.hook]) {
    throw new UserError(`notify.hook names hook "${notify.hook}", which aiops.yaml does not define`, { hint: 'add it under hooks: (an argv command with {{person.contact}} and {{message}})' });
  }
  return notify.hook;
}

/** Template values of a page: the incident's, plus `{{person.*}}` and `{{message}}`. */
function pageValues(session: Session, state: IncidentState, due: DuePage, now: string) {
  const person = session.project.roster.people[due.to];
  return { ...hookValues(state, null, session.actor, now), person: { id: due.to, name: person?.name ?? due.to, contact: due.contact }, message: due.message, page: { id: due.page, reason: due.reason } };
}

/** Runs notify.hook for one page; a failure is data (it is logged and retried), never thrown. */
async function sendPage(session: Session, state: IncidentState, due: DuePage, now: string): Promise<{ ok: true; exitCode: number | null } | { ok: false; error: string }> {
  const [{ resolveHook, notRunnable }, { runHook }, { redactFully }] = await Promise.all([import('../hooks/resolve-hook.js'), import('../hooks/run-hook.js'), import('../hooks/redact-preset.js')]);
  const name = session.project.config.notify!.hook;
  const redact = session.project.config.redact ?? [];
  if (!due.contact) return { ok: false, error: `${due.to} has no contact in the roster` };
  const hook = resolveHook(name, session.project.config.hooks![name]!, pageValues(session, state, due, now), { root: session.project.root, parentEnv: process.env, drill: false });
  const why = notRunnable(hook);
  if (why) return { ok: false, error: why };
  try {
    const out = await runHook(hook, { redact });
    if (out.simulated) return { ok: false, error: 'the notify hook was simulated' };
    if (out.ok) return { ok: true, exitCode: out.exitCode };
    const detail = out.error ?? (out.timedOut ? 'timed out' : `exit ${out.exitCode ?? out.signal}`);
    const stderr = out.stderr.trim().split('\n').at(-1) ?? '';
    return { ok: false, error: `${detail}${stderr ? `: ${stderr.slice(0, 300)}` : ''}` };
  } catch (err) {
    const error = await redactFully(`could not run the notify hook: ${(err as Error).message}`, redact, hook.secretValues).catch(() => 'could not run the notify hook (the reason could not be redacted)');
    return { ok: false, error };
  }
}

/**
 * One pass of the paging schedule at `now`: over every open incident (not drills), log what became
 * overdue, then send each page due (first tries, retries after their backoff, escalations to
 * backups) through notify.hook, and record each try as page.sent or page.failed.
 */
export async function runPaging(session: Session, now: Date): Promise<PageTried[]> {
  const policy = pagingPolicy(session.project.config.notify);
  if (!policy) return [];
  notifyHook(session);
  const tried: PageTried[] = [];
  const rows = (await session.log.summaries()).filter((r) => !r.drill && (r.status === 'open' || r.status === 'mitigated'));
  for (const row of rows) {
    const state = await refreshIncident(session, row.id);
    for (const due of duePages(state, session.project.roster, policy, now)) {
      const outcome = await sendPage(session, state, due, now.toISOString());
      await act(session, row.id, { kind: 'page', attempt: { ...due, outcome } });
      tried.push({ incident: row.id, page: due.page, to: due.to, attempt: due.attempt, escalatedFrom: due.escalatedFrom, ok: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error }) });
    }
  }
  return tried;
}

/** runPaging as an `aiops serve` task: each page tried is a line of the serve log. */
export function pagingTask(session: Session, log: (line: string) => void): (now: Date) => Promise<void> {
  return async (now) => {
    for (const t of await runPaging(session, now)) {
      const via = t.escalatedFrom ? ` (escalated from ${t.escalatedFrom})` : '';
      log(`${now.toISOString()} ${t.incident}: page ${t.page} to ${t.to}${via} try ${t.attempt} ${t.ok ? 'sent' : `failed: ${t.error}`}`);
    }
  };
}
