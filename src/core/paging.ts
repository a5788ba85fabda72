import { SEVERITIES } from './constants.js';
import { parseDuration } from './duration.js';
import { isEnded, type PageAttempt, type PageReason } from './events.js';
import { missingApprovals } from './incident/decide/steps.js';
import type { IncidentState, PageRecord } from './incident/state.js';
import { PAGE_REASONS } from './constants.js';
import type { NotifyConfig } from './schemas/config.js';
import type { RosterFile } from './schemas/roster.js';

/** The paging policy with its defaults filled in. */
export interface PagingPolicy {
  hook: string;
  on: ReadonlySet<PageReason>;
  ackWithinMs: number;
  retryAfterMs: number;
  maxRetryMs: number;
  attempts: number;
}

export const DEFAULT_ACK_WITHIN_MS = 5 * 60_000;
export const DEFAULT_RETRY_AFTER_MS = 30_000;
export const MAX_RETRY_MS = 10 * 60_000;
export const DEFAULT_PAGE_ATTEMPTS = 5;

/** aiops.yaml `notify:` as a policy; null when nothing is paged. */
export function pagingPolicy(notify: NotifyConfig | undefined): PagingPolicy | null {
  if (!notify) return null;
  return {
    hook: notify.hook,
    on: new Set(notify.on ?? PAGE_REASONS),
    ackWithinMs: (notify.ack_within && parseDuration(notify.ack_within)) || DEFAULT_ACK_WITHIN_MS,
    retryAfterMs: (notify.retry_after && parseDuration(notify.retry_after)) || DEFAULT_RETRY_AFTER_MS,
    maxRetryMs: MAX_RETRY_MS,
    attempts: notify.attempts ?? DEFAULT_PAGE_ATTEMPTS,
  };
}

/** Something in the incident that should reach a person: one chain of pages answers it. */
export interface PageNeed {
  key: string;
  reason: PageReason;
  /** The role the need is about: escalation follows its on-call order after the person's own backup. */
  role: string;
  to: string;
  message: string;
}

/** A page to try now: the first try of a new page, a retry, or an escalation. */
export type DuePage = PageAttempt;

const rank = (sev: string) => SEVERITIES.indexOf(sev as (typeof SEVERITIES)[number]);

/** Who holds a role in the incident, else its primary on-call. */
function personFor(state: IncidentState, roster: RosterFile, role: string): string | null {
  return state.roles[role]?.person ?? roster.oncall?.[role]?.[0] ?? null;
}

/** What should reach someone in this incident now (a drill, or a resolved or closed incident, pages nobody). */
export function pageNeeds(state: IncidentState, roster: RosterFile, policy: PagingPolicy): PageNeed[] {
  if (state.drill || state.status === 'resolved' || isEnded(state.status)) return [];
  const needs: PageNeed[] = [];
  const head = `${state.id} ${state.severity} "${state.title}"`;
  const add = (reason: PageReason, key: string, role: string, to: string | null, message: string) => {
    if (to && policy.on.has(reason)) needs.push({ key, reason, role, to, message });
  };
  const commander = personFor(state, roster, 'commander');
  add('opened', 'opened', 'commander', commander, `${head} opened: you are the commander`);
  for (const [role, holder] of Object.entries(state.roles)) {
    // The commander given at the opening is told by the opening page.
    if (role === 'commander' && holder.since === state.openedAt && policy.on.has('opened')) continue;
    add('assigned', `assigned:${role}:${holder.person}:${holder.since}`, role, holder.person, `${head}: you are now ${role}`);
  }
  for (const step of state.steps) {
    if (step.status !== 'pending') continue;
    if (step.requestedAt && !step.denied) {
      for (const role of missingApprovals(step)) {
        add('approval', `approval:${step.id}:${step.requestedAt}:${role}`, role, personFor(state, roster, role), `${head}: step ${step.id} waits for your approval as ${role}`);
      }
    }
    if (step.overdueLogged) add('overdue', `overdue:${step.id}`, step.owner, personFor(state, roster, step.owner), `${head}: step ${step.id} (${step.title}) is overdue`);
  }
  for (const h of state.severityHistory) {
    if (h.from !== null && rank(h.to) < rank(h.from)) add('severity', `severity:${h.ts}`, 'commander', commander, `${head}: severity raised ${h.from} → ${h.to}: ${h.reason}`);
  }
  return needs;
}

/** Who is paged when `person` does not answer: their roster backup, else the next on-call of the role. */
export function backupOf(roster: RosterFile, person: string, role: string): string | null {
  const own = roster.people[person]?.backup;
  if (own) return own;
  const order = roster.oncall?.[role] ?? [];
  const at = order.indexOf(person);
  return at >= 0 ? (order[at + 1] ?? null) : (order[0] !== person ? (order[0] ?? null) : null);
}

/** How long after its `tries`-th failed try a page is tried again: doubling, capped. */
export function retryDelayMs(policy: PagingPolicy, tries: number): number {
  return Math.min(policy.maxRetryMs, policy.retryAfterMs * 2 ** Math.max(0, tries - 1));
}

/**
 * The pages to try at `now`: a need nobody was paged for yet, a failed page whose backoff ran out,
 * and, for a page not acknowledged within ack_within (or that failed every try), a page to the
 * backup. A chain stops at its first ack, and when the need is gone (approved, done, reassigned).
 */
export function duePages(state: IncidentState, roster: RosterFile, policy: PagingPolicy, now: Date): DuePage[] {
  const t = now.getTime();
  const due: DuePage[] = [];
  let next = state.pages.length;
  const contactOf = (p: string) => roster.people[p]?.contact ?? '';
  const fresh = (need: PageNeed, to: string, escalatedFrom: string | null, message: string): DuePage => ({
    page: `P${++next}`, key: need.key, to, contact: contactOf(to), reason: need.reason, message, attempt: 1, escalatedFrom,
  });
  for (const need of pageNeeds(state, roster, policy)) {
    const chain = state.pages.filter((p) => p.key === need.key);
    if (chain.length === 0) {
      due.push(fresh(need, need.to, null, need.message));
      continue;
    }
    if (chain.some((p) => p.acked)) continue;
    const last = chain.at(-1)!;
    const givenUp = !last.sentAt && last.attempts >= policy.attempts;
    if (!last.sentAt && !givenUp) {
      if (t >= Date.parse(last.lastTry) + retryDelayMs(policy, last.attempts)) due.push(retry(last, contactOf(last.to)));
      continue;
    }
    const since = Date.parse(last.sentAt ?? last.lastTry);
    if (!givenUp && t < since + policy.ackWithinMs) continue;
    const backup = backupOf(roster, last.to, need.role);
    if (!backup || chain.some((p) => p.to === backup)) continue;
    const why = last.sentAt ? `not acknowledged by ${last.to} within ${Math.round(policy.ackWithinMs / 1000)}s` : `could not reach ${last.to}`;
    due.push(fresh(need, backup, last.page, `${need.message} (escalated: ${why})`));
  }
  return due;
}

function retry(p: PageRecord, contact: string): DuePage {
  return { page: p.page, key: p.key, to: p.to, contact, reason: p.reason, message: p.message, attempt: p.attempts + 1, escalatedFrom: p.escalatedFrom };
}

/** The pages of the chains `pages` belong to that nobody acknowledged yet: what `aiops ack` stops. */
export function pagesToAck(state: IncidentState, only?: string): string[] {
  const keys = new Set(state.pages.filter((p) => !only || p.page === only).map((p) => p.key));
  const acked = new Set(state.pages.filter((p) => p.acked).map((p) => p.key));
  return state.pages.filter((p) => keys.has(p.key) && !acked.has(p.key)).map((p) => p.page);
}
